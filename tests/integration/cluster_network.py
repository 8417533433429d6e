"""The wiring of a test cluster: one network namespace per host, two
"switches" (bridges) in a namespace of their own, and one named veth pair per
host per link between them. Built completely before any host boots: corosync
started without its addresses exits ("No valid name found for local host").

    net = ClusterNetwork("pgmrig-1234", ["n1", "n2"], links=2)
    net.build()
    net.host_netns("n1"), net.address("n1", 1)   # 'pgmrig-1234-n1', '10.201.1.1'
    net.cut("n1", 0); net.restore("n1", 0)       # pull and plug the cable at the switch
    net.cut_switch(0); net.restore_switch(0)     # the whole switch of link 0 fails
    net.destroy()

Every name carries the rig's prefix, which carries the owner's pid, so that
parallel test processes never share a namespace and a later rig can sweep
what a killed owner left (sweep_stale_networks).
"""

import os
import re
import subprocess
from typing import Sequence

# Private addresses; each host namespace is isolated, so parallel rigs may
# use the same subnets.
SUBNETS = ("10.201.0", "10.201.1", "10.201.2", "10.201.3")
PREFIX_LENGTH = 24
HOST_IFACE = "cl{link}"        # inside the host's namespace
SWITCH_PORT = "h{host}l{link}"  # inside the switches' namespace
BRIDGE = "sw{link}"
OWNED_NAME = re.compile(r"^pgmrig-(\d+)-")


def _ip(*args: str) -> None:
    result = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)} failed: {result.stderr.strip()}")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def list_netns() -> list[str]:
    out = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True, timeout=30).stdout
    return [line.split()[0] for line in out.splitlines() if line.strip()]


def sweep_stale_networks() -> None:
    """Deletes rig namespaces whose owner process is gone (killed by a
    timeout before its teardown ran)."""
    for name in list_netns():
        m = OWNED_NAME.match(name)
        if m and not _pid_alive(int(m.group(1))):
            subprocess.run(["ip", "netns", "delete", name], capture_output=True, timeout=30)


class ClusterNetwork:
    def __init__(self, prefix: str, hosts: Sequence[str], links: int = 2):
        if not 1 <= links <= len(SUBNETS):
            raise ValueError(f"links must be 1..{len(SUBNETS)}")
        self.prefix = prefix
        self.hosts = list(hosts)
        self.links = links
        self.switch_netns = f"{prefix}-sw"
        self._created: list[str] = []

    def host_netns(self, host: str) -> str:
        return f"{self.prefix}-{host}"

    def address(self, host: str, link: int) -> str:
        return f"{SUBNETS[link]}.{self.hosts.index(host) + 1}"

    def _port(self, host: str, link: int) -> str:
        return SWITCH_PORT.format(host=self.hosts.index(host) + 1, link=link)

    def build(self) -> None:
        try:
            self._add_netns(self.switch_netns)
            for link in range(self.links):
                bridge = BRIDGE.format(link=link)
                _ip("-n", self.switch_netns, "link", "add", bridge, "type", "bridge")
                _ip("-n", self.switch_netns, "link", "set", bridge, "up")
            for host in self.hosts:
                ns = self.host_netns(host)
                self._add_netns(ns)
                _ip("-n", ns, "link", "set", "lo", "up")
                for link in range(self.links):
                    iface = HOST_IFACE.format(link=link)
                    port = self._port(host, link)
                    # Both ends are created in their namespaces directly: no
                    # name ever appears in the host's own namespace.
                    _ip("link", "add", "name", iface, "netns", ns, "type", "veth",
                        "peer", "name", port, "netns", self.switch_netns)
                    _ip("-n", self.switch_netns, "link", "set", port, "master", BRIDGE.format(link=link))
                    _ip("-n", self.switch_netns, "link", "set", port, "up")
                    _ip("-n", ns, "addr", "add", f"{self.address(host, link)}/{PREFIX_LENGTH}", "dev", iface)
                    _ip("-n", ns, "link", "set", iface, "up")
        except BaseException:
            self.destroy()
            raise

    def _add_netns(self, name: str) -> None:
        _ip("netns", "add", name)
        self._created.append(name)

    def cut(self, host: str, link: int) -> None:
        """Pulls the host's cable out of the switch: the host keeps its
        address and its interface, as when a cable or a switch port fails."""
        _ip("-n", self.switch_netns, "link", "set", self._port(host, link), "down")

    def restore(self, host: str, link: int) -> None:
        _ip("-n", self.switch_netns, "link", "set", self._port(host, link), "up")

    def cut_switch(self, link: int) -> None:
        """The switch of `link` fails: its bridge stops forwarding, every
        host keeps its carrier (the ports stay up)."""
        _ip("-n", self.switch_netns, "link", "set", BRIDGE.format(link=link), "down")

    def restore_switch(self, link: int) -> None:
        _ip("-n", self.switch_netns, "link", "set", BRIDGE.format(link=link), "up")

    def destroy(self) -> None:
        """Deleting a namespace deletes its veth ends and bridges. Safe to
        call more than once."""
        while self._created:
            name = self._created.pop()
            subprocess.run(["ip", "netns", "delete", name], capture_output=True, timeout=30)
