"""corosync.conf for a test cluster (see DESIGN.md §7 for why each setting)."""

from dataclasses import dataclass
from typing import Sequence


@dataclass(frozen=True)
class ClusterNode:
    name: str
    nodeid: int
    addresses: tuple[str, ...]  # one per knet link


def corosync_conf(cluster: str, nodes: Sequence[ClusterNode], token_ms: int = 1000,
                  link_mode: str = "passive",
                  knet_ping_ms: tuple[int, int] | None = None) -> str:
    """knet_ping_ms: (knet_ping_interval, knet_ping_timeout) per interface;
    by default (100, 400) below token 1000 and corosync's own above."""
    links = len(nodes[0].addresses)
    totem = [
        "version: 2",
        f"cluster_name: {cluster}",
        "transport: knet",
        "crypto_cipher: aes256",
        "crypto_hash: sha256",
        f"token: {token_ms}",
        f"link_mode: {link_mode}",
    ]
    if len(nodes) > 2:
        # Otherwise corosync adds 650 ms of token per node beyond two.
        totem.append("token_coefficient: 0")
    for link in range(links):
        interface = [f"linknumber: {link}",
                     # passive mode uses the highest priority link that is up
                     f"knet_link_priority: {links - link}"]
        ping = knet_ping_ms or ((100, 400) if token_ms < 1000 else None)
        if ping:
            # knet's defaults derive from the token; below 1000 they make
            # both links flap every few seconds with no fault at all. At
            # 1000 they find a dead link only after the token was lost.
            interface += [f"knet_ping_interval: {ping[0]}", f"knet_ping_timeout: {ping[1]}"]
        totem.append(_section("interface", interface))
    node_sections = []
    for node in nodes:
        lines = [f"ring{i}_addr: {address}" for i, address in enumerate(node.addresses)]
        lines += [f"name: {node.name}", f"nodeid: {node.nodeid}"]
        node_sections.append(_section("node", lines))
    quorum = ["provider: corosync_votequorum"]
    if len(nodes) == 2:
        quorum.append("two_node: 1")
    logging = ["to_logfile: yes", "logfile: /var/log/corosync/corosync.log", "to_syslog: yes",
               "timestamp: on"]
    return "\n".join([
        _section("totem", totem),
        _section("nodelist", node_sections),
        _section("quorum", quorum),
        _section("logging", logging),
    ]) + "\n"


def _section(name: str, body: Sequence[str]) -> str:
    inner = "\n".join("    " + line for item in body for line in item.splitlines())
    return f"{name} {{\n{inner}\n}}"
