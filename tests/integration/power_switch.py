#!/usr/bin/python3
"""The relay command pgm-icd calls for a sandboxed host, fence-agent style:

    power_switch.py SOCKET on|off|status

It asks the test's PoweredMachine (power_rig.py) over a Unix socket, which
kills the sandbox for "off" and boots it for "on". Exit status as the
board expects: 0 done (status: power on), 2 (status: power off), 1 failed.
"""

import socket
import sys

EXIT_FOR_ANSWER = {"done": 0, "on": 0, "off": 2}


def main() -> int:
    if len(sys.argv) != 3 or sys.argv[2] not in ("on", "off", "status"):
        print("usage: power_switch.py SOCKET on|off|status", file=sys.stderr)
        return 1
    path, action = sys.argv[1], sys.argv[2]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(30)
            conn.connect(path)
            conn.sendall(action.encode() + b"\n")
            answer = conn.makefile().readline().strip()
    except OSError as error:
        print(f"power switch at {path}: {error}", file=sys.stderr)
        return 1
    if answer not in EXIT_FOR_ANSWER:
        print(f"power switch: {answer or 'no answer'}", file=sys.stderr)
        return 1
    print(answer)
    return EXIT_FOR_ANSWER[answer]


if __name__ == "__main__":
    sys.exit(main())
