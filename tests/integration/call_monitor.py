"""Sees the method calls made to pgmd (busctl monitor), to learn when a
client has got as far as a given call: e.g. `pgmctl watch GROUP` asks
Manager.GetGroup only once its match rules are in place.

    with CallMonitor(node, "GetGroup") as calls:
        watch = InsideProcess(node.sandbox, [PGMCTL, "watch", "web"])
        calls.wait_for(["web"], 10)
"""

import json

from inside_process import InsideProcess
from pgmd_node import MANAGER, PgmdNode
from sandbox import wait_for

PROBE = "(call-monitor-probe)"


class CallMonitor:
    def __init__(self, node: PgmdNode, member: str, timeout: float = 10):
        """Watches calls of Manager.`member`, which must take one string."""
        self.node = node
        self.member = member
        match = f"type='method_call',interface='{MANAGER[1]}',member='{member}'"
        self.process = InsideProcess(node.sandbox, ["busctl", "--system", "monitor", "--json=short",
                                                    "--match", match])
        try:
            # A monitor listens some time after it starts: probe until it sees ours.
            def probe_seen():
                node.run(["busctl", "--system", "call", "org.pgmd1", *MANAGER, member, "s", PROBE], check=False)
                return self._seen([PROBE])
            wait_for(probe_seen, timeout, f"busctl monitor to see {member} calls", interval=0.1)
        except BaseException:
            self.process.close()
            raise

    def _calls(self) -> list[dict]:
        out = []
        for line in self.process.lines():
            try:
                msg = json.loads(line)
            except ValueError:
                continue
            if msg.get("type") == "method_call" and msg.get("member") == self.member:
                out.append(msg)
        return out

    def _seen(self, payload: list) -> bool:
        return any(m["payload"]["data"] == payload for m in self._calls())

    def wait_for(self, payload: list, timeout: float) -> None:
        """Until a call with these arguments has passed the bus."""
        wait_for(lambda: self._seen(payload), timeout, f"a {self.member}{tuple(payload)} call", interval=0.02)

    def close(self) -> None:
        self.process.close()

    def __enter__(self) -> "CallMonitor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
