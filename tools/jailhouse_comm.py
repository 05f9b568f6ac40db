#!/usr/bin/env python3
"""Build a Jailhouse communication region page, as the hypervisor fills it
for a non-root cell (ABI revision 2; layout in docs/jailhouse.md and
hv/jailhouse/comm_region.h), for tests that run a cell image without the
hypervisor. Every field can be set, including wrong ones.

  jailhouse_comm.py --arch arm --console pl011:0x09000000 \\
      --gic 2:0x08000000:0x08010000 -o comm.bin
"""
import argparse
import struct
import sys

SIZE = 4096
CON_TYPES = {"none": 0, "8250": 2, "pl011": 3}
CON_MMIO = 0x1
CON_REGDIST_4 = 0x2


def build(arch, signature=b"JHCOMM", revision=2, flags=0, console=None,
          divider=0, regdist4=False, pci_mmconfig=0, gic=(2, 0, 0),
          pm_timer=0, num_cpus=1, tsc_khz=0, apic_khz=0, state=0, msg=0,
          con_flags=0, clock=(0, 0)):
    page = bytearray(SIZE)
    sig = signature[:6].ljust(6, b"\0")
    con_type, con_addr, con_mmio = 0, 0, False
    if console:
        con_type, con_addr, con_mmio = console
    con_flags |= (CON_MMIO if con_mmio else 0) | (CON_REGDIST_4 if regdist4 else 0)
    clock_reg, gate_nr = clock
    struct.pack_into("<6sHIIII", page, 0, sig, revision, state, msg, 0, flags)
    struct.pack_into("<QIHHIIQ", page, 24, con_addr, 0x1000 if con_type else 0,
                     con_type, con_flags, divider, gate_nr, clock_reg)
    struct.pack_into("<Q", page, 56, pci_mmconfig)
    if arch == "arm":
        version, gicd, gicc = gic
        struct.pack_into("<B7xQQQI", page, 64, version, gicd, gicc, 0, 0)
    else:
        struct.pack_into("<HHII", page, 64, pm_timer, num_cpus, tsc_khz, apic_khz)
    return bytes(page)


def parse_console(spec):
    """type:address[:pio] -> (type number, address, mmio)"""
    parts = spec.split(":")
    if parts[0] not in CON_TYPES or len(parts) not in (2, 3):
        raise argparse.ArgumentTypeError(f"console {spec!r}: TYPE:ADDRESS[:pio]")
    return CON_TYPES[parts[0]], int(parts[1], 0), not (len(parts) == 3 and parts[2] == "pio")


def parser():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--arch", choices=["arm", "x86"], required=True)
    p.add_argument("--signature", default="JHCOMM")
    p.add_argument("--revision", type=int, default=2)
    p.add_argument("--flags", type=lambda s: int(s, 0), default=0,
                   help="bit0 debug console permitted, bit1 active")
    p.add_argument("--console", type=parse_console, help="TYPE:ADDRESS[:pio]")
    p.add_argument("--divider", type=lambda s: int(s, 0), default=0)
    p.add_argument("--regdist4", action="store_true")
    p.add_argument("--con-flags", type=lambda s: int(s, 0), default=0,
                   help="more console flag bits (0x1000 inverted gate, 0x2000 MDR quirk)")
    p.add_argument("--clock", default="0:0", help="REGISTER:GATE_NR, the console clock gate")
    p.add_argument("--gic", default="2:0:0", help="VERSION:GICD:GICC (ARM)")
    p.add_argument("--pm-timer", type=lambda s: int(s, 0), default=0)
    p.add_argument("--cpus", type=int, default=1)
    p.add_argument("--tsc-khz", type=int, default=0)
    p.add_argument("--apic-khz", type=int, default=0)
    p.add_argument("--msg", type=lambda s: int(s, 0), default=0,
                   help="msg_to_cell: a message the hypervisor sent (its "
                   "reply_from_cell cleared) before the cell's first "
                   "instruction looks, as it may at once after the start")
    p.add_argument("-o", "--output")
    return p


def page_of(a):
    gic = tuple(int(x, 0) for x in a.gic.split(":"))
    clock = tuple(int(x, 0) for x in a.clock.split(":"))
    return build(a.arch, a.signature.encode(), a.revision, a.flags, a.console,
                 a.divider, a.regdist4, 0, gic, a.pm_timer, a.cpus, a.tsc_khz,
                 a.apic_khz, msg=a.msg, con_flags=a.con_flags, clock=clock)


def page_from_args(arch, argv):
    """The page for command-line style arguments (used by qemu-run.py)."""
    return page_of(parser().parse_args(["--arch", arch] + argv))


def main():
    a = parser().parse_args()
    if not a.output:
        sys.exit("jailhouse_comm.py: -o FILE is required")
    with open(a.output, "wb") as f:
        f.write(page_of(a))
    return 0


if __name__ == "__main__":
    sys.exit(main())
