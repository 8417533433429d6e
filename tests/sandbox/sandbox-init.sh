#!/bin/sh
# Becomes PID 1 of a fresh pid+mount+uts+ipc namespace (started by unshare,
# see sandbox.py), builds a private root and execs systemd in it.
#
# The new root is composed at $PGM_SB_WORK/root *without ever mounting over a
# host path*: every host path stays reachable while it is being bound in, and
# pivot_root drops the host tree at the very end. So the work dir and the bind
# sources may live anywhere on the host, /tmp and /run included.
#
# Configuration comes from the environment (set by sandbox.py):
#   PGM_SB_WORK        host work dir: root/ (mount point), scratch/,
#                      harness-units/, binds (tab separated: src dst ro|rw)
#   PGM_SB_CGROUP_FD   open fd (write) on cgroup.procs of this sandbox's own
#                      cgroup; an fd because a wrapper such as `ip netns exec`
#                      may have remounted /sys, hiding the host's path
#   PGM_SB_HOSTNAME    hostname inside
#   PGM_SB_MACHINE_ID  32 hex digits for /etc/machine-id inside
#   PGM_SB_OWN_NETNS   "1" when started inside a network namespace of its own
#   PGM_SB_ROOT        optional: a directory to use as the sandbox's / instead
#                      of the host's root; it must be a writable overlay or
#                      tmpfs of the caller's (a throwaway root, see README.md).
#                      It stays writable and is used as it is: no /etc or /var
#                      overlays, the test's units and policies are not bound.
#
# Any failing step aborts before systemd starts (set -e): a systemd that saw
# the host's /tmp or /run would empty them.
set -eu

die() {
    echo "sandbox-init: $*" >&2
    exit 1
}

if [ "${1:-}" != "--stage2" ]; then
    # Stage 1: enter our own cgroup first, so that the cgroup namespace made
    # next is rooted there. systemd inside then owns that subtree only and two
    # sandboxes never fight over /system.slice.
    case "$PGM_SB_CGROUP_FD" in
        *[!0-9]* | "") die "PGM_SB_CGROUP_FD must be a file descriptor number" ;;
    esac
    echo 0 >"/proc/self/fd/$PGM_SB_CGROUP_FD"
    eval "exec $PGM_SB_CGROUP_FD>&-"
    exec unshare --cgroup -- /bin/sh "$0" --stage2
fi

W=$PGM_SB_WORK
R=$W/root
TAB=$(printf '\t')

# Refuse to write into anything that is not one of our private file systems.
assert_private() {
    fstype=$(findmnt -n -o FSTYPE --target "$1")
    case "$fstype" in
        tmpfs | overlay) ;;
        *) die "$1 is on $fstype, not on a private file system" ;;
    esac
}

# Creates the mount point for a bind. Missing path components are created only
# on a private file system, never on the host. (sh has no local variables,
# hence the mp_ prefix.)
make_mount_point() {
    mp_path=$R$1
    [ -e "$mp_path" ] && return 0
    mp_existing=$(dirname "$mp_path")
    while [ ! -e "$mp_existing" ]; do mp_existing=$(dirname "$mp_existing"); done
    assert_private "$mp_existing"
    mkdir -p "$(dirname "$mp_path")"
    if [ "$2" = dir ]; then mkdir "$mp_path"; else : >"$mp_path"; fi
}

mount --make-rprivate /
ROOT=${PGM_SB_ROOT:-}
if [ -n "$ROOT" ]; then
    # A throwaway root of the caller's: everything written inside lands in
    # it, never on the host (checked before it is bound).
    [ "$ROOT" != / ] || die "PGM_SB_ROOT must not be the host's root"
    assert_private "$ROOT"
    mountpoint -q "$ROOT" || die "PGM_SB_ROOT $ROOT is not a mount point (an overlay or tmpfs)"
    mount --rbind "$ROOT" "$R"
    # The root's /sys is a plain directory; the host's is bound there and
    # made read-only below like in the default layout.
    mountpoint -q "$R/sys" || mount --rbind /sys "$R/sys"
else
    mount --rbind / "$R"

    # /etc and /var: copy-on-write views of the host's, so systemd, dbus and
    # tests may write there (users, /var/lib/<unit>) without touching the host.
    mount -t tmpfs -o mode=0700 pgm-sandbox-scratch "$W/scratch"
    for d in etc var; do
        mkdir "$W/scratch/$d.upper" "$W/scratch/$d.work"
        mount -t overlay -o "lowerdir=/$d,upperdir=$W/scratch/$d.upper,workdir=$W/scratch/$d.work" \
            "pgm-sandbox-$d" "$R/$d"
    done
    # The overlays keep their upper layers alive; the path itself must not leak.
    umount -l "$W/scratch"
fi

mount -t tmpfs -o mode=0755,nosuid,nodev pgm-sandbox-run "$R/run"
mount -t tmpfs -o mode=1777,nosuid,nodev pgm-sandbox-tmp "$R/tmp"
mount -t tmpfs -o mode=1777,nosuid,nodev pgm-sandbox-var-tmp "$R/var/tmp"
mount -t tmpfs -o mode=0755,nosuid,nodev pgm-sandbox-var-log "$R/var/log"
for p in /etc /var /run /tmp /var/tmp /var/log; do assert_private "$R$p"; done

