#!/usr/bin/env python3
"""The packages installed for real, on a throwaway root, never on the host.

1. Packages: built from this source tree by packaging/build --worktree (about
   ten minutes on two cores: the debs, lintian, the rpms, rpmlint), or taken
   from $PGMD_PACKAGES_DIR when it names the output directory of such a build
   (`packaging/build --worktree DIR`; it must be built from this tree).
2. packaging/rpm/check-scriptlets catches a scriptlet with an unexpanded
   macro (a tiny rpm built without the systemd macros), and passes the real
   ones; packaging/compare-deb-rpm finds the same files and scriptlet actions
   in the debs and the rpms.
3. deb: an overlay of the host's root (upper layer on a tmpfs in a temporary
   directory) in a private mount namespace; the sandboxed systemd boots on it
   and `dpkg -i` runs inside, as on a running machine. Then: pgmd.service
   enabled and running from the installed files; the files where they
   belong; pgmctl lists the example groups; an unprivileged user reads over
   D-Bus but is refused changes until added to pgmd-admin; an upgrade to the
   same packages with a higher version restarts pgmd, which re-adopts the
   groups (member PIDs unchanged); removal stops pgmd and leaves the members
   running; purge removes /var/lib/pgmd and leaves the operator's unit.
4. rpm: `rpm --root` installs into another throwaway root (scriptlets run
   chrooted with its /bin/sh), then the sandbox boots on it: pgmd enabled by
   its preset and running, the example groups listed, the same access check;
   `rpm -U` to the same rpms with a higher release restarts pgmd, which
   re-adopts the groups; `rpm -e` stops pgmd, leaves the members and the
   operator's unit, and removes /var/lib/pgmd (rpm has no purge).
   The higher versions are the built packages repacked (dpkg-deb -R/-b; the
   rpm's payload, file list and scriptlets in a generated spec), not a
   second compilation: the maintainer scripts under test are the same.
5. The host is unchanged: no file of the packages on it, the same
   /etc/passwd, group, shadow and gshadow, no package of ours in its dpkg
   database, no mount left in its namespace.

Needs root, a bootable sandbox (tests/sandbox) and overlayfs; exits 77
(skipped) with the reason otherwise.
"""

import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from sandbox import Sandbox, SandboxError, require_sandbox, wait_for
from sandbox_throwaway import ThrowawayRoot, enter_private_mount_namespace

TOP = Path(__file__).resolve().parents[2]
INSIDE = "/var/cache/pgmd-test-packages"
DEB_PACKAGES = ["pgmd", "pgm-icd", "libpgmd-client0", "libpgmd-client-dev"]
RPM_PACKAGES = ["pgmd", "pgm-icd", "libpgmd-client0", "libpgmd-client-devel"]
EXAMPLE_GROUPS = ["example-broker", "example-web"]
OPERATOR_UNIT = "operator-app.service"
OPERATOR_UNIT_TEXT = "[Unit]\nDescription=An operator's own service\n\n[Service]\nExecStart=/bin/sleep infinity\n"
OPERATOR_GROUP_TEXT = "[Group]\nDescription=The operator's group\nLayer=application\nUnits=operator-app.service\n"
TEST_USER = "pgmdtest"
AS_USER = ["setpriv", f"--reuid={TEST_USER}", f"--regid={TEST_USER}", "--init-groups"]
MANAGER = ["org.pgmd1", "/org/pgmd1", "org.pgmd1.Manager"]
# Debian's rpm keeps its database in ~/.rpmdb; a system's is here.
RPM_DB = "/var/lib/rpm"
HOST_IDENTITY_FILES = ["/etc/passwd", "/etc/group", "/etc/shadow", "/etc/gshadow"]
T0 = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - T0:7.1f}s] {message}", flush=True)


def skip(reason: str) -> None:
    print(f"SKIP: {reason}", flush=True)
    sys.exit(77)


def check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


def _terminate(signum, frame):
    # meson's timeout sends SIGTERM: unwind, so that sandboxes stop and the
    # throwaway roots are unmounted and removed.
    raise KeyboardInterrupt(f"signal {signum}")


# -- preflight and the host ----------------------------------------------------

