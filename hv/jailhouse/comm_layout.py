#!/usr/bin/env python3
"""Print, as a CMake `set()` line, where the Jailhouse communication region
of a cell's device tree lies. The kernel is built with that address, so
that it can report a failure in the region's state word even before it has
read the device tree (a corrupt tree, a panic while drivers bind); the
generated cell config maps the same node, so image and config agree by
construction.

  comm_layout.py build/qemu-arm-cell/qemu-arm-cell.dtb
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools"))
import fdtlib  # noqa: E402

PAGE = 0x1000


def kernel_maps(tree, node):
    """Whether the kernel maps `node`'s window (common/memmap.c): every
    bus between it and the root an enabled simple-bus with an empty
    `ranges` (without one a bus has no CPU addresses; translating ones
    the kernel refuses)."""
    parent = node.parent
    while parent is not tree.root:
        if ("simple-bus" not in parent.strings("compatible")
                or not parent.enabled() or parent.props.get("ranges") != b""):
            return False
        parent = parent.parent
    return True


def comm_base(tree):
    nodes = [n for n in tree.compatible("cellmate,jailhouse-comm-region") if n.enabled()]
    if len(nodes) != 1:
        raise ValueError("needs exactly one enabled cellmate,jailhouse-comm-region node")
    node = nodes[0]
    if not kernel_maps(tree, node):
        raise ValueError(f"{node.path}: not on the root or a simple-bus "
                         "with an empty ranges, which the kernel maps")
    # Jailhouse reads and writes the page through its caches: mapped as a
    # device, the kernel would not see its writes, nor it the kernel's.
    if "cellmate,shared-memory" not in node.props:
        raise ValueError(f"{node.path}: needs cellmate,shared-memory (the "
                         "hypervisor accesses the page cached)")
    addr, size = tree.reg(node)[0]
    if addr % PAGE or size < PAGE:
        raise ValueError(f"{node.path}: 0x{addr:x} size 0x{size:x} is not a page")
    if addr + PAGE > 1 << 32:
        raise ValueError(f"{node.path}: 0x{addr:x} is above 4 GiB")
    return addr


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: comm_layout.py BOARD.dtb")
    try:
        base = comm_base(fdtlib.Tree.load(sys.argv[1]))
    except (ValueError, OSError, IndexError) as e:
        sys.exit(f"comm_layout: {sys.argv[1]}: {e}")
    print(f"set(JH_COMM_BASE 0x{base:x})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