# Private /dev: the host's devtmpfs is shared, so static device nodes, /dev/shm
# files or console output from inside would otherwise land on the host.
while mountpoint -q "$R/dev"; do umount -R "$R/dev"; done
mount -t tmpfs -o mode=0755,nosuid pgm-sandbox-dev "$R/dev"
mknod -m 0666 "$R/dev/null" c 1 3
mknod -m 0666 "$R/dev/zero" c 1 5
mknod -m 0666 "$R/dev/full" c 1 7
mknod -m 0666 "$R/dev/random" c 1 8
mknod -m 0666 "$R/dev/urandom" c 1 9
mknod -m 0666 "$R/dev/tty" c 5 0
# systemd writes status text to the console; the host console is not ours.
mknod -m 0600 "$R/dev/console" c 1 3
mkdir -m 0755 "$R/dev/pts"
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$R/dev/pts"
ln -s pts/ptmx "$R/dev/ptmx"
mkdir -m 1777 "$R/dev/shm"
mount -t tmpfs -o mode=1777,nosuid,nodev pgm-sandbox-shm "$R/dev/shm"
ln -s /proc/self/fd "$R/dev/fd"
ln -s /proc/self/fd/0 "$R/dev/stdin"
ln -s /proc/self/fd/1 "$R/dev/stdout"
ln -s /proc/self/fd/2 "$R/dev/stderr"

# The rbind brought the host's /proc too, stacked below the one of our PID
# namespace; neither is needed, a fresh one replaces both.
while mountpoint -q "$R/proc"; do umount -R "$R/proc"; done
mount -t proc -o nosuid,nodev,noexec proc "$R/proc"

# Kernel-wide knobs stay out of reach: systemd-sysctl and binfmt_misc would
# otherwise change the host's settings (they skip a read-only /proc/sys).
mount --bind "$R/proc/sys" "$R/proc/sys"
mount -o remount,bind,ro "$R/proc/sys"
if [ "${PGM_SB_OWN_NETNS:-0}" = 1 ]; then
    # Network sysctls are per network namespace: ours to change.
    mount --bind "$R/proc/sys/net" "$R/proc/sys/net"
    mount -o remount,bind,rw "$R/proc/sys/net"
fi
if [ -e "$R/proc/sysrq-trigger" ]; then
    mount --bind "$R/proc/sysrq-trigger" "$R/proc/sysrq-trigger"
    mount -o remount,bind,ro "$R/proc/sysrq-trigger"
fi

# /sys read-only, with a cgroup2 mount that shows our cgroup namespace: its
# root is the sandbox cgroup made in stage 1, not the host's root.
mount -o remount,bind,ro "$R/sys"
if mountpoint -q "$R/sys/fs/cgroup"; then umount -R "$R/sys/fs/cgroup"; fi
mount -t cgroup2 -o nsdelegate,nosuid,nodev,noexec cgroup2 "$R/sys/fs/cgroup"

# Files are removed before they are written: an absolute symlink in the host's
# /etc would otherwise be followed to the host's file (pivot_root has not
# happened yet). Removing in the overlay only hides the host's copy.
replace_file() {
    rm -f "$1"
    printf '%s\n' "$2" >"$1"
}

# Identity. Written into the /etc overlay rather than bound: a bound
# /etc/machine-id makes systemd-machine-id-commit try (and fail) to commit it.
replace_file "$R/etc/hostname" "$PGM_SB_HOSTNAME"
replace_file "$R/etc/machine-id" "$PGM_SB_MACHINE_ID"
if [ -d "$R/var/lib/dbus" ] && [ ! -L "$R/var/lib/dbus" ]; then
    rm -f "$R/var/lib/dbus/machine-id"
    ln -s /etc/machine-id "$R/var/lib/dbus/machine-id"
fi
# The host's fstab/crypttab describe the host's disks and swap; generators
# would turn them into units that mount or swapon them from inside.
replace_file "$R/etc/fstab" "# pgm-sandbox: no file systems of its own"
rm -f "$R/etc/crypttab" "$R/etc/integritytab" "$R/etc/veritytab"

# Harness units (pgm-sandbox.target, masks) sit below /etc/systemd/system in
# priority, so a test may override them with units of its own.
mkdir -p "$R/run/systemd/system"
cp -R "$W/harness-units/." "$R/run/systemd/system/"

while IFS=$TAB read -r src dst mode; do
    [ -n "$src" ] || continue
    if [ -d "$src" ]; then kind="dir"; else kind="file"; fi
    make_mount_point "$dst" "$kind"
    mount --bind "$src" "$R$dst"
    if [ "$mode" = ro ]; then mount -o remount,bind,ro "$R$dst"; fi
done <"$W/binds"

# Everything not made private above is the host's: read-only. A throwaway
# root stays writable (packages are installed into it from inside).
if [ -z "$ROOT" ]; then
    mount -o remount,bind,ro "$R"
fi

cd "$R"
pivot_root . .
umount -l .
cd /

hostname "$PGM_SB_HOSTNAME"
# Capabilities dropped from the bounding set: loading kernel modules, raw I/O
# (kernel debug mounts, /dev/mem) and setting the clock all act on the host.
exec env -i container=pgm-sandbox \
    /usr/bin/setpriv --bounding-set=-sys_module,-sys_rawio,-sys_time \
    /usr/lib/systemd/systemd --system --unit=pgm-sandbox.target
