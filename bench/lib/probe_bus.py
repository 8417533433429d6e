"""Runs inside the sandbox, next to systemd and pgmd: follows units and pgmd
through D-Bus signals and stamps each signal with CLOCK_MONOTONIC as it
arrives. The probes time recoveries with it, so that both pgmd and systemd
alone are measured the same way and without a process spawn per look.

Needs the Debian python3-dbus and python3-gi packages.
"""

import time

import dbus
import dbus.bus
import dbus.lowlevel
import dbus.mainloop.glib
from gi.repository import GLib

SYSTEMD = "org.freedesktop.systemd1"
SYSTEMD_PATH = "/org/freedesktop/systemd1"
SYSTEMD_MANAGER = SYSTEMD + ".Manager"
SYSTEMD_UNIT = SYSTEMD + ".Unit"
SYSTEMD_SERVICE = SYSTEMD + ".Service"
PROPERTIES = "org.freedesktop.DBus.Properties"
PGMD = "org.pgmd1"
PGMD_PATH = "/org/pgmd1"
PGMD_MANAGER = PGMD + ".Manager"


def now_ns() -> int:
    return time.monotonic_ns()


class ProbeTimeout(Exception):
    pass


class Bus:
    """The system bus with a GLib loop; waits run the loop until a condition,
    re-checked after every signal, holds."""

    def __init__(self):
        dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
        self.bus = dbus.SystemBus()
        self.context = GLib.MainContext.default()
        self._checks = []
        systemd = self.bus.get_object(SYSTEMD, SYSTEMD_PATH)
        self.systemd = dbus.Interface(systemd, SYSTEMD_MANAGER)
        # systemd sends unit and job signals only while someone subscribed.
        self.systemd.Subscribe()
        self.jobs_removed: list[tuple[int, str, str]] = []
        self.bus.add_signal_receiver(self._on_job_removed, "JobRemoved", SYSTEMD_MANAGER, SYSTEMD,
                                     SYSTEMD_PATH)

    def _on_job_removed(self, _id, _job, unit, result):
        self.jobs_removed.append((now_ns(), str(unit), str(result)))
        self.changed()

    def changed(self) -> None:
        for check in list(self._checks):
            check()

    def wait_until(self, condition, timeout: float, what: str):
        """Runs the loop until condition() returns a truthy value; returns it."""
        value = condition()
        if value:
            return value
        loop = GLib.MainLoop(self.context)
        result = {}

        def check():
            # Runs inside signal handlers, where dbus-python would only log
            # an exception: carry it out of the loop instead.
            try:
                value = condition()
            except Exception as error:
                result["error"] = error
                loop.quit()
                return
            if value and "value" not in result:
                result["value"] = value
                loop.quit()

        def expired():
            loop.quit()
            return False

        self._checks.append(check)
        timer = GLib.timeout_add(int(timeout * 1000), expired)
        try:
            loop.run()
        finally:
            self._checks.remove(check)
        if "error" in result:
            GLib.source_remove(timer)
            raise result["error"]
        if "value" not in result:
            raise ProbeTimeout(f"timed out after {timeout:g}s waiting for {what}")
        GLib.source_remove(timer)
        return result["value"]

    def drain(self) -> None:
        """Handles every message already sent to us, so that none of them is
        taken for a reaction to what the caller does next."""
        while self.context.pending():
            self.context.iteration(False)

    def idle(self, seconds: float) -> None:
        """Lets time pass while still taking in signals."""
        loop = GLib.MainLoop(self.context)
        GLib.timeout_add(int(seconds * 1000), lambda: loop.quit() or False)
        loop.run()

    def job_removed_since(self, mark: int, unit: str):
        for stamp, name, result in self.jobs_removed[mark:]:
            if name == unit:
                return stamp, result
        return None


