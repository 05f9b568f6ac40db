#!/usr/bin/env python3
"""Every device register access of the x86 port is a MOV whose address
is a bare base register: a hypervisor that emulates a device (Jailhouse:
the xAPIC, the IOAPIC) decodes the trapping instruction itself, and
Jailhouse's decoder refuses an index register above r7 (REX.X), a SIB
byte with a displacement (a base of %rsp or %r12 plus an offset) and a
32-bit absolute address; the cell then stops ("FATAL: unsupported
instruction"). The compiler picks any of them for a plain memory operand
(base + offset, a table's entry i, a constant address), depending on its
register choice; a bare base register is decodable with every register.
QEMU emulates every form, so no run can show it: read from the code of
mmio_probe.c's accesses.

  mmio_decodable.py OBJDUMP OBJECT
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "lib"))
import disasm  # noqa: E402

# AT&T operands: disp(base,index,scale), or a bare number for an
# absolute address (an immediate has a '$').
MEMORY = re.compile(r"^(-?(?:0x)?[0-9a-f]*)\((%\w+)?(?:,(%\w+))?(?:,\d)?\)$")
ABSOLUTE = re.compile(r"^(?:%[a-z]s:)?(?:0x)?[0-9a-f]+$")
STACK = ("%rsp", "%esp")
# (%rbp) and (%r13) have no form without a displacement: a zero one.
ZERO_DISP_BASES = ("%rbp", "%ebp", "%r13")
PROBES = 6


def decodable(op, operand):
    """Whether a memory operand of instruction `op` is one Jailhouse's
    decoder takes: a MOV through a bare base register."""
    m = MEMORY.match(operand)
    if not m:
        return not ABSOLUTE.match(operand)
    disp, base, index = m.groups()
    if base in STACK:
        return True
    return op.startswith("mov") and base is not None and \
        base != "%rip" and not index and \
        (not disp or (disp == "0x0" and base in ZERO_DISP_BASES))


def offense(op, args):
    """The instruction, when it is a device access Jailhouse cannot
    decode: not a MOV, an index register, a displacement, an absolute
    address."""
    args = args.split("#")[0].strip()
    if op.startswith(("push", "pop", "ret", "call", "j", "lea", "nop")):
        return None
    # Operands split at the commas outside parentheses.
    operands = re.findall(r"[^,(]*\([^)]*\)|[^,]+", args)
    if not all(decodable(op, o.strip()) for o in operands if o.strip()):
        return f"{op} {args}"
    return None


if __name__ == "__main__":
    sys.exit(disasm.probe_main(
        "mmio_probe_", PROBES, offense,
        ": not a MOV through a bare base register, the form a "
        "hypervisor's decoder takes whatever register the compiler picks",
        "every device register access is a MOV through a bare base "
        "register"))
