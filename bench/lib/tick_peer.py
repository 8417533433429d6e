"""Runs inside the sandbox: the peer of pgmd's heartbeat timer. A plain
periodic timer that writes one heartbeat-sized frame to stdout (a serial
line read by an icd-fault-proxy of its own) per tick, until stdin closes.

It waits the way pgmd's sd-event loop does, in epoll on a CLOCK_MONOTONIC
timerfd, and plans each tick as pgmd's RepeatingTimer does, one interval
after the previous tick woke, so both accumulate lateness alike. Unlike
pgmd's timer it has no accuracy window (pgmd allows sd-event 1 ms).

At the end it prints, as JSON on stderr, when it woke for each tick
(CLOCK_MONOTONIC ns), so that the host can tell the timer's own lateness
from what the line and the proxy add."""

import argparse
import ctypes
import json
import os
import select
import sys
import time

CLOCK_MONOTONIC = 1
TFD_CLOEXEC = os.O_CLOEXEC
_libc = ctypes.CDLL(None, use_errno=True)


class Timespec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]


class Itimerspec(ctypes.Structure):
    _fields_ = [("it_interval", Timespec), ("it_value", Timespec)]


def timerfd() -> int:
    fd = _libc.timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC)
    if fd < 0:
        raise OSError(ctypes.get_errno(), "timerfd_create")
    return fd


def arm_once(fd: int, after_ns: int) -> None:
    """One expiry `after_ns` from now (relative, no repeat)."""
    spec = Itimerspec(Timespec(0, 0), Timespec(after_ns // 1_000_000_000, after_ns % 1_000_000_000))
    if _libc.timerfd_settime(fd, 0, ctypes.byref(spec), None) < 0:
        raise OSError(ctypes.get_errno(), "timerfd_settime")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--interval-ms", type=float, required=True)
    parser.add_argument("--frame-bytes", type=int, default=32,
                        help="bytes per tick, delimiters included (a heartbeat frame is 32)")
    args = parser.parse_args()
    interval_ns = round(args.interval_ms * 1e6)
    # Any non-zero filler: the proxy cuts frames at zero bytes.
    frame = b"\x00" + b"\x55" * (args.frame_bytes - 2) + b"\x00"
    stdin, stdout = sys.stdin.fileno(), sys.stdout.fileno()
    timer = timerfd()
    loop = select.epoll()
    loop.register(timer, select.EPOLLIN)
    loop.register(stdin, select.EPOLLIN | select.EPOLLHUP)
    woke_ns = []
    arm_once(timer, interval_ns)
    running = True
    while running:
        for fd, _ in loop.poll():
            if fd == timer:
                now = time.monotonic_ns()
                os.read(timer, 8)
                arm_once(timer, interval_ns)  # from now, as pgmd plans its next beat
                os.write(stdout, frame)
                woke_ns.append(now)
            elif not os.read(stdin, 4096):
                running = False  # the host closed stdin: the measurement is over
    sys.stderr.write(json.dumps({"woke_ns": woke_ns}) + "\n")


if __name__ == "__main__":
    main()