def preflight() -> None:
    if os.geteuid() != 0:
        skip("needs root (mount namespaces, overlayfs, a sandboxed systemd)")
    require_sandbox()
    for tool in ("dpkg-deb", "rpm", "rpmbuild", "setpriv", "git"):
        if shutil.which(tool) is None:
            skip(f"{tool} is not installed (packaging/install-build-deps installs the packaging tools)")
    if "overlay" not in Path("/proc/filesystems").read_text() and \
            subprocess.run(["modprobe", "overlay"], capture_output=True).returncode != 0:
        skip("no overlayfs in this kernel")
    for package in DEB_PACKAGES:
        status = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package],
                                capture_output=True, text=True).stdout
        if "installed" in status and "not-installed" not in status:
            skip(f"{package} is installed on this host: the test compares the host before "
                 "and after and needs a host without pgmd's packages")


def package_paths(debs: list[Path], rpms: list[Path]) -> set[str]:
    """Every non-directory path the packages install, on this host's layout."""
    paths = set()
    for deb in debs:
        for line in run(["dpkg-deb", "-c", str(deb)]).stdout.splitlines():
            if line.startswith("d"):
                continue
            name = line.split(None, 5)[5].split(" -> ")[0]
            paths.add("/" + name.lstrip("./"))
    for rpm in rpms:
        for line in run(["rpm", "-qp", "--qf", "[%{FILEMODES:perms} %{FILENAMES}\n]", str(rpm)]).stdout.splitlines():
            perms, name = line.split(" ", 1)
            if not perms.startswith("d"):
                paths.add(name)
    return paths | {"/var/lib/pgmd", "/var/lib/pgm-icd", "/etc/pgmd/pgmd.conf"}


def host_state(paths: set[str]) -> dict:
    dpkg = {}
    for package in DEB_PACKAGES:
        dpkg[package] = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package],
                                       capture_output=True, text=True).stdout
    return {
        "identity": {f: hashlib.sha256(Path(f).read_bytes()).hexdigest()
                     for f in HOST_IDENTITY_FILES if Path(f).exists()},
        "present": sorted(p for p in paths if os.path.lexists(p)),
        "dpkg": dpkg,
        "pgmd-admin": subprocess.run(["getent", "group", "pgmd-admin"],
                                     capture_output=True).returncode == 0,
    }


def host_mounts_of_ours() -> list[str] | None:
    """Mounts of throwaway roots seen in the host's mount namespace (that of
    our parent, which did not unshare); None when it cannot be read."""
    try:
        text = Path(f"/proc/{os.getppid()}/mountinfo").read_text()
    except OSError:
        return None
    return [line for line in text.splitlines() if "pgm-throwaway" in line]


# -- packages --------------------------------------------------------------------

def packages_dir(scratch: Path) -> Path:
    prebuilt = os.environ.get("PGMD_PACKAGES_DIR")
    if prebuilt:
        log(f"packages: prebuilt in {prebuilt} (PGMD_PACKAGES_DIR)")
        return Path(prebuilt)
    out = scratch / "packages"
    build_log = scratch / "build.log"
    log(f"packages: packaging/build --worktree {out} (log: {build_log})")
    with open(build_log, "w") as output:
        # At the lowest priority: the other tests run meanwhile and time
        # pgmd's reactions; a compiler at full priority would slow them.
        result = subprocess.run(["nice", "-n", "19", str(TOP / "packaging" / "build"),
                                 "--worktree", str(out)],
                                stdout=output, stderr=subprocess.STDOUT, cwd=TOP)
    tail = "\n".join(build_log.read_text(errors="replace").splitlines()[-60:])
    check(result.returncode == 0, f"packaging/build failed ({result.returncode}):\n{tail}")
    for line in tail.splitlines():
        if re.search(r"check-scriptlets|rpmlint|lintian|packages checked|errors.*warnings", line):
            print("  " + line)
    log("packages built")
    return out


def one(directory: Path, pattern: str, rpm_name: str | None = None) -> Path:
    found = sorted(directory.glob(pattern))
    if rpm_name is not None:
        found = [f for f in found if run(["rpm", "-qp", "--qf", "%{NAME}", str(f)]).stdout == rpm_name]
    check(len(found) == 1, f"expected one {pattern} in {directory}, found {[f.name for f in found]}")
    return found[0]


