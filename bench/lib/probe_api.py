"""Runs inside the sandbox, with pgmd's groups all active: how fast pgmd
answers on the bus and how fast its signals reach many clients, each against
the same pattern aimed at systemd itself.

1. Call latency: ListGroups, GetManagedObjects and GetAll on one group
   against ListUnits and GetAll on one unit (plus Peer.Ping on both, the
   round trip through dbus-daemon with no work behind it). Each call is timed
   from two clients:
   - "gio": Gio's call_sync, a real client that decodes the reply;
   - "wire": a plain socket that sends the request and stops the clock when
     the last byte of the reply is in, so client-side decoding is left out.
   Calls run in blocks, pgmd and systemd alternating in ABBA order, and the
   CPU time of pgmd, systemd, dbus-daemon and this probe is read around
   every block.
2. Signal fan-out: N client connections (plain sockets) each with a match
   rule for pgmd's GroupStateChanged and for systemd's PropertiesChanged on
   one unit. One epoll loop stamps every connection with CLOCK_MONOTONIC
   when epoll reports its bytes; a message counts as received at the stamp
   of the read that completed it. pgmd's rounds take a group Offline and
   Online again; systemd's rounds restart a unit with RestartUnit. A separate
   control connection sends the trigger without waiting and watches for the
   round's end. Where pgmd offers RegisterInterest, the clients also
   register interest in the group, and pgmd's GroupBorn and GroupDied, sent
   to each of them alone, are timed too; elsewhere that part is skipped and
   the JSON says why.
3. pgmd's memory before and after.

Prints one JSON document.
"""

import argparse
import json
import os
import select
import socket
import struct
import sys
import time

from gi.repository import Gio, GLib

from probe_scale import cpu, memory

BUS_SOCKET = "/run/dbus/system_bus_socket"
CAPS = Gio.DBusCapabilityFlags.NONE
FIXED_HEADER = 16  # enough for Gio.DBusMessage.bytes_needed
METHOD_RETURN, ERROR = 2, 3  # the message type, second byte of every message
READ_SIZE = 1 << 16

DBUS = ("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus")
SYSTEMD = "org.freedesktop.systemd1"
SYSTEMD_PATH = "/org/freedesktop/systemd1"
SYSTEMD_MANAGER = SYSTEMD + ".Manager"
PGMD = "org.pgmd1"
PGMD_PATH = "/org/pgmd1"
PGMD_MANAGER = PGMD + ".Manager"
PGMD_GROUP = PGMD + ".Group"
PROPERTIES = "org.freedesktop.DBus.Properties"
PEER = "org.freedesktop.DBus.Peer"
OBJECT_MANAGER = "org.freedesktop.DBus.ObjectManager"
UNICAST_SIGNALS = ("GroupBorn", "GroupDied")


def now_ns() -> int:
    return time.monotonic_ns()


class ProbeError(Exception):
    pass


def method_call(destination: str, path: str, interface: str, member: str, args=None) -> Gio.DBusMessage:
    message = Gio.DBusMessage.new_method_call(destination, path, interface, member)
    if args is not None:
        message.set_body(args)
    return message


def split_messages(buffer: bytearray) -> list[bytes]:
    """Takes every complete message off the front of buffer."""
    out = []
    while len(buffer) >= FIXED_HEADER:
        size = Gio.DBusMessage.bytes_needed(bytes(buffer[:FIXED_HEADER]))
        if len(buffer) < size:
            break
        out.append(bytes(buffer[:size]))
        del buffer[:size]
    return out


def decode(blob: bytes) -> Gio.DBusMessage:
    return Gio.DBusMessage.new_from_blob(blob, CAPS)