class UnitWatch:
    """ActiveState and MainPID of one service unit, as systemd announces them."""

    def __init__(self, bus: Bus, unit: str):
        self.bus = bus
        self.unit = unit
        path = bus.systemd.LoadUnit(unit)
        self.properties = dbus.Interface(bus.bus.get_object(SYSTEMD, path), PROPERTIES)
        # (stamp, property, value) for every announced change, in arrival order.
        self.events: list[tuple[int, str, object]] = []
        bus.bus.add_signal_receiver(self._on_changed, "PropertiesChanged", PROPERTIES, SYSTEMD, path)
        self.active_state = str(self.properties.Get(SYSTEMD_UNIT, "ActiveState"))
        self.main_pid = int(self.properties.Get(SYSTEMD_SERVICE, "MainPID"))

    def _on_changed(self, interface, changed, _invalidated):
        stamp = now_ns()
        if interface == SYSTEMD_UNIT and "ActiveState" in changed:
            self.active_state = str(changed["ActiveState"])
            self.events.append((stamp, "ActiveState", self.active_state))
        if interface == SYSTEMD_SERVICE and "MainPID" in changed:
            self.main_pid = int(changed["MainPID"])
            self.events.append((stamp, "MainPID", self.main_pid))
        self.bus.changed()

    def read_main_pid(self) -> int:
        return int(self.properties.Get(SYSTEMD_SERVICE, "MainPID"))

    def read_timestamps(self) -> dict:
        """systemd's own CLOCK_MONOTONIC stamps of the unit's last transitions,
        in ns (0 where systemd has none). ExecMainStart is taken by systemd
        right after it forked the main process. (ExecMainExit is of no use
        after a restart: the fork clears it.)"""
        result = {}
        for interface, names in ((SYSTEMD_SERVICE, ("ExecMainStartTimestampMonotonic",)),
                                 (SYSTEMD_UNIT, ("InactiveEnterTimestampMonotonic",))):
            for name in names:
                usec = int(self.properties.Get(interface, name))
                result[name.removesuffix("TimestampMonotonic")] = usec * 1000
        return result

    def mark(self) -> int:
        return len(self.events)

    def first_left_active(self, mark: int):
        """When systemd first announced, after mark, that the unit is not active."""
        for stamp, name, value in self.events[mark:]:
            if name == "ActiveState" and value != "active":
                return stamp
        return None

    def running_again(self, mark: int, old_pid: int):
        """Time of the announcement, after mark, from which on the unit was
        active with a new main pid; None until then. systemd sends every
        property of an interface on each change, so both are announced again
        after the kill, and an "active" from before it cannot pass. Later
        announcements do not move the answer."""
        state, pid = None, None
        for stamp, name, value in self.events[mark:]:
            if name == "ActiveState":
                state = value
            else:
                pid = value
            if state == "active" and pid not in (None, 0, old_pid):
                return stamp
        return None


class PgmdWatch:
    """pgmd's GroupStateChanged and EscalationStep signals."""

    def __init__(self, bus: Bus):
        self.bus = bus
        # (stamp, member, payload) in arrival order.
        self.events: list[tuple[int, str, tuple]] = []
        for member in ("GroupStateChanged", "EscalationStep"):
            bus.bus.add_signal_receiver(self._handler(member), member, PGMD_MANAGER, None, PGMD_PATH)

    def _handler(self, member: str):
        def on_signal(*args):
            self.events.append((now_ns(), member, tuple(str(a) for a in args)))
            self.bus.changed()
        return on_signal

    def mark(self) -> int:
        return len(self.events)

    def find(self, mark: int, member: str, predicate):
        for stamp, name, payload in self.events[mark:]:
            if name == member and predicate(payload):
                return stamp
        return None

    def list_groups(self):
        manager = dbus.Interface(self.bus.bus.get_object(PGMD, PGMD_PATH), PGMD_MANAGER)
        return [(str(row[0]), str(row[2])) for row in manager.ListGroups()]


class CallMonitor:
    """Method calls to systemd's manager and their replies, from a second
    connection that is a bus monitor (org.freedesktop.DBus.Monitoring), each
    stamped with CLOCK_MONOTONIC when the probe handles it. Monitoring makes
    dbus-daemon copy these messages to the probe, so it is for breakdowns,
    not for the headline figures."""

    def __init__(self, bus: Bus, methods: tuple[str, ...]):
        self.bus = bus
        self.methods = set(methods)
        # (stamp, kind, method, serial) with kind "call" or "reply".
        self.events: list[tuple[int, str, str, int]] = []
        self._serials: dict[tuple[str, int], str] = {}
        self.connection = dbus.bus.BusConnection(dbus.bus.BUS_SYSTEM)
        rules = [f"type='method_call',destination='{SYSTEMD}',interface='{SYSTEMD_MANAGER}',member='{m}'"
                 for m in sorted(self.methods)]
        rules += ["type='method_return'", "type='error'"]
        self.connection.add_message_filter(self._on_message)
        self.connection.call_blocking("org.freedesktop.DBus", "/org/freedesktop/DBus",
                                      "org.freedesktop.DBus.Monitoring", "BecomeMonitor", "asu", (rules, 0))

    def _on_message(self, _connection, message):
        stamp = now_ns()
        if isinstance(message, dbus.lowlevel.MethodCallMessage):
            if message.get_member() in self.methods:
                self._serials[(message.get_sender(), message.get_serial())] = message.get_member()
                self.events.append((stamp, "call", message.get_member(), message.get_serial()))
        elif isinstance(message, (dbus.lowlevel.MethodReturnMessage, dbus.lowlevel.ErrorMessage)):
            method = self._serials.pop((message.get_destination(), message.get_reply_serial()), None)
            if method:
                self.events.append((stamp, "reply", method, message.get_reply_serial()))
        return dbus.lowlevel.HANDLER_RESULT_HANDLED

    def mark(self) -> int:
        return len(self.events)

    def first(self, mark: int, kind: str, method: str):
        for stamp, k, m, _serial in self.events[mark:]:
            if k == kind and m == method:
                return stamp
        return None


def ms(start_ns: int, end_ns: int | None) -> float | None:
    return None if end_ns is None else (end_ns - start_ns) / 1e6