def repack_deb(deb: Path, out_dir: Path, suffix: str) -> Path:
    """The same package with a higher version (VERSION+SUFFIX): what an upgrade
    installs, without compiling everything a second time. Exact-version
    dependencies between our packages follow the new version."""
    work = Path(tempfile.mkdtemp(dir=out_dir))
    try:
        tree = work / "tree"
        run(["dpkg-deb", "-R", str(deb), str(tree)])
        control_file = tree / "DEBIAN" / "control"
        control = control_file.read_text()
        old = re.search(r"^Version: (.+)$", control, re.M).group(1)
        new = old + suffix
        control = re.sub(r"^Version: .+$", f"Version: {new}", control, flags=re.M)
        control = control.replace(f"(= {old})", f"(= {new})")
        control_file.write_text(control)
        package = re.search(r"^Package: (.+)$", control, re.M).group(1)
        arch = re.search(r"^Architecture: (.+)$", control, re.M).group(1)
        target = out_dir / f"{package}_{new}_{arch}.deb"
        run(["dpkg-deb", "--build", "--root-owner-group", str(tree), str(target)])
        return target
    finally:
        shutil.rmtree(work)


SCRIPTLETS = [("PREIN", "pre"), ("POSTIN", "post"), ("PREUN", "preun"), ("POSTUN", "postun")]


def repack_rpm(rpm: Path, out_dir: Path, suffix: str) -> Path:
    """The same rpm with release RELEASE+SUFFIX: its payload, file list,
    configuration flags and scriptlets (as built, macros expanded) in a
    generated spec; rpm has no dpkg-deb -R/-b, and compiling again would
    double the test's time."""
    query = "%{NAME}\n%{VERSION}\n%{RELEASE}\n%{ARCH}\n%{LICENSE}\n%{SUMMARY}"
    name, version, release, arch, license_, summary = \
        run(["rpm", "-qp", "--qf", query, str(rpm)]).stdout.split("\n")
    work = Path(tempfile.mkdtemp(dir=out_dir))
    try:
        payload = work / "payload"
        payload.mkdir()
        subprocess.run(f"rpm2cpio '{rpm}' | cpio -idm --quiet", shell=True, check=True, cwd=payload)
        files = []
        fmt = "[%{FILENAMES}\t%{FILEMODES:perms}\t%{FILEFLAGS:fflags}\n]"
        for line in run(["rpm", "-qp", "--qf", fmt, str(rpm)]).stdout.splitlines():
            path, perms, flags = line.split("\t")
            prefix = "%dir " if perms.startswith("d") else ""
            if "c" in flags:
                prefix += "%config(noreplace) " if "n" in flags else "%config "
            files.append(prefix + path)
        sections = []
        for tag, section in SCRIPTLETS:
            program = run(["rpm", "-qp", "--qf", f"%{{{tag}PROG}}", str(rpm)]).stdout.strip()
            body = run(["rpm", "-qp", "--qf", f"%{{{tag}}}", str(rpm)]).stdout
            if program in ("", "(none)"):
                continue
            if program == "/bin/sh":
                sections.append(f"%{section}\n{body}\n")
            else:
                sections.append(f"%{section} -p {program}\n")
        spec = work / f"{name}.spec"
        spec.write_text(
            f"Name: {name}\nVersion: {version}\nRelease: {release}{suffix}\nSummary: {summary}\n"
            f"License: {license_}\nAutoReqProv: no\n%description\n{summary}\n"
            f"%install\ncp -a {payload}/. %{{buildroot}}/\n"
            + "".join(sections) + "%files\n" + "\n".join(files) + "\n")
        run(["rpmbuild", "--define", f"_topdir {work / 'top'}", "--define", "_build_id_links none",
             "--define", "__os_install_post %{nil}", "--define", "debug_package %{nil}",
             "--target", arch, "-bb", str(spec)])
        built = one(work / "top" / "RPMS" / arch, f"{name}-*.rpm")
        target = out_dir / built.name
        shutil.move(built, target)
        return target
    finally:
        shutil.rmtree(work)


# -- the scriptlet check and the comparison --------------------------------------

TINY_SPEC = """Name: pgmd-scriptlet-probe
Version: 1
Release: 1
Summary: probe
License: MIT
BuildArch: noarch
%description
probe
%post
%systemd_post pgmd-scriptlet-probe.service
%files
"""


