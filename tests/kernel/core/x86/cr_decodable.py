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
import re
import subprocess
import sys

MOV_TO_CR = re.compile(r"^\s*[0-9a-f]+:\s+((?:[0-9a-f]{2} )+)\s*mov\s+(%\w+),(%cr\d)")
FUNC = re.compile(r"^[0-9a-f]+ <(cr_probe_[^>]+)>:$")
PROBES = 2


def main():
    objdump, files = sys.argv[1], sys.argv[2:]
    bad, probes, writes = [], set(), 0
    for path in files:
        out = subprocess.run([objdump, "-d", path], check=True,
                             capture_output=True, text=True).stdout
        for line in out.splitlines():
            m = FUNC.match(line)
            if m:
                probes.add(m.group(1))
            m = MOV_TO_CR.match(line)
            if not m:
                continue
            writes += 1
            if not m.group(1).startswith("0f 22 "):
                bad.append(f"{path}: mov {m.group(2)},{m.group(3)} "
                           f"({m.group(1).strip()})")
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
