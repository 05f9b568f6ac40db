#!/usr/bin/env python3
"""Every return from an interrupt leaves the local exclusive monitor open:
between the handler's last call and the RFE that resumes the interrupted
code there is a CLREX or a (dummy) STREX. Otherwise an LDREX of the
handler, or the monitor the interrupted LDREX set, survives into the
interrupted code, and its STREX can succeed over a plain store that the
handler made to the same word (DDI 0406C A3.4.1: whether such a store
clears the monitor is IMPLEMENTATION DEFINED; Cortex-A9's does not).
QEMU's monitor compares values, so no run there can show the loss.

  exception_return.py OBJDUMP ELF
"""
import re
import subprocess
import sys

FUNC = re.compile(r"^[0-9a-f]+ <([^>]+)>:$")
CALL = re.compile(r"\tblx?\s")
CLEAR = re.compile(r"\t(clrex|strex)\b")
RETURN = re.compile(r"\trfe[a-z]*\s")


def returns(lines):
    """(function, cleared) for each RFE in the image."""
    func, cleared = None, False
    for line in lines:
        m = FUNC.match(line)
        if m:
            func, cleared = m.group(1), False
        elif CALL.search(line):
            cleared = False
        elif CLEAR.search(line):
            cleared = True
        elif RETURN.search(line):
            yield func, cleared


def main():
    objdump, elf = sys.argv[1:3]
    out = subprocess.run([objdump, "-d", "--no-show-raw-insn", elf],
                         stdout=subprocess.PIPE, text=True, check=True).stdout
    found = list(returns(out.splitlines()))
    if not found:
        print("no RFE in the image")
        return 1
    bad = [f for f, cleared in found if not cleared]
    for f in bad:
        print(f"{f}: returns from an exception with the monitor as the "
              "handler left it")
    print(f"{len(found)} exception return(s), {len(bad)} without a "
          "monitor clear")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