def check_scriptlet_check(scratch: Path, rpms: list[Path]) -> None:
    """check-scriptlets must fail on a scriptlet with an unexpanded macro
    (an rpm built without the systemd macros) and pass the real rpms."""
    top = scratch / "probe"
    spec = scratch / "probe.spec"
    spec.write_text(TINY_SPEC)
    args = ["rpmbuild", "--define", f"_topdir {top}", "-bb", str(spec)]
    if run(["rpm", "--eval", "%{?systemd_post:1}"]).stdout.strip():
        # Where the macros exist, make them unknown for this one build.
        args[1:1] = ["--undefine", "systemd_post"]
    run(args)
    probe = list(top.glob("RPMS/*/*.rpm"))
    script = str(TOP / "packaging" / "rpm" / "check-scriptlets")
    bad = subprocess.run([script, *map(str, probe)], capture_output=True, text=True)
    check(bad.returncode != 0 and "%systemd_post" in bad.stderr,
          f"check-scriptlets passed an rpm whose %post holds a literal macro:\n{bad.stdout}{bad.stderr}")
    good = subprocess.run([script, *map(str, rpms)], capture_output=True, text=True)
    check(good.returncode == 0, f"check-scriptlets refused the built rpms:\n{good.stdout}{good.stderr}")
    log("check-scriptlets: refuses a literal %systemd_post, passes the built rpms")


def compare(packages: Path) -> None:
    result = subprocess.run([str(TOP / "packaging" / "compare-deb-rpm"), str(packages)],
                            capture_output=True, text=True)
    print(result.stdout, end="")
    check(result.returncode == 0, f"compare-deb-rpm:\n{result.stderr}")
    log("compare-deb-rpm: the same files and scriptlet actions")


# -- inside a sandbox ------------------------------------------------------------

def out(sb: Sandbox, args: list[str], **kwargs) -> str:
    return sb.run(args, **kwargs).stdout.strip()


def member_pids(sb: Sandbox, units: list[str]) -> dict[str, int]:
    return {unit: sb.main_pid(unit) for unit in units}


def example_member_units(sb: Sandbox) -> list[str]:
    text = out(sb, ["systemctl", "list-units", "--plain", "--no-legend", "--full", "--all",
                    "pgm-example-*.service"])
    return sorted(line.split()[0] for line in text.splitlines() if line.strip())


def group_states(listing: str) -> dict[str, str]:
    """GROUP -> STATE from `pgmctl list` (columns GROUP LAYER STATE ...)."""
    states = {}
    for line in listing.splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 3:
            states[fields[0]] = fields[2]
    return states


def wait_groups_running(sb: Sandbox, groups: list[str], timeout: float = 60) -> str:
    """Waits until pgmctl list shows every group active and each member
    unit runs."""
    last = {"list": ""}

    def ready():
        result = sb.run(["pgmctl", "list"], check=False)
        last["list"] = result.stdout + result.stderr
        states = group_states(result.stdout)
        if result.returncode != 0 or any(states.get(g) != "active" for g in [*groups, "operator"]):
            return False
        units = example_member_units(sb)
        if len(units) < 2:
            return False
        return all(sb.unit_property(u, "ActiveState") == "active" for u in units + [OPERATOR_UNIT])

    try:
        wait_for(ready, timeout, f"groups {groups} listed by pgmctl and running")
    except SandboxError as error:
        raise AssertionError(f"{error}\npgmctl list:\n{last['list']}\n"
                             f"journal:\n{sb.journal('pgmd.service')[-3000:]}") from None
    return last["list"]


def install_examples(sb: Sandbox, examples: str) -> None:
    for sub in ("groups.d", "resources.d"):
        sb.run(["cp", "-r", f"{examples}/{sub}/.", f"/etc/pgmd/{sub}/"])
    sb.write_file("/etc/pgmd/groups.d/operator.group", OPERATOR_GROUP_TEXT)
    sb.run(["pgmctl", "reload"])


def smoke_test(sb: Sandbox) -> tuple[dict[str, int], int]:
    """The installed package's smoke test, the same for deb and rpm: the
    example groups run, access is as the policy says. Returns the members'
    PIDs and pgmd's, for the upgrade to compare."""
    install_examples(sb, "/usr/share/doc/pgmd/examples")
    listing = wait_groups_running(sb, EXAMPLE_GROUPS)
    print("  pgmctl list:\n" + "\n".join("    " + l for l in listing.splitlines()))
    check_access(sb)
    units = [*example_member_units(sb), OPERATOR_UNIT]
    return member_pids(sb, units), sb.main_pid("pgmd.service")


def check_policy_rules(sb: Sandbox, path: str) -> None:
    """Every rule of an installed bus policy names its destination (or is an
    own rule): a rule without send_destination would apply to every service
    on the bus."""
    root = ElementTree.fromstring(sb.read_file(path))
    for rule in root.iter():
        if rule.tag in ("allow", "deny"):
            check("send_destination" in rule.attrib or "own" in rule.attrib,
                  f"{path}: rule without send_destination: {rule.attrib}")