class WireConnection:
    """A system bus connection on a plain socket: no library thread and no
    decoding stand between the kernel and the stamp of a message."""

    def __init__(self, path: str = BUS_SOCKET):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        uid = str(os.getuid()).encode().hex().encode()
        self.sock.sendall(b"\0AUTH EXTERNAL " + uid + b"\r\n")
        answer = b""
        while not answer.endswith(b"\r\n"):
            chunk = self.sock.recv(512)
            if not chunk:
                raise ProbeError("the bus closed the connection during authentication")
            answer += chunk
        if not answer.startswith(b"OK "):
            raise ProbeError(f"the bus refused authentication: {answer!r}")
        self.sock.sendall(b"BEGIN\r\n")
        self.serial = 0
        self.buffer = bytearray()
        # (stamp, message bytes), in arrival order.
        self.inbox: list[tuple[int, bytes]] = []
        self.last_reply_bytes = 0
        self.call(method_call(*DBUS, "Hello"))

    def fileno(self) -> int:
        return self.sock.fileno()

    def send(self, message: Gio.DBusMessage) -> int:
        self.serial += 1
        message.set_serial(self.serial)
        self.sock.sendall(message.to_blob(CAPS))
        return self.serial

    def take(self, stamp: int | None = None) -> None:
        """Reads once and files every message the read completes under
        stamp: the time epoll said the bytes were there, or else the time
        the read returned."""
        data = self.sock.recv(READ_SIZE)
        if not data:
            raise ProbeError("the bus closed a connection")
        stamp = stamp or now_ns()
        self.buffer += data
        self.inbox.extend((stamp, blob) for blob in split_messages(self.buffer))

    def call(self, message: Gio.DBusMessage, timeout: float = 30) -> Gio.DBusMessage:
        """Blocking call for setting up; signals meanwhile are dropped."""
        serial = self.send(message)
        deadline = time.monotonic() + timeout
        self.sock.setblocking(True)
        while True:
            for _, blob in self.inbox:
                reply = decode(blob)
                if reply.get_reply_serial() == serial:
                    self.inbox.clear()
                    self.last_reply_bytes = len(blob)
                    reply.to_gerror()  # raises on an error reply
                    return reply
            self.inbox.clear()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ProbeError(f"no reply to {message.get_member()} within {timeout:g}s")
            self.sock.settimeout(remaining)
            self.take()

    def timed_call(self, template: bytes) -> int:
        """Sends a request already in wire form and returns the ns until the
        last byte of its reply arrived. One request at a time, so the first
        reply is this one's; unicast signals (NameAcquired) are skipped."""
        self.serial += 1
        blob = template[:8] + struct.pack("<I", self.serial) + template[12:]
        start = now_ns()
        self.sock.sendall(blob)
        while True:
            for stamp, message in self.inbox:
                if message[1] in (METHOD_RETURN, ERROR):
                    self.inbox.clear()
                    if message[1] == ERROR:
                        decode(message).to_gerror()
                    return stamp - start
            self.inbox.clear()
            self.take()


# -- 1. call latency --------------------------------------------------------------------

class Call:
    def __init__(self, label: str, side: str, destination: str, path: str, interface: str,
                 member: str, args=None):
        self.label, self.side = label, side
        self.target = (destination, path, interface, member)
        self.args = args

    def wire_template(self) -> bytes:
        message = method_call(*self.target, self.args)
        message.set_serial(1)
        blob = message.to_blob(CAPS)
        if blob[:1] != b"l":
            raise ProbeError("expected a little-endian message")  # timed_call patches the serial
        return blob


def gio_call(bus: Gio.DBusConnection, call: Call) -> GLib.Variant:
    return bus.call_sync(*call.target, call.args, None, Gio.DBusCallFlags.NONE, -1, None)


def time_block(bus: Gio.DBusConnection, wire: WireConnection, call: Call, count: int,
               processes: dict[str, int], result: dict) -> None:
    """count calls from each client; adds samples and CPU time to result[call.label]."""
    entry = result[call.label]
    template = call.wire_template()
    before = {name: cpu(pid)["run_ns"] for name, pid in processes.items()}
    for _ in range(count):
        start = now_ns()
        gio_call(bus, call)
        entry["gio_ns"].append(now_ns() - start)
    for _ in range(count):
        entry["wire_ns"].append(wire.timed_call(template))
    for name, pid in processes.items():
        entry["cpu_ns"][name] = entry["cpu_ns"].get(name, 0) + cpu(pid)["run_ns"] - before[name]
    entry["calls"] += 2 * count


