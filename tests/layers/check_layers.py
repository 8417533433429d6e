#!/usr/bin/env python3
"""Checks that the tree keeps its layers (see README.md, "Layout").

Every quoted #include in common/, icd/ and daemon/ is resolved the way the
build resolves it, and the file it names must lie in a layer the including
file may use:

  common/          common/ only: the shared library knows no daemon
  icd/             common/ and icd/: pgm-icd is built without pgmd
  daemon/core/     daemon/core/ and common/time/: pure logic
  daemon/ (other)  daemon/, common/, icd/protocol/ and dbus/names/;
                   adapters never include daemon/app/

Prints each violation as FILE:LINE: ... and exits 1 if there is any.
"""
import os
import re
import sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".."))
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
# Headers made by the build (sdbus-c++-xml2cpp) from the interface XML.
GENERATED = re.compile(r'^(pgmd1_\w+_(adaptor|proxy)\.h|icd_host_(adaptor|proxy)\.h)$')

# Where the build looks for a quoted include, after the including file's directory.
SEARCH = {
    "common": ["."],
    "icd": ["icd", "."],
    "daemon": ["daemon", ".", "icd", "dbus/names"],
}

ADAPTERS = ("daemon/systemd/", "daemon/cluster/", "daemon/bus/", "daemon/resources/", "daemon/board_link/", "daemon/persist/",
            "daemon/log/", "daemon/config/")


def allowed(src, dst):
    """Why `src` may not include `dst`, or None when it may."""
    if src.startswith("common/"):
        return None if dst.startswith("common/") else "the shared library includes only from common/"
    if src.startswith("icd/"):
        return None if dst.startswith(("common/", "icd/")) else "icd/ includes only from common/ and icd/"
    if src.startswith("daemon/core/"):
        if dst.startswith(("daemon/core/", "common/time/")):
            return None
        return "the core includes only daemon/core/ and common/time/ (pure code)"
    if src.startswith(ADAPTERS) and dst.startswith("daemon/app/"):
        return "an adapter never includes the application layer"
    if src.startswith("daemon/"):
        if dst.startswith(("daemon/", "common/", "icd/protocol/", "dbus/names/")):
            return None
        return "pgmd includes from daemon/, common/, icd/protocol/ and dbus/names/ only"
    return None


def resolve(src, name):
    tree = src.split("/", 1)[0]
    for base in [os.path.dirname(src)] + SEARCH[tree]:
        candidate = os.path.normpath(os.path.join(base, name))
        if os.path.isfile(os.path.join(ROOT, candidate)):
            return candidate
    return None


def main():
    problems = []
    checked = 0
    for tree in SEARCH:
        for dirpath, _, files in os.walk(os.path.join(ROOT, tree)):
            for f in sorted(files):
                if not f.endswith((".cpp", ".hpp", ".h")):
                    continue
                src = os.path.relpath(os.path.join(dirpath, f), ROOT)
                with open(os.path.join(ROOT, src), encoding="utf-8") as text:
                    for number, line in enumerate(text, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        checked += 1
                        name = m.group(1)
                        dst = resolve(src, name)
                        if dst is None:
                            if not GENERATED.match(os.path.basename(name)):
                                problems.append(f"{src}:{number}: \"{name}\" is not in the tree")
                            continue
                        why = allowed(src, dst)
                        if why:
                            problems.append(f"{src}:{number}: includes {dst}: {why}")
    for p in problems:
        print(p)
    print(f"layers: {checked} includes checked, {len(problems)} violations")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