def check_running_from_package(sb: Sandbox, owner_query: list[str], enabled_by: str) -> int:
    """pgmd.service enabled and active, its unit file and its binary from the
    package (the host has neither: checked before), not from a build tree."""
    enabled = out(sb, ["systemctl", "is-enabled", "pgmd.service"], check=False)
    check(enabled == "enabled", f"pgmd.service is {enabled!r}, not enabled ({enabled_by})")
    sb.wait_for_unit_state("pgmd.service", "active", timeout=60)
    fragment = sb.unit_property("pgmd.service", "FragmentPath")
    pid = sb.main_pid("pgmd.service")
    exe = out(sb, ["readlink", f"/proc/{pid}/exe"])
    check(exe == "/usr/sbin/pgmd", f"pgmd runs {exe}, not /usr/sbin/pgmd")
    for path in (fragment, exe):
        # /lib is a symlink to usr/lib: the package database may know either.
        candidates = [path, out(sb, ["realpath", path])]
        owners = [out(sb, [*owner_query, c], check=False) for c in candidates]
        check(any(o.startswith("pgmd") for o in owners),
              f"{path} is not pgmd's package's file: {owners!r}")
    log(f"pgmd.service enabled ({enabled_by}), running {exe} (pid {pid}) from {fragment}")
    return pid


def check_installed_files(sb: Sandbox, paths: list[str], pkg_config_path: str = "") -> None:
    missing = [p for p in paths
               if sb.run(["test", "-e", p], check=False).returncode != 0]
    check(not missing, f"not installed: {missing}")
    check(sb.run(["getent", "group", "pgmd-admin"], check=False).returncode == 0,
          "no group pgmd-admin")
    check_policy_rules(sb, "/usr/share/dbus-1/system.d/org.pgmd1.conf")
    check_policy_rules(sb, "/usr/share/dbus-1/system.d/org.pgmd1.Icd.conf")
    # The rpm's pgmd-client.pc is in /usr/lib64/pkgconfig, where an rpm
    # distribution's pkg-config looks and Debian's does not.
    version = out(sb, ["pkg-config", "--modversion", "pgmd-client"],
                  env={"PKG_CONFIG_PATH": pkg_config_path} if pkg_config_path else None)
    check(re.fullmatch(r"\d+\.\d+\.\d+", version) is not None, f"pkg-config pgmd-client: {version!r}")
    for section, page in (("5", "pgmd.conf"), ("8", "pgmd"), ("1", "pgmctl"), ("8", "pgm-icd")):
        manual = out(sb, ["man", "-w", section, page], check=False)
        check(manual.startswith(f"/usr/share/man/man{section}/{page}.{section}.gz"),
              f"man -w {section} {page}: {manual!r}")
    enabled = out(sb, ["systemctl", "is-enabled", "pgm-icd.service"], check=False)
    check(enabled == "enabled", f"pgm-icd.service is {enabled!r}, not enabled")
    log(f"installed: {len(paths)} paths, group pgmd-admin, bus policies with send_destination, "
        f"pkg-config pgmd-client {version}, man pages, pgm-icd.service enabled")


def check_access(sb: Sandbox) -> None:
    """An unprivileged user reads but may not change; in pgmd-admin it may."""
    sb.run(["useradd", "--no-create-home", "--shell", "/bin/sh", TEST_USER])
    reads = sb.run([*AS_USER, "busctl", "--system", "call", *MANAGER, "ListGroups"], check=False)
    check(reads.returncode == 0 and "example-web" in reads.stdout,
          f"an unprivileged user cannot read: {reads.stdout}{reads.stderr}")
    refused = sb.run([*AS_USER, "busctl", "--system", "call", *MANAGER, "Reload"], check=False)
    check(refused.returncode != 0 and "denied" in refused.stderr.lower(),
          f"an unprivileged user's Reload was not refused: {refused.returncode} {refused.stderr}")
    sb.run(["usermod", "-a", "-G", "pgmd-admin", TEST_USER])
    allowed = sb.run([*AS_USER, "busctl", "--system", "call", *MANAGER, "Reload"], check=False)
    check(allowed.returncode == 0,
          f"a member of pgmd-admin may not Reload: {allowed.returncode} {allowed.stderr}")
    log("access: a user reads and is refused Reload; in pgmd-admin, Reload is accepted")