def describe_reply(wire: WireConnection, call: Call) -> dict:
    """Size of the reply on the wire, and how many rows, properties or
    objects it holds."""
    body = wire.call(method_call(*call.target, call.args)).get_body()
    first = body.get_child_value(0) if body is not None and body.n_children() else None
    return {"side": call.side, "member": call.target[3], "interface": call.target[2],
            "reply_bytes": wire.last_reply_bytes,
            "items": first.n_children() if first is not None and first.is_container() else None,
            "gio_ns": [], "wire_ns": [], "cpu_ns": {}, "calls": 0}


def measure_latency(bus, pairs: list[tuple[Call, Call | None]], calls: int, warmup: int,
                    processes: dict[str, int]) -> dict:
    result = {}
    wire = WireConnection()
    for pair in pairs:
        for call in filter(None, pair):
            result[call.label] = describe_reply(wire, call)
            for _ in range(warmup):
                gio_call(bus, call)
                wire.timed_call(call.wire_template())
    half = calls // 2
    for pgmd_call, peer_call in pairs:
        # ABBA, so that a drift in load weighs on both sides alike.
        for call in (pgmd_call, peer_call, peer_call, pgmd_call):
            if call is not None:
                time_block(bus, wire, call, half, processes, result)
    wire.sock.close()
    return result


# -- 2. signal fan-out ---------------------------------------------------------------------

def match_rules(peer_unit_path: str) -> list[str]:
    return [f"type='signal',sender='{PGMD}',path='{PGMD_PATH}',interface='{PGMD_MANAGER}',"
            f"member='GroupStateChanged'",
            f"type='signal',sender='{SYSTEMD}',path='{peer_unit_path}',interface='{PROPERTIES}',"
            f"member='PropertiesChanged'"]


def add_match(connection: WireConnection, rule: str) -> None:
    connection.call(method_call(*DBUS, "AddMatch", GLib.Variant("(s)", (rule,))))


