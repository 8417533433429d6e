"""Poll with a deadline: the only way the sandbox harness waits for anything."""

import time
from typing import Callable, TypeVar

from sandbox_errors import SandboxTimeout

T = TypeVar("T")

DEFAULT_INTERVAL = 0.05


def wait_for(predicate: Callable[[], T], timeout: float, what: str,
             interval: float = DEFAULT_INTERVAL) -> T:
    """Calls predicate until it returns a truthy value and returns that value.

    Raises SandboxTimeout naming `what` (and the last value seen) once
    `timeout` seconds have passed. Exceptions from predicate propagate: a
    predicate that may fail transiently must catch that itself.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise SandboxTimeout(
                f"timed out after {timeout:g}s waiting for {what} (last value: {value!r})")
        time.sleep(min(interval, remaining))