def check_adopted(sb: Sandbox, before_pid: int, members: dict[str, int], what: str) -> int:
    """pgmd restarted (a new pid) and re-adopted the groups: members keep
    their processes, and the new pgmd says it adopted each group."""
    wait_for(lambda: sb.unit_property("pgmd.service", "ActiveState") == "active"
             and sb.main_pid("pgmd.service") not in (0, before_pid), 60,
             f"a new pgmd after the {what}")
    pid = sb.main_pid("pgmd.service")
    after = member_pids(sb, list(members))
    check(after == members, f"members changed across the {what}: {members} -> {after}")

    def adopted():
        text = out(sb, ["journalctl", "--no-pager", "-o", "cat", f"_PID={pid}"], check=False)
        return all(f"group {g} adopted" in text for g in [*EXAMPLE_GROUPS, "operator"])

    wait_for(adopted, 30, f"the new pgmd ({pid}) to adopt every group")
    wait_groups_running(sb, EXAMPLE_GROUPS)
    log(f"{what}: pgmd {before_pid} -> {pid}, members unchanged {sorted(after.values())}, groups adopted")
    return pid


def check_members_survive_stop(sb: Sandbox, members: dict[str, int], what: str) -> None:
    wait_for(lambda: sb.unit_property("pgmd.service", "ActiveState") in ("inactive", "failed", ""),
             60, f"pgmd.service to stop on {what}")
    after = member_pids(sb, list(members))
    check(after == members, f"members changed on {what}: {members} -> {after}")
    states = {u: sb.unit_property(u, "ActiveState") for u in members}
    check(all(s == "active" for s in states.values()), f"members after {what}: {states}")


# -- the two scenarios -----------------------------------------------------------

DEB_FILES = [
    "/usr/sbin/pgmd", "/usr/bin/pgmctl", "/lib/systemd/system/pgmd.service",
    "/usr/lib/sysusers.d/pgmd.conf", "/usr/share/dbus-1/system.d/org.pgmd1.conf",
    "/usr/share/man/man8/pgmd.8.gz", "/usr/share/man/man1/pgmctl.1.gz",
    "/usr/share/man/man5/pgmd.conf.5.gz", "/usr/share/bash-completion/completions/pgmctl",
    "/etc/pgmd/pgmd.conf", "/usr/share/doc/pgmd/examples/groups.d/example-web.group",
    "/usr/sbin/pgm-icd", "/lib/systemd/system/pgm-icd.service",
    "/usr/share/man/man8/pgm-icd.8.gz", "/usr/include/pgmd/client.hpp",
]