class FanOut:
    """The clients, a control connection, and the one loop that reads them all."""

    def __init__(self, clients: int, peer_unit_path: str):
        self.listeners = []
        for _ in range(clients):
            listener = WireConnection()
            for rule in match_rules(peer_unit_path):
                add_match(listener, rule)
            self.listeners.append(listener)
        self.control = WireConnection()
        for rule in [*match_rules(peer_unit_path),
                     f"type='signal',sender='{SYSTEMD}',path='{SYSTEMD_PATH}',"
                     f"interface='{SYSTEMD_MANAGER}',member='JobRemoved'"]:
            add_match(self.control, rule)
        # systemd sends unit and job signals on the system bus only while a client subscribed.
        self.control.call(method_call(SYSTEMD, SYSTEMD_PATH, SYSTEMD_MANAGER, "Subscribe"))
        self.epoll = select.epoll()
        self.by_fd = {}
        for connection in [*self.listeners, self.control]:
            connection.sock.setblocking(False)
            self.epoll.register(connection.fileno(), select.EPOLLIN)
            self.by_fd[connection.fileno()] = connection

    def register_interest(self, group: str) -> None:
        for listener in self.listeners:
            listener.call(method_call(PGMD, PGMD_PATH, PGMD_MANAGER, "RegisterInterest",
                                      GLib.Variant("(s)", (group,))))
            listener.sock.setblocking(False)

    def settle(self, quiet: float, timeout: float) -> None:
        """Reads until no connection has had anything for `quiet` seconds, and
        forgets it all, so that a round sees only what its trigger caused."""
        deadline = time.monotonic() + timeout
        while events := self.epoll.poll(quiet):
            for fd, _ in events:
                self.by_fd[fd].take()
            if time.monotonic() > deadline:
                raise ProbeError(f"the bus did not fall quiet for {quiet:g}s within {timeout:g}s")
        for connection in self.by_fd.values():
            connection.inbox.clear()

    def round(self, trigger: Gio.DBusMessage, is_broadcast, finished, quiet: float,
              timeout: float) -> dict:
        """Sends trigger from the control connection and reads every
        connection until finished(control messages, trigger serial) holds,
        every client has as many messages as the control saw broadcasts, and
        then nothing more comes for `quiet` seconds."""
        for connection in self.by_fd.values():
            if connection.buffer or connection.inbox:
                raise ProbeError("a round began with unread messages")
        seen: list[tuple[int, Gio.DBusMessage]] = []
        start = now_ns()
        serial = self.control.send(trigger)
        deadline = start + int(timeout * 1e9)
        done = False
        slowest_pass = 0

        def caught_up() -> bool:
            expected = sum(1 for _, message in seen if is_broadcast(message))
            return all(len(listener.inbox) >= expected for listener in self.listeners)

        while True:
            settled = done and caught_up()
            wait = quiet if settled else max(0.0, (deadline - now_ns()) / 1e9)
            events = self.epoll.poll(wait)
            stamp = now_ns()
            if not events and settled:
                break
            if stamp > deadline:
                raise ProbeError(f"round not over within {timeout:g}s "
                                 f"(control saw: {[m.get_member() for _, m in seen]})")
            for fd, _ in events:
                self.by_fd[fd].take(stamp)
            # How late the next stamp can be for bytes that came during this pass.
            slowest_pass = max(slowest_pass, now_ns() - stamp)
            for control_stamp, blob in self.control.inbox:
                message = decode(blob)
                if message.get_message_type() == Gio.DBusMessageType.ERROR \
                        and message.get_reply_serial() == serial:
                    message.to_gerror()
                seen.append((control_stamp, message))
            self.control.inbox.clear()
            done = done or finished([m for _, m in seen], serial)
        return self._analyse(start, seen, is_broadcast, slowest_pass)

    def _analyse(self, start: int, seen, is_broadcast, slowest_pass: int) -> dict:
        # Per client: when each broadcast, by (sender, serial), arrived, and
        # when the first of each unicast signal did.
        broadcasts, unicasts = [], []
        for listener in self.listeners:
            messages = [(stamp, decode(blob)) for stamp, blob in listener.inbox]
            listener.inbox.clear()
            broadcasts.append({(m.get_sender(), m.get_serial()): stamp for stamp, m in messages})
            first = {}
            for stamp, message in messages:
                if message.get_member() in UNICAST_SIGNALS:
                    first.setdefault(message.get_member(), (stamp, len(message.to_blob(CAPS))))
            unicasts.append(first)
        signals = []
        for _, message in seen:
            if not is_broadcast(message):
                continue
            key = (message.get_sender(), message.get_serial())
            stamps = [arrived.get(key) for arrived in broadcasts]
            if None in stamps:
                raise ProbeError(f"{stamps.count(None)} of {len(stamps)} clients missed "
                                 f"{message.get_member()} {describe(message)}")
            signals.append({"member": message.get_member(), "detail": describe(message),
                            "bytes": len(message.to_blob(CAPS)),
                            "first_ms": (min(stamps) - start) / 1e6, "last_ms": (max(stamps) - start) / 1e6})
        unicast = []
        for member in UNICAST_SIGNALS:
            arrivals = [first[member] for first in unicasts if member in first]
            if arrivals:
                stamps = [stamp for stamp, _ in arrivals]
                # Each client's copy is its own message; "clients" tells whether every one got one.
                unicast.append({"member": member, "clients": len(arrivals),
                                "bytes": max(size for _, size in arrivals),
                                "first_ms": (min(stamps) - start) / 1e6, "last_ms": (max(stamps) - start) / 1e6})
        return {"signals": signals, "unicast": unicast, "slowest_pass_ms": slowest_pass / 1e6}


def describe(message: Gio.DBusMessage) -> str:
    """What a broadcast said, in a few words: a pgmd transition, or the
    interface and ActiveState of a systemd PropertiesChanged."""
    body = message.get_body().unpack()
    if message.get_member() == "GroupStateChanged":
        return f"{body[1]} -> {body[2]}"
    interface, changed = body[0], body[1]
    state = changed.get("ActiveState")
    return interface.rsplit(".", 1)[-1] + (f" ActiveState={state}" if state else "")


def is_reply_to(message: Gio.DBusMessage, serial: int) -> bool:
    return message.get_message_type() == Gio.DBusMessageType.METHOD_RETURN and \
        message.get_reply_serial() == serial


