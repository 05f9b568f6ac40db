#!/usr/bin/env python3
"""Print, as CMake `set()` lines, the facts of an x86 cell's device tree the
firmware must agree with: the cell's RAM (first memory node, at 0), the
communication region, the console UART's port and the ACPI PM timer's
port. The firmware is built with them, so firmware and image agree by
construction.

  cell_layout.py build/x86_64-cell/x86_64-cell.dtb
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import fdtlib  # noqa: E402

ISA_IO = 1          # first address cell of an ISA-bus reg: 1 = I/O space
PM_TMR_BLOCK = 8    # PM1_TMR sits at PMBASE + 8 (ICH9 datasheet 13.8.3)
PMBASE_ALIGN = 128  # PMBASE is a 128-byte I/O block (ICH9 13.8.1)


def isa_port(tree, node):
    addr, size = tree.reg(node)[0]
    if addr >> 32 != ISA_IO:
        raise ValueError(f"{node.path}: not in I/O space")
    return addr & 0xffff, size


def layout(tree):
    mem = [n for n in tree.root.walk()
           if n.string("device_type") == "memory" and n.enabled()]
    if not mem:
        raise ValueError("no memory node")
    ram_base, ram_size = tree.reg(mem[0])[0]
    if ram_base != 0:
        raise ValueError(f"cell RAM at 0x{ram_base:x}: a Jailhouse x86 cell's starts at 0")
    # The one the image is built with (hv/jailhouse/comm_layout.py).
    comm = [n for n in tree.compatible("cellmate,jailhouse-comm-region") if n.enabled()]
    if len(comm) != 1:
        raise ValueError("needs exactly one enabled cellmate,jailhouse-comm-region node")
    comm_addr, _ = tree.reg(comm[0])[0]
    pm = tree.compatible("cellmate,acpi-pm-timer")
    if len(pm) != 1:
        raise ValueError("needs exactly one cellmate,acpi-pm-timer node")
    pm_port, _ = isa_port(tree, pm[0])
    if (pm_port - PM_TMR_BLOCK) % PMBASE_ALIGN:
        raise ValueError(f"PM timer port 0x{pm_port:x} is not an ICH9 PMBASE + 8")
    chosen = tree.find("/chosen")
    stdout = chosen.string("stdout-path") if chosen else None
    con = tree.find_path(stdout.split(":")[0]) if stdout else None
    if con is None:
        raise ValueError("/chosen/stdout-path names no node")
    con_port, _ = isa_port(tree, con)
    return {"FW_CELL_RAM_SIZE": ram_size, "FW_COMM_REGION": comm_addr,
            "FW_PM_TIMER_PORT": pm_port, "FW_CONSOLE_PORT": con_port}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: cell_layout.py BOARD.dtb")
    try:
        facts = layout(fdtlib.Tree.load(sys.argv[1]))
    except (ValueError, OSError, IndexError) as e:
        sys.exit(f"cell_layout: {sys.argv[1]}: {e}")
    for k, v in facts.items():
        print(f"set({k} 0x{v:x})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
