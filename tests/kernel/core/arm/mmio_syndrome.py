#!/usr/bin/env python3
"""Every device register access of the ARM port is a single-register
LDR/STR (B, H) without writeback: when a hypervisor traps the access to
emulate the device (Jailhouse: the GIC distributor, and each device
region smaller than a page), it decodes it from the abort's instruction
syndrome, which the CPU leaves invalid for writeback and post-indexed
forms and for multi-register loads and stores (DDI 0406C B3.13.6,
HSR.ISV = 0); Jailhouse then stops the cell. The compiler picks such
forms for plain volatile accesses in loops, and QEMU emulates them all,
so no run can show it: read from the code of mmio_probe.c's loops.

  mmio_syndrome.py OBJDUMP OBJECT
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "lib"))
import disasm  # noqa: E402

MEMORY = re.compile(r"^(ldr|str|ldm|stm|ldrd|strd|push|pop|vld|vst)")
BAD_FORM = re.compile(r"\]!|\],")
MULTI = re.compile(r"^(ldm|stm|ldrd|strd|vldm|vstm)")
PROBES = 6


def offense(op, args):
    """The access, when it gives no valid syndrome; accesses to the stack
    (sp-based, push and pop) are not the device's."""
    if not MEMORY.match(op) or op in ("push", "pop") or "sp" in args:
        return None
    if BAD_FORM.search(args) or MULTI.match(op):
        return f"{op} {args}".strip()
    return None


if __name__ == "__main__":
    sys.exit(disasm.probe_main(
        "mmio_probe_", PROBES, offense,
        " gives no valid instruction syndrome (writeback, post-indexed or "
        "multi-register)",
        "every device register access is a single register without "
        "writeback"))
