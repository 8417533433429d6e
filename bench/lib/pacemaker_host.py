"""Pacemaker for bench/failover: installs Debian's packages on this machine
when they are missing, without starting or enabling anything on it, and
drives a Pacemaker cluster inside the cluster rig's sandboxes with its own
command-line tools (pacemaker-cli-utils; neither crmsh nor pcs is needed)."""

import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

# What the benchmark runs, and the package each file comes from. The
# resource's agent is asked for by name: pacemaker only recommends
# resource-agents, and the install leaves recommendations out.
AGENT = "/usr/lib/ocf/resource.d/heartbeat/anything"
NEEDED = {"/usr/sbin/pacemakerd": "pacemaker", "/usr/sbin/crm_resource": "pacemaker-cli-utils",
          "/usr/sbin/cibadmin": "pacemaker-cli-utils", "/usr/sbin/crm_attribute": "pacemaker-cli-utils",
          "/usr/sbin/crm_mon": "pacemaker-cli-utils", AGENT: "resource-agents"}
POLICY_RC_D = Path("/usr/sbin/policy-rc.d")
# invoke-rc.d and deb-systemd-invoke start nothing while this says 101.
DENY_ALL = "#!/bin/sh\n# bench/failover: no service starts while packages are installed\nexit 101\n"


def missing_packages() -> list[str]:
    return sorted({pkg for path, pkg in NEEDED.items() if not Path(path).exists()})


def pid1_is_systemd() -> bool:
    try:
        return Path("/proc/1/comm").read_text().strip() == "systemd"
    except OSError:
        return False


def ensure_installed() -> None:
    """Installs pacemaker, pacemaker-cli-utils and resource-agents with apt-get when they are
    missing. The packages' maintainer scripts enable pacemaker.service and
    try to start it; on a machine whose PID 1 is systemd that would touch
    the machine's own init, so there the benchmark asks for them to be
    installed by hand instead. Elsewhere a policy-rc.d that denies every
    start is in place while apt-get runs (the machine's own, or one written
    for the install and removed after)."""
    missing = missing_packages()
    if not missing:
        return
    if pid1_is_systemd():
        raise SystemExit(
            f"bench/failover needs {' '.join(missing)}. This machine runs systemd as PID 1, and the packages "
            "enable and start pacemaker.service on it, so they are not installed by this script. Install "
            f"them with `apt-get install --no-install-recommends {' '.join(missing)}` and then "
            "`systemctl disable --now pacemaker corosync` if this machine is not a cluster node.")
    if os.geteuid() != 0:
        raise SystemExit(f"bench/failover needs root to install {' '.join(missing)}")
    print(f"# installing {' '.join(missing)} (apt-get, no service is started)", flush=True)
    wrote_policy = not POLICY_RC_D.exists()
    if wrote_policy:
        POLICY_RC_D.write_text(DENY_ALL)
        POLICY_RC_D.chmod(0o755)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    try:
        if subprocess.run(install, env=env).returncode != 0:
            # A fresh machine may not have read the package lists yet.
            subprocess.run(["apt-get", "update"], env=env, check=True)
            subprocess.run(install, env=env, check=True)
    finally:
        if wrote_policy:
            POLICY_RC_D.unlink()
    still = missing_packages()
    if still:
        raise SystemExit(f"apt-get did not install {' '.join(still)}")


def version() -> str:
    out = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "pacemaker"], capture_output=True, text=True)
    return out.stdout.strip() or "?"


# -- inside the rig ------------------------------------------------------------------

# The journal gets what Pacemaker logs at notice and above (syslog facility
# daemon); its detail log would go to /var/log/pacemaker, a fresh tmpfs
# in the sandbox, which its unprivileged daemons could not write to.
UNIT_DROP_IN = "[Service]\nEnvironment=PCMK_logfile=none\n"


def resource_xml(rsc: str, binfile: str, options: str, monitor: str, timeout: str) -> str:
    """An ocf:heartbeat:anything resource (the agent starts binfile in the
    background and watches it by its pid file) that leaves a node after its
    first failure (migration-threshold=1) and never comes back by itself
    (resource-stickiness=INFINITY): the hot pair's behaviour."""
    return (f'<primitive id="{rsc}" class="ocf" provider="heartbeat" type="anything">'
            f'<instance_attributes id="{rsc}-params">'
            f'<nvpair id="{rsc}-binfile" name="binfile" value="{binfile}"/>'
            f'<nvpair id="{rsc}-cmdline_options" name="cmdline_options" value="{options}"/>'
            f'</instance_attributes>'
            f'<meta_attributes id="{rsc}-meta">'
            f'<nvpair id="{rsc}-migration-threshold" name="migration-threshold" value="1"/>'
            f'<nvpair id="{rsc}-stickiness" name="resource-stickiness" value="INFINITY"/>'
            f'<nvpair id="{rsc}-target-role" name="target-role" value="Started"/>'
            f'</meta_attributes>'
            f'<operations><op id="{rsc}-monitor" name="monitor" interval="{monitor}" timeout="{timeout}"/>'
            f'<op id="{rsc}-start" name="start" interval="0" timeout="{timeout}"/>'
            f'<op id="{rsc}-stop" name="stop" interval="0" timeout="{timeout}"/></operations>'
            f'</primitive>')