def deb_scenario(packages: Path, upgrade_dir: Path) -> None:
    debs = [one(packages, f"{p}_*.deb") for p in DEB_PACKAGES]
    upgrades = [one(upgrade_dir, f"{p}_*.deb") for p in DEB_PACKAGES]
    inside = [f"{INSIDE}/deb/{d.name}" for d in debs]
    inside_upgrades = [f"{INSIDE}/upgrade/{d.name}" for d in upgrades]
    with ThrowawayRoot() as throwaway, \
            Sandbox("pkg-deb", root=throwaway.path, start=["multi-user.target"],
                    binds=[(packages, f"{INSIDE}/deb", "ro"),
                           (upgrade_dir, f"{INSIDE}/upgrade", "ro")]) as sb:
        log(f"deb: sandbox booted on the throwaway root {throwaway.path}")
        # Container images (this build host's among them) carry a
        # policy-rc.d that forbids maintainer scripts to start services; a
        # machine pgmd is installed on has none. Removed from the throwaway
        # root only.
        if sb.run(["test", "-e", "/usr/sbin/policy-rc.d"], check=False).returncode == 0:
            sb.run(["rm", "/usr/sbin/policy-rc.d"])
            log("deb: the host image's /usr/sbin/policy-rc.d removed from the throwaway root")
        sb.write_file(f"/etc/systemd/system/{OPERATOR_UNIT}", OPERATOR_UNIT_TEXT)
        sb.run(["systemctl", "daemon-reload"])
        sb.run(["systemctl", "start", OPERATOR_UNIT])
        env = {"DEBIAN_FRONTEND": "noninteractive"}
        installed = sb.run(["dpkg", "-i", *inside], env=env, timeout=600, check=False)
        check(installed.returncode == 0, f"dpkg -i failed:\n{installed.stdout}{installed.stderr}")
        log(f"deb: dpkg -i {' '.join(d.name for d in debs)}")
        check_running_from_package(sb, ["dpkg", "-S"], "by its postinst")
        check_installed_files(sb, DEB_FILES)

        members, pgmd_pid = smoke_test(sb)
        state_files = out(sb, ["ls", "-A", "/var/lib/pgmd"])
        upgraded = sb.run(["dpkg", "-i", *inside_upgrades], env=env, timeout=600, check=False)
        check(upgraded.returncode == 0, f"upgrade failed:\n{upgraded.stdout}{upgraded.stderr}")
        version = out(sb, ["dpkg-query", "-W", "-f=${Version}", "pgmd"])
        check(version.endswith("+upgradetest1"), f"pgmd's version after the upgrade: {version}")
        check_adopted(sb, pgmd_pid, members, f"upgrade to {version}")
        check(out(sb, ["ls", "-A", "/var/lib/pgmd"]) == state_files and state_files,
              f"/var/lib/pgmd changed across the upgrade: {state_files!r}")

        removed = sb.run(["dpkg", "-r", *DEB_PACKAGES], env=env, timeout=300, check=False)
        check(removed.returncode == 0, f"dpkg -r failed:\n{removed.stdout}{removed.stderr}")
        check_members_survive_stop(sb, members, "removal")
        check(sb.run(["test", "-d", "/var/lib/pgmd"], check=False).returncode == 0,
              "/var/lib/pgmd went on removal (only purge may remove it)")
        log(f"deb: dpkg -r: pgmd stopped, members still running, /var/lib/pgmd kept")

        purged = sb.run(["dpkg", "-P", *DEB_PACKAGES], env=env, timeout=300, check=False)
        check(purged.returncode == 0, f"dpkg -P failed:\n{purged.stdout}{purged.stderr}")
        check(sb.run(["test", "-e", "/var/lib/pgmd"], check=False).returncode != 0,
              "/var/lib/pgmd is still there after purge")
        check(sb.run(["test", "-f", f"/etc/systemd/system/{OPERATOR_UNIT}"], check=False).returncode == 0,
              "purge removed the operator's unit")
        check(member_pids(sb, list(members)) == members, "members changed on purge")
        log("deb: dpkg -P: /var/lib/pgmd gone; the operator's unit and the members still there")


RPM_FILES = [
    "/usr/sbin/pgmd", "/usr/bin/pgmctl", "/usr/lib/systemd/system/pgmd.service",
    "/usr/lib/sysusers.d/pgmd.conf", "/usr/share/dbus-1/system.d/org.pgmd1.conf",
    "/usr/share/man/man8/pgmd.8.gz", "/usr/share/man/man1/pgmctl.1.gz",
    "/usr/share/man/man5/pgmd.conf.5.gz", "/usr/share/bash-completion/completions/pgmctl",
    "/etc/pgmd/pgmd.conf", "/usr/share/doc/pgmd/examples/groups.d/example-web.group",
    "/usr/sbin/pgm-icd", "/usr/lib/systemd/system/pgm-icd.service",
    "/usr/share/man/man8/pgm-icd.8.gz", "/usr/include/pgmd/client.hpp",
]


