#!/usr/bin/env python3
"""Every write of a control register is the plain MOV to CRn, 0f 22 and a
ModRM byte, without a prefix: on an AMD CPU without decode assists,
Jailhouse decodes a trapped CR0 write itself and takes no prefix, so a
value in r8-r15 (a REX prefix) stops the cell. The compiler puts the
value where it already is, r8 or r9 for a fifth or sixth argument: read
from the code of the images given and of cr_probe.c's probes, which
must be among them.

  cr_decodable.py OBJDUMP FILE...
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "lib"))
import disasm  # noqa: E402

PROBES = 2


def main():
    objdump, files = sys.argv[1], sys.argv[2:]
    bad, probes, writes = [], set(), 0
    for path in files:
        for func, op, args, raw in disasm.instructions(objdump, path):
            if func.startswith("cr_probe_"):
                probes.add(func)
            if not op.startswith("mov") or ",%cr" not in args:
                continue
            writes += 1
            if not raw.startswith("0f 22 "):
                bad.append(f"{path}: {op} {args} ({raw})")
    for b in bad:
        print(f"{b}: a prefixed MOV to a control register")
    if len(probes) < PROBES:
        print(f"only {sorted(probes)} found: expected {PROBES} probes")
        return 1
    if bad:
        return 1
    print(f"{writes} control-register writes, none prefixed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
