"""A second, independent D-Bus client of pgmd (python3-dbus), run *inside* the
sandbox by the system's python3 (see pyclient.py for the side that drives it).

It speaks JSON lines so that tests never parse human-readable output:

    pyclient_inside.py call DEST PATH IFACE METHOD SIGNATURE JSON_ARGS
        one call; prints {"reply": [...]} or {"error": NAME, "message": TEXT}

    pyclient_inside.py session [--match RULE]...
        stays connected: prints {"ready": UNIQUE_NAME} once its match rules are
        in place, then one line per signal received ({"signal": MEMBER, ...}),
        and answers requests read from stdin, one JSON object a line:
        {"id": N, "call": [DEST, PATH, IFACE, METHOD, SIGNATURE, ARGS]}
        -> {"id": N, "reply": [...]} or {"id": N, "error": ..., "message": ...}.
        It leaves the bus when stdin closes.
"""

import json
import os
import sys

import dbus
import dbus.lowlevel
import dbus.mainloop.glib
from gi.repository import GLib

CALL_TIMEOUT = 25


def plain(value):
    """dbus-python values as JSON values (Boolean is an int subclass)."""
    if isinstance(value, dbus.Boolean):
        return bool(value)
    if isinstance(value, (dict, dbus.Dictionary)):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (int, float)):
        return value.real
    return str(value)


def call(bus, dest, path, iface, method, signature, args) -> dict:
    try:
        reply = bus.call_blocking(dest, path, iface, method, signature, args, timeout=CALL_TIMEOUT)
    except dbus.DBusException as error:
        return {"error": error.get_dbus_name(), "message": error.get_dbus_message()}
    if reply is None:
        reply = []
    elif not isinstance(reply, tuple):
        reply = [reply]
    return {"reply": plain(reply)}


def emit(obj: dict) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def one_call(argv: list[str]) -> int:
    dest, path, iface, method, signature, args = argv
    emit(call(dbus.SystemBus(private=True), dest, path, iface, method, signature, json.loads(args)))
    return 0


def session(argv: list[str]) -> int:
    rules = [argv[i + 1] for i in range(len(argv) - 1) if argv[i] == "--match"]
    dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
    bus = dbus.SystemBus(private=True)
    loop = GLib.MainLoop()

    def on_message(_bus, message):
        if isinstance(message, dbus.lowlevel.SignalMessage):
            emit({"signal": message.get_member(), "interface": message.get_interface(),
                  "path": message.get_path(), "sender": message.get_sender(),
                  "destination": message.get_destination(), "args": plain(message.get_args_list())})

    bus.add_message_filter(on_message)
    for rule in rules:
        bus.add_match_string(rule)  # blocking: in place before "ready"

    pending = bytearray()

    # Raw reads: a buffered readline could hold a second request back until
    # more input arrives.
    def on_stdin(fd, _condition):
        chunk = os.read(fd, 65536)
        if not chunk:
            loop.quit()
            return False
        pending.extend(chunk)
        while b"\n" in pending:
            line, _, rest = bytes(pending).partition(b"\n")
            pending[:] = rest
            request = json.loads(line)
            emit({"id": request["id"], **call(bus, *request["call"])})
        return True

    GLib.unix_fd_add_full(GLib.PRIORITY_DEFAULT, sys.stdin.fileno(), GLib.IO_IN | GLib.IO_HUP, on_stdin)
    emit({"ready": bus.get_unique_name()})
    loop.run()
    bus.close()
    return 0


if __name__ == "__main__":
    commands = {"call": one_call, "session": session}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.stderr.write(__doc__)
        sys.exit(2)
    sys.exit(commands[sys.argv[1]](sys.argv[2:]))
