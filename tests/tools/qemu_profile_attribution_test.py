#!/usr/bin/env python3
"""tools/qemu-profile.py counts a block against the function it starts in
only inside the image: a block below the first function or past the
image's code (__text_end: firmware's at the top of 4 GiB, a boot loader's)
is counted as outside the image, not as the image's last function (which
an x86 profile from reset used to credit with the firmware's 1.16M
instructions). Runs profile() on a hand-written QEMU exec log."""
import importlib.util
import os
import sys
import tempfile

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
spec = importlib.util.spec_from_file_location(
    "qemu_profile", os.path.join(TOP, "tools", "qemu-profile.py"))
qp = importlib.util.module_from_spec(spec)
spec.loader.exec_module(qp)


def block(pc, n):
    insns = "".join(f"0x{pc + i:08x}:  nop\n" for i in range(n))
    return f"IN:\n{insns}Trace 0: 0x7f0000000000 [00000000/{pc:016x}/000000b0/ff200000]\n"


# Firmware at the reset vector, the image's two functions, then code past
# __text_end (say, a copy the firmware runs from RAM above the image).
LOG = (block(0xfffffff0, 3) + block(0x1000, 2) + block(0x2000, 4)
       + block(0x3100, 5) + block(0x1000, 2))
SYMS = [(0x1000, "f"), (0x2000, "g")]

with tempfile.TemporaryDirectory() as tmp:
    log = os.path.join(tmp, "exec.log")
    with open(log, "w") as f:
        f.write(LOG)
    counts, _, _, _ = qp.profile(log, SYMS, None, None, 1, 0x3000)
    want = {qp.OUTSIDE: 8, "f": 4, "g": 4}
    if dict(counts) != want:
        sys.exit(f"FAIL: counts {dict(counts)}, expected {want}")
    print(f"ok   blocks outside the image counted apart: {dict(counts)}")
    # --from g: counting starts at g's block and the firmware's later
    # block stays outside the image too.
    counts, _, _, _ = qp.profile(log, SYMS, "g", None, 1, 0x3000)
    want = {qp.OUTSIDE: 5, "f": 2, "g": 4}
    if dict(counts) != want:
        sys.exit(f"FAIL: --from g counts {dict(counts)}, expected {want}")
    print(f"ok   from g: {dict(counts)}")