def configure(run, rsc: str, binfile: str, options: str, monitor: str, timeout: str) -> None:
    """run(args) runs a command on one node of the cluster. Stonith off: the
    failure measured is a resource's, its node stays in the cluster and
    nothing needs fencing."""
    for name, value in (("stonith-enabled", "false"), ("symmetric-cluster", "true")):
        run(["crm_attribute", "--type", "crm_config", "--name", name, "--update", value])
    run(["cibadmin", "--create", "--scope", "resources", "--xml-text",
         resource_xml(rsc, binfile, options, monitor, timeout)])


# The fence device of the host kills: pacemaker-fenced runs only agents in
# /usr/sbin, which the sandboxes share with this machine read-only, and
# hands them their parameters on stdin. fence_legacy (Pacemaker's own, in
# /usr/sbin) passes the ones it does not know on in the environment and
# runs the command given as "stonith": bench/lib/pgmrig-stonith, bound into
# the sandboxes, which calls the same fence agent as pgmd's FenceCommand=.
def fence_device_xml(device: str, stonith: str, agent: str, state_dir: str, hosts: list[str],
                     timeout: str) -> str:
    params = {"plugin": "pgmrig", "stonith": stonith, "fence_agent": agent, "state_dir": state_dir,
              "hosts": " ".join(hosts), "pcmk_host_list": " ".join(hosts), "pcmk_host_check": "static-list"}
    nvpairs = "".join(f'<nvpair id="{device}-{name}" name="{name}" value="{value}"/>'
                      for name, value in params.items())
    return (f'<primitive id="{device}" class="stonith" type="fence_legacy">'
            f'<instance_attributes id="{device}-params">{nvpairs}</instance_attributes>'
            f'<operations><op id="{device}-monitor" name="monitor" interval="60s" timeout="{timeout}"/>'
            f'</operations></primitive>')


def enable_fencing(run, device: str, stonith: str, agent: str, state_dir: str, hosts: list[str],
                   timeout: str) -> None:
    """Stonith on, a lost node switched off (stonith-action=off, what pgmd's
    FenceCommand= is asked for), through one device that may fence either
    node."""
    for name, value in (("stonith-enabled", "true"), ("stonith-action", "off")):
        run(["crm_attribute", "--type", "crm_config", "--name", name, "--update", value])
    run(["cibadmin", "--create", "--scope", "resources", "--xml-text",
         fence_device_xml(device, stonith, agent, state_dir, hosts, timeout)])


def status(run) -> ET.Element:
    return ET.fromstring(run(["crm_mon", "--one-shot", "--output-as=xml"]).stdout)


def online_nodes(run) -> list[str]:
    try:
        root = status(run)
    except Exception:  # not up yet: the tool fails or prints no XML
        return []
    return sorted(n.get("name") for n in root.iter("node") if n.get("online") == "true" and n.get("name"))


def has_dc(run) -> bool:
    try:
        root = status(run)
    except Exception:  # as above
        return False
    dc = root.find("./summary/current_dc")
    return dc is not None and dc.get("present") == "true"


def located(run, rsc: str) -> list[str]:
    """Nodes where Pacemaker has the resource active."""
    root = status(run)
    for r in root.iter("resource"):
        if r.get("id") == rsc and r.get("active") == "true":
            return sorted(n.get("name") for n in r.iter("node"))
    return []


# controld's notices on the way of a failover (Pacemaker 2.1), matched
# against the journal of each node.
def milestones(rsc: str) -> dict[str, re.Pattern]:
    r = re.escape(rsc)
    return {
        # anything's monitor finds the pid file without its process: "error".
        "monitor_failed": re.compile(rf"Result of monitor operation for {r} on (\S+): (?!ok\b)"),
        "stop_initiated": re.compile(rf"Initiating stop operation {r}_stop_0"),
        "stop_done": re.compile(rf"Result of stop operation for {r} on (\S+): ok"),
        "start_initiated": re.compile(rf"Initiating start operation {r}_start_0"),
        "start_requested": re.compile(rf"Requesting local execution of start operation for {r} on (\S+)"),
        "start_done": re.compile(rf"Result of start operation for {r} on (\S+): ok"),
    }


# A lost node's way to the survivor's start of the resource (Pacemaker
# 2.1), matched against the survivor's journal.
def fence_milestones(rsc: str) -> dict[str, re.Pattern]:
    r = re.escape(rsc)
    return {
        "node_lost": re.compile(r"Node (\S+) state is now lost|Peer (\S+) left us"),
        "fence_requested": re.compile(r"Requesting fencing \((\w+)\)"),
        "fence_done": re.compile(r"Operation '?(off|reboot)'? .*(targeting|of) (\S+).*: OK"),
        "peer_terminated": re.compile(r"Peer (\S+) was terminated \((\w+)\) by (\S+)"),
        "start_initiated": re.compile(rf"Initiating start operation {r}_start_0"),
        "start_done": re.compile(rf"Result of start operation for {r} on (\S+): ok"),
    }