def rpm_scenario(packages: Path, upgrade_dir: Path) -> None:
    rpms = [one(packages, f"{p}-*.rpm", p) for p in RPM_PACKAGES]
    upgrades = [one(upgrade_dir, f"{p}-*.rpm", p) for p in RPM_PACKAGES]
    with ThrowawayRoot() as throwaway:
        root = str(throwaway.path)
        # The rpm database of the throwaway root is its own; the Debian
        # packages pgmd needs (libraries, systemd, dbus) are there but
        # unknown to it: --nodeps.
        with throwaway.with_host_devices():
            run(["rpm", "--root", root, "--dbpath", RPM_DB, "--initdb"])
            installed = subprocess.run(["rpm", "--root", root, "--dbpath", RPM_DB, "-i", "--nodeps", *map(str, rpms)],
                                       capture_output=True, text=True)
        check(installed.returncode == 0 and "scriptlet failed" not in installed.stderr,
              f"rpm -i failed:\n{installed.stdout}{installed.stderr}")
        log(f"rpm: rpm --root -i {' '.join(r.name for r in rpms)} (scriptlets ran chrooted)")
        wants = throwaway.path / "etc/systemd/system/multi-user.target.wants/pgmd.service"
        check(wants.is_symlink(), "the rpm's %post did not enable pgmd.service (preset)")
        check(re.search(r"^pgmd-admin:", (throwaway.path / "etc/group").read_text(), re.M) is not None,
              "the rpm's %pre did not create the group pgmd-admin")
        (throwaway.path / f"etc/systemd/system/{OPERATOR_UNIT}").write_text(OPERATOR_UNIT_TEXT)
        with Sandbox("pkg-rpm", root=throwaway.path, start=["multi-user.target", OPERATOR_UNIT],
                     binds=[(upgrade_dir, f"{INSIDE}/upgrade", "ro")]) as sb:
            log(f"rpm: sandbox booted on the throwaway root {throwaway.path}")
            check_running_from_package(sb, ["rpm", "--dbpath", RPM_DB, "-qf"], "by its preset, started at boot")
            check_installed_files(sb, RPM_FILES, pkg_config_path="/usr/lib64/pkgconfig")
            members, pgmd_pid = smoke_test(sb)
            upgraded = sb.run(["rpm", "--dbpath", RPM_DB, "-U", "--nodeps",
                               *[f"{INSIDE}/upgrade/{r.name}" for r in upgrades]],
                              timeout=300, check=False)
            check(upgraded.returncode == 0 and "scriptlet failed" not in upgraded.stderr,
                  f"rpm -U failed:\n{upgraded.stdout}{upgraded.stderr}")
            release = out(sb, ["rpm", "--dbpath", RPM_DB, "-q", "--qf", "%{RELEASE}", "pgmd"])
            check(release.endswith(".upgradetest1"), f"pgmd's release after rpm -U: {release}")
            check_adopted(sb, pgmd_pid, members, f"rpm -U to release {release}")
            erased = sb.run(["rpm", "--dbpath", RPM_DB, "-e", "--nodeps", *RPM_PACKAGES], timeout=300, check=False)
            check(erased.returncode == 0 and "scriptlet failed" not in erased.stderr,
                  f"rpm -e failed:\n{erased.stdout}{erased.stderr}")
            check_members_survive_stop(sb, members, "rpm -e")
            check(sb.run(["test", "-e", "/var/lib/pgmd"], check=False).returncode != 0,
                  "/var/lib/pgmd is still there after rpm -e")
            check(sb.run(["test", "-f", f"/etc/systemd/system/{OPERATOR_UNIT}"], check=False).returncode == 0,
                  "rpm -e removed the operator's unit")
            log("rpm: rpm -e: pgmd stopped, members still running, /var/lib/pgmd gone, operator's unit kept")


def main() -> int:
    preflight()
    signal.signal(signal.SIGTERM, _terminate)
    scratch = Path(tempfile.mkdtemp(prefix="pgmd-test-packages."))
    status = 1
    before = None
    try:
        packages = packages_dir(scratch)
        debs = [one(packages, f"{p}_*.deb") for p in DEB_PACKAGES]
        rpms = [one(packages, f"{p}-*.rpm", p) for p in RPM_PACKAGES]
        paths = package_paths(debs, rpms)
        before = host_state(paths)
        check(not before["present"], f"the host already has files of the packages: {before['present']}")
        upgrade_dir = scratch / "upgrade"
        upgrade_dir.mkdir()
        for deb in debs:
            repack_deb(deb, upgrade_dir, "+upgradetest1")
        for rpm in rpms:
            repack_rpm(rpm, upgrade_dir, ".upgradetest1")
        log("upgrade packages: the same debs and rpms with a higher version")

        check_scriptlet_check(scratch, rpms)
        compare(packages)

        enter_private_mount_namespace()
        deb_scenario(packages, upgrade_dir)
        rpm_scenario(packages, upgrade_dir)
        status = 0
    finally:
        if before is not None:
            after = host_state(paths)
            mounts = host_mounts_of_ours()
            try:
                check(after == before, f"the host changed:\nbefore {before}\nafter  {after}")
                check(not mounts, f"mounts left in the host's namespace: {mounts}")
                log("host unchanged: no file of the packages, same users and groups, "
                    f"dpkg database without them{', no mount left' if mounts is not None else ''}")
            except AssertionError:
                status = 1
                raise
        shutil.rmtree(scratch, ignore_errors=True)
    log("passed")
    return status


if __name__ == "__main__":
    sys.exit(main())