def pgmd_phase(fanout: FanOut, group_path: str, group: str, method: str, end_state: str,
               quiet: float, timeout: float) -> dict:
    """Offline or Online, until GroupStateChanged(group, *, end_state)."""
    def is_broadcast(message):
        return message.get_member() == "GroupStateChanged"

    def finished(messages, serial):
        def reaches_end(message):
            name, _old, new, _reason = message.get_body().unpack()
            return name == group and new == end_state
        replied = any(is_reply_to(m, serial) for m in messages)
        return replied and any(is_broadcast(m) and reaches_end(m) for m in messages)

    trigger = method_call(PGMD, group_path, PGMD_GROUP, method)
    return fanout.round(trigger, is_broadcast, finished, quiet, timeout)


def systemd_phase(fanout: FanOut, unit: str, unit_path: str, quiet: float, timeout: float) -> dict:
    """RestartUnit, until the JobRemoved of its job."""
    def is_broadcast(message):
        return message.get_member() == "PropertiesChanged" and message.get_path() == unit_path

    def finished(messages, serial):
        job = next((m.get_body().unpack()[0] for m in messages if is_reply_to(m, serial)), None)
        for m in messages:
            if m.get_member() == "JobRemoved":
                _id, removed, _unit, outcome = m.get_body().unpack()
                if removed == job:
                    if outcome != "done":
                        raise ProbeError(f"restart of {unit}: {outcome}")
                    return True
        return False

    trigger = method_call(SYSTEMD, SYSTEMD_PATH, SYSTEMD_MANAGER, "RestartUnit",
                          GLib.Variant("(ss)", (unit, "replace")))
    return fanout.round(trigger, is_broadcast, finished, quiet, timeout)


def interest_available(bus: Gio.DBusConnection) -> str | None:
    """None when pgmd offers RegisterInterest, else why not."""
    xml = bus.call_sync(PGMD, PGMD_PATH, "org.freedesktop.DBus.Introspectable", "Introspect", None,
                        None, Gio.DBusCallFlags.NONE, -1, None).unpack()[0]
    interface = Gio.DBusNodeInfo.new_for_xml(xml).lookup_interface(PGMD_MANAGER)
    if interface is None or interface.lookup_method("RegisterInterest") is None:
        return "pgmd does not offer org.pgmd1.Manager.RegisterInterest"
    return None


def measure_fanout(bus, args, group: str, group_path: str, unit_path: str, processes) -> dict:
    fanout = FanOut(args.clients, unit_path)
    skipped = interest_available(bus)
    if skipped is None:
        fanout.register_interest(group)
    fanout.settle(args.quiet, args.timeout)
    rounds = {"pgmd": [], "systemd": []}
    cpu_ns = {"pgmd": {}, "systemd": {}}
    for _ in range(args.rounds):
        for side in ("pgmd", "systemd"):
            before = {name: cpu(pid)["run_ns"] for name, pid in processes.items()}
            if side == "pgmd":
                rounds[side].append({
                    "offline": pgmd_phase(fanout, group_path, group, "Offline", "offline", args.quiet,
                                          args.timeout),
                    "online": pgmd_phase(fanout, group_path, group, "Online", "active", args.quiet,
                                         args.timeout)})
            else:
                rounds[side].append({"restart": systemd_phase(fanout, args.peer_unit, unit_path, args.quiet,
                                                              args.timeout)})
            for name, pid in processes.items():
                cpu_ns[side][name] = cpu_ns[side].get(name, 0) + cpu(pid)["run_ns"] - before[name]
    return {"clients": args.clients, "rounds": rounds, "cpu_ns": cpu_ns,
            "interest": {"measured": skipped is None, "skipped": skipped}}


# -- set-up ----------------------------------------------------------------------------------

def property_of(bus, destination: str, path: str, interface: str, name: str):
    return bus.call_sync(destination, path, PROPERTIES, "Get", GLib.Variant("(ss)", (interface, name)),
                         None, Gio.DBusCallFlags.NONE, -1, None).unpack()[0]


