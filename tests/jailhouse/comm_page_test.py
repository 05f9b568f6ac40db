#!/usr/bin/env python3
"""tools/jailhouse_comm.py, which plays the hypervisor's part for the
in-guest tests, lays the communication region page out as Jailhouse does
(ABI revision 2): every field at Jailhouse's offset, with Jailhouse's
codes. The facts, read from siemens/jailhouse: include/jailhouse/
hypercall.h (2f21dba7: COMM_REGION_GENERIC_HEADER), console.h (42b1f5a5),
include/arch/x86/asm/jailhouse_hypercall.h (4381dda6) and
include/arch/arm-common/asm/jailhouse_hypercall.h (8c51dd45); the same
as Documentation/hypervisor-interfaces.txt (f9ac6fa0). The kernel's
hv/jailhouse/comm_region.h pins the same offsets at compile time."""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
import jailhouse_comm  # noqa: E402

# Distinct values, so a field read at another's offset shows.
CONSOLE = (2, 0x3f8, False)          # 8250 (2), port I/O
COMMON = dict(flags=0x3, console=CONSOLE, divider=0x0d, regdist4=True,
              pci_mmconfig=0xb0000000, state=1, msg=2, con_flags=0x1000,
              clock=(0x1c2006c, 23))


def common_problems(page):
    """Jailhouse's generic header, offsets 0 to 63."""
    want = [
        ("signature", "<6s", 0, b"JHCOMM"),
        ("revision", "<H", 6, 2),
        ("cell_state", "<I", 8, 1),
        ("msg_to_cell", "<I", 12, 2),
        ("reply_from_cell", "<I", 16, 0),
        ("flags", "<I", 20, 0x3),
        ("console.address", "<Q", 24, 0x3f8),
        ("console.size", "<I", 32, 0x1000),
        ("console.type", "<H", 36, 2),
        # port I/O (bit 0 clear), registers 4 apart (bit 1), inverted gate (bit 12)
        ("console.flags", "<H", 38, 0x1002),
        ("console.divider", "<I", 40, 0x0d),
        ("console.gate_nr", "<I", 44, 23),
        ("console.clock_reg", "<Q", 48, 0x1c2006c),
        ("pci_mmconfig_base", "<Q", 56, 0xb0000000),
    ]
    return fields(page, want)


def fields(page, want):
    out = []
    for name, fmt, off, value in want:
        got = struct.unpack_from(fmt, page, off)[0]
        if got != value:
            out.append(f"{name} at {off}: {got!r}, expected {value!r}")
    return out


def main():
    cases = []
    x86 = jailhouse_comm.build("x86", pm_timer=0x608, num_cpus=3, tsc_khz=2600000,
                               apic_khz=1000000, **COMMON)
    cases.append(("x86", x86, common_problems(x86) + fields(x86, [
        ("pm_timer_address", "<H", 64, 0x608),
        ("num_cpus", "<H", 66, 3),
        ("tsc_khz", "<I", 68, 2600000),
        ("apic_khz", "<I", 72, 1000000),
    ])))
    arm = jailhouse_comm.build("arm", gic=(2, 0x01c81000, 0x01c82000), **COMMON)
    cases.append(("ARM", arm, common_problems(arm) + fields(arm, [
        ("gic_version", "<B", 64, 2),
        ("padding", "<7s", 65, bytes(7)),
        ("gicd_base", "<Q", 72, 0x01c81000),
        ("gicc_base", "<Q", 80, 0x01c82000),
        ("gicr_base", "<Q", 88, 0),
        ("vpci_irq_base", "<I", 96, 0),
    ])))
    # --msg: the region just after cell_start zeroed it (state RUNNING)
    # and jailhouse_send_msg_to_cell sent a message (reply cleared).
    sent = jailhouse_comm.page_from_args("arm", ["--msg", "2"])
    cases.append(("--msg", sent, fields(sent, [
        ("cell_state", "<I", 8, 0),
        ("msg_to_cell", "<I", 12, 2),
        ("reply_from_cell", "<I", 16, 0),
    ])))
    # The console types and flag bits the tool's options name.
    codes = fields(struct.pack("<HHHHH", jailhouse_comm.CON_TYPES["8250"],
                               jailhouse_comm.CON_TYPES["pl011"],
                               jailhouse_comm.CON_TYPES["none"],
                               jailhouse_comm.CON_MMIO, jailhouse_comm.CON_REGDIST_4),
                   [("JAILHOUSE_CON_TYPE_8250", "<H", 0, 2),
                    ("JAILHOUSE_CON_TYPE_PL011", "<H", 2, 3),
                    ("JAILHOUSE_CON_TYPE_NONE", "<H", 4, 0),
                    ("JAILHOUSE_CON_ACCESS_MMIO", "<H", 6, 1),
                    ("JAILHOUSE_CON_REGDIST_4", "<H", 8, 2)])
    cases.append(("console codes", None, codes))
    failed = 0
    for what, page, problems in cases:
        if page is not None and len(page) != 4096:
            problems.append(f"{len(page)} bytes, expected one 4096-byte page")
        if problems:
            print(f"FAIL {what}: " + "; ".join(problems))
            failed += 1
        else:
            print(f"ok   {what}: Jailhouse's layout")
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
