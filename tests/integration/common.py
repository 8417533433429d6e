"""Shared bits of the pgmd integration tests: unit texts and config snippets."""

import unittest

from sandbox import require_sandbox


def simple_unit(description: str = "test member") -> str:
    return f"[Unit]\nDescription={description}\n\n[Service]\nExecStart=/bin/sleep infinity\n"


def never_ready_unit() -> str:
    # Type=notify without ever sending READY=1: the start job never finishes.
    return ("[Unit]\nDescription=never becomes ready\n\n[Service]\nType=notify\n"
            "TimeoutStartSec=infinity\nExecStart=/bin/sleep infinity\n")


def group(layer: str, units: str = "", depends: str = "", extra: str = "") -> str:
    text = f"[Group]\nLayer={layer}\n"
    if units:
        text += f"Units={units}\n"
    if depends:
        text += f"DependsOn={depends}\n"
    return text + extra


def main() -> None:
    require_sandbox()
    unittest.main(verbosity=2)