def unit_path(bus, unit: str) -> str:
    return bus.call_sync(SYSTEMD, SYSTEMD_PATH, SYSTEMD_MANAGER, "GetUnit", GLib.Variant("(s)", (unit,)),
                         None, Gio.DBusCallFlags.NONE, -1, None).unpack()[0]


def main_pid(bus, unit: str) -> int:
    return property_of(bus, SYSTEMD, unit_path(bus, unit), SYSTEMD + ".Service", "MainPID")


def wait_all_active(bus, groups: int, timeout: float) -> list:
    """Polls ListGroups until every group is active; returns its rows."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            rows = bus.call_sync(PGMD, PGMD_PATH, PGMD_MANAGER, "ListGroups", None, None,
                                 Gio.DBusCallFlags.NONE, -1, None).unpack()[0]
        except GLib.Error:
            rows = []  # pgmd not on the bus yet
        active = sum(1 for row in rows if row[2] == "active")
        if len(rows) == groups and active == groups:
            return rows
        if time.monotonic() > deadline:
            raise ProbeError(f"after {timeout:g}s {active} of {groups} groups are active ({len(rows)} listed)")
        time.sleep(0.2)  # poll interval; the deadline above bounds the wait


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--groups", type=int, required=True)
    parser.add_argument("--peer-unit", required=True)
    parser.add_argument("--calls", type=int, required=True, help="per call and client")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--clients", type=int, required=True)
    parser.add_argument("--rounds", type=int, required=True)
    parser.add_argument("--quiet", type=float, default=0.1,
                        help="seconds without a message that end a round")
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--start-timeout", type=float, default=300)
    args = parser.parse_args()

    bus = Gio.bus_get_sync(Gio.BusType.SYSTEM, None)
    began = time.monotonic()
    rows = wait_all_active(bus, args.groups, args.start_timeout)
    seconds = {"wait_all_active": time.monotonic() - began}
    group, group_path = rows[0][0], rows[0][5]
    peer_path = unit_path(bus, args.peer_unit)
    pgmd_pid = main_pid(bus, "pgmd.service")
    processes = {"pgmd": pgmd_pid, "systemd": 1, "dbus-daemon": main_pid(bus, "dbus.service"),
                 "probe": os.getpid()}
    result = {"group": group, "peer_unit": args.peer_unit, "memory": {"before": memory(pgmd_pid)}}

    pairs = [
        (Call("Ping pgmd", "pgmd", PGMD, PGMD_PATH, PEER, "Ping"),
         Call("Ping systemd", "systemd", SYSTEMD, SYSTEMD_PATH, PEER, "Ping")),
        (Call("ListGroups", "pgmd", PGMD, PGMD_PATH, PGMD_MANAGER, "ListGroups"),
         Call("ListUnits", "systemd", SYSTEMD, SYSTEMD_PATH, SYSTEMD_MANAGER, "ListUnits")),
        (Call("GetAll Group", "pgmd", PGMD, group_path, PROPERTIES, "GetAll",
              GLib.Variant("(s)", (PGMD_GROUP,))),
         Call("GetAll Unit", "systemd", SYSTEMD, peer_path, PROPERTIES, "GetAll",
              GLib.Variant("(s)", (SYSTEMD + ".Unit",)))),
        # systemd has no ObjectManager; the report sets this against ListUnits.
        (Call("GetManagedObjects", "pgmd", PGMD, PGMD_PATH, OBJECT_MANAGER, "GetManagedObjects"), None),
    ]
    began = time.monotonic()
    result["latency"] = measure_latency(bus, pairs, args.calls, args.warmup, processes)
    seconds["latency"] = time.monotonic() - began
    result["memory"]["after_calls"] = memory(pgmd_pid)
    began = time.monotonic()
    result["fanout"] = measure_fanout(bus, args, group, group_path, peer_path, processes)
    seconds["fanout"] = time.monotonic() - began
    result["memory"]["after_fanout"] = memory(pgmd_pid)
    result["seconds"] = seconds
    if main_pid(bus, "pgmd.service") != pgmd_pid:
        raise ProbeError("pgmd restarted during the benchmark")
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
