#!/usr/bin/env python3
"""Checks that the documentation points at every man page the project ships.

- pgmd.service's Documentation= names every page in man/ (systemctl status
  and help show them);
- the SEE ALSO of pgmctl(1) and of pgmd(8), where an operator starts,
  names every other page in man/.

Prints each missing reference and exits 1 if there is any.
"""
import os
import re
import sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".."))
MAN = os.path.join(ROOT, "man")


def shipped_pages():
    pages = set()
    for f in os.listdir(MAN):
        m = re.fullmatch(r"(.+)\.([1-8])", f)
        if m:
            pages.add((m.group(1), m.group(2)))
    return pages


def see_also(page_file):
    with open(os.path.join(MAN, page_file), encoding="utf-8") as f:
        text = f.read()
    section = re.search(r"^\.SH SEE ALSO\n(.*?)(?=^\.SH|\Z)", text, re.M | re.S)
    if not section:
        return set()
    # .BR name (N), with roff's \- for a dash
    return {(n.replace("\\-", "-"), s) for n, s in re.findall(r"^\.BR\s+(\S+)\s+\((\d)\)", section.group(1), re.M)}


def documentation(unit_file):
    with open(os.path.join(ROOT, unit_file), encoding="utf-8") as f:
        refs = set()
        for line in f:
            if line.startswith("Documentation="):
                refs |= set(re.findall(r"man:([^()\s]+)\((\d)\)", line))
    return refs


def main():
    pages = shipped_pages()
    problems = []
    missing = pages - documentation("units/pgmd.service.in")
    problems += [f"units/pgmd.service.in: Documentation= lacks man:{n}({s})" for n, s in sorted(missing)]
    for start in [("pgmctl", "1"), ("pgmd", "8")]:
        missing = pages - {start} - see_also(f"{start[0]}.{start[1]}")
        problems += [f"man/{start[0]}.{start[1]}: SEE ALSO lacks {n}({s})" for n, s in sorted(missing)]
    for p in problems:
        print(p)
    print(f"man references: {len(pages)} pages, {len(problems)} missing")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
