"""Stamps what pgm-icd does as it does it, with CLOCK_MONOTONIC: each line it
writes to its log, and each save of its state it begins. pgm-icd writes its
log without times, and before a power action it first saves its state
durably (a new board.json.tmp, fsync, rename) and only then logs the
decision. inotify wakes the watcher as each happens, so a stamp falls within
a scheduler wake-up of the event."""

import ctypes
import os
import select
import struct
import threading
import time
from pathlib import Path

IN_MODIFY = 0x2
IN_CREATE = 0x100
EVENT_HEADER = struct.Struct("iIII")  # wd, mask, cookie, length of the name
SAVE_SUFFIX = ".tmp"
_libc = ctypes.CDLL(None, use_errno=True)


def _add_watch(fd: int, path: Path, mask: int) -> int:
    wd = _libc.inotify_add_watch(fd, str(path).encode(), mask)
    if wd < 0:
        error = ctypes.get_errno()
        raise OSError(error, f"inotify_add_watch {path}: {os.strerror(error)}")
    return wd


class BoardWatch:
    def __init__(self, log: Path, state_dir: Path):
        self.log = Path(log)
        self.lines: list[tuple[float, str]] = []
        self.saves: list[float] = []
        self._lock = threading.Lock()
        self._offset = self.log.stat().st_size  # only what is written from now on
        self._partial = ""
        self._inotify = _libc.inotify_init1(os.O_CLOEXEC | os.O_NONBLOCK)
        if self._inotify < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1")
        self._wake_read, self._wake_write = os.pipe()
        try:
            self._log_wd = _add_watch(self._inotify, self.log, IN_MODIFY)
            self._dir_wd = _add_watch(self._inotify, state_dir, IN_CREATE)
        except OSError:
            self._close_fds()
            raise
        self._thread = threading.Thread(target=self._run, name="board-watch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            readable, _, _ = select.select([self._inotify, self._wake_read], [], [])
            stamp = time.monotonic()
            if self._wake_read in readable:
                return
            try:
                events = os.read(self._inotify, 64 * 1024)
            except BlockingIOError:
                continue
            log_grew = False
            offset = 0
            while offset < len(events):
                wd, _, _, length = EVENT_HEADER.unpack_from(events, offset)
                name = events[offset + EVENT_HEADER.size:offset + EVENT_HEADER.size + length].rstrip(b"\0")
                offset += EVENT_HEADER.size + length
                if wd == self._dir_wd and name.endswith(SAVE_SUFFIX.encode()):
                    with self._lock:
                        self.saves.append(stamp)
                log_grew |= wd == self._log_wd
            if log_grew:
                self._read_lines(stamp)

    def _read_lines(self, stamp: float) -> None:
        with open(self.log) as f:
            f.seek(self._offset)
            text = f.read()
            self._offset = f.tell()
        complete = (self._partial + text).split("\n")
        self._partial = complete.pop()
        with self._lock:
            self.lines.extend((stamp, line) for line in complete)

    def first_line_after(self, since: float, needle: str) -> float | None:
        """When the first line containing `needle` written after `since` appeared."""
        with self._lock:
            return next((t for t, line in self.lines if t >= since and needle in line), None)

    def first_save_after(self, since: float) -> float | None:
        with self._lock:
            return next((t for t in self.saves if t >= since), None)

    def _close_fds(self) -> None:
        for fd in (self._inotify, self._wake_read, self._wake_write):
            os.close(fd)
        self._inotify = -1

    def close(self) -> None:
        if self._inotify < 0:
            return
        os.write(self._wake_write, b"x")
        self._thread.join(5)
        self._close_fds()
