#!/usr/bin/env python3
"""Our description of the Jailhouse cell-config ABI (tests/jailhouse/abi/)
has Jailhouse's layout and values in every revision it describes, and
lacks, in each, the names that revision's cell-config.h lacks: a config
written for the wrong revision must not compile against it.

The facts, read from siemens/jailhouse: include/jailhouse/cell-config.h
and console.h of master at f2320d2e (revision 14) and of 045c6122
(revision 12, as in v0.12); revision 13 only moved the system config's
IOMMU units; revision 15 is the CPU-list patch ("core: Change CPU
configuration to an array of structures", jailhouse-dev, 2023-05-19).
The decoder of check_cell_config.py reads the same offsets; this pins
them on the header itself, so the two cannot agree on a wrong layout, and
checks that the decoder follows Jailhouse's order of the arrays."""
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ABI = os.path.join(HERE, "abi")
REVISIONS = (12, 13, 14, 15)

# (struct, field, offset); the CPU-set field is named per revision below.
OFFSETS = [
    ("jailhouse_cell_desc", "signature", 0),
    ("jailhouse_cell_desc", "revision", 6),
    ("jailhouse_cell_desc", "name", 8),
    ("jailhouse_cell_desc", "id", 40),
    ("jailhouse_cell_desc", "flags", 44),
    ("jailhouse_cell_desc", "num_memory_regions", 52),
    ("jailhouse_cell_desc", "num_cache_regions", 56),
    ("jailhouse_cell_desc", "num_irqchips", 60),
    ("jailhouse_cell_desc", "num_pio_regions", 64),
    ("jailhouse_cell_desc", "num_pci_devices", 68),
    ("jailhouse_cell_desc", "num_pci_caps", 72),
    ("jailhouse_cell_desc", "num_stream_ids", 76),
    ("jailhouse_cell_desc", "vpci_irq_base", 80),
    ("jailhouse_cell_desc", "cpu_reset_address", 84),
    ("jailhouse_cell_desc", "msg_reply_timeout", 92),
    ("jailhouse_cell_desc", "console", 100),
    ("jailhouse_console", "address", 0),
    ("jailhouse_console", "size", 8),
    ("jailhouse_console", "type", 12),
    ("jailhouse_console", "flags", 14),
    ("jailhouse_console", "divider", 16),
    ("jailhouse_console", "gate_nr", 20),
    ("jailhouse_console", "clock_reg", 24),
    ("jailhouse_memory", "phys_start", 0),
    ("jailhouse_memory", "virt_start", 8),
    ("jailhouse_memory", "size", 16),
    ("jailhouse_memory", "flags", 24),
    ("jailhouse_irqchip", "address", 0),
    ("jailhouse_irqchip", "id", 8),
    ("jailhouse_irqchip", "pin_base", 12),
    ("jailhouse_irqchip", "pin_bitmap", 16),
    ("jailhouse_pio", "base", 0),
    ("jailhouse_pio", "length", 2),
]

SIZES = [("jailhouse_cell_desc", 132), ("jailhouse_console", 32),
         ("jailhouse_memory", 32), ("jailhouse_irqchip", 32), ("jailhouse_pio", 4)]

VALUES = [
    ("JAILHOUSE_CELL_PASSIVE_COMMREG", 0x1),
    ("JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED", 0x40000000),
    ("JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE", 0x80000000),
    ("JAILHOUSE_MEM_READ", 0x1), ("JAILHOUSE_MEM_WRITE", 0x2),
    ("JAILHOUSE_MEM_EXECUTE", 0x4), ("JAILHOUSE_MEM_IO", 0x10),
    ("JAILHOUSE_MEM_COMM_REGION", 0x20), ("JAILHOUSE_MEM_LOADABLE", 0x40),
    ("JAILHOUSE_MEM_ROOTSHARED", 0x80),
    ("JAILHOUSE_MEM_IO_8", 0x10000), ("JAILHOUSE_MEM_IO_16", 0x20000),
    ("JAILHOUSE_MEM_IO_32", 0x40000), ("JAILHOUSE_MEM_IO_64", 0x80000),
    ("JAILHOUSE_CON_TYPE_8250", 2), ("JAILHOUSE_CON_TYPE_PL011", 3),
    ("JAILHOUSE_CON_ACCESS_PIO", 0), ("JAILHOUSE_CON_ACCESS_MMIO", 1),
    ("JAILHOUSE_CON_REGDIST_1", 0), ("JAILHOUSE_CON_REGDIST_4", 2),
]


def layout(revision):
    """C asserting the layout and values of `revision`."""
    cpu_field = "num_cpus" if revision >= 15 else "cpu_set_size"
    offsets = OFFSETS + [("jailhouse_cell_desc", cpu_field, 48)]
    sizes, values = list(SIZES), VALUES + [("JAILHOUSE_CONFIG_REVISION", revision)]
    if revision >= 14:
        offsets.append(("jailhouse_cell_desc", "architecture", 5))
        values += [("JAILHOUSE_X86", 0), ("JAILHOUSE_ARM", 1)]
    if revision >= 15:
        offsets.append(("jailhouse_cpu", "phys_id", 0))
        sizes.append(("jailhouse_cpu", 16))
    lines = ["#include <stddef.h>"]
    lines += [f"_Static_assert(offsetof(struct {s}, {f}) == {o}, \"{s}.{f} at {o}\");"
              for s, f, o in offsets]
    lines += [f"_Static_assert(sizeof(struct {s}) == {n}, \"{s}: {n} bytes\");"
              for s, n in sizes]
    lines += [f"_Static_assert({name} == {value:#x}u, \"{name} is {value:#x}\");"
              for name, value in values]
    # "JHCELL" in six bytes up to revision 13, "JHCLL" in five from 14.
    sig = 5 if revision >= 14 else 6
    lines.append("_Static_assert(sizeof(((struct jailhouse_cell_desc *)0)->signature)"
                 f" == {sig}, \"a {sig}-byte signature\");")
    lines.append(f"_Static_assert(sizeof(JAILHOUSE_CELL_DESC_SIGNATURE) == {sig + 1}, "
                 f"\"a {sig}-character signature\");")
    return "\n".join(lines)


# (what, C that uses it, the revisions whose cell-config.h has it)
NAMES = [
    ("struct jailhouse_cpu", "struct jailhouse_cpu c = { .phys_id = 1 };", {15}),
    ("the descriptor's architecture byte",
     "struct jailhouse_cell_desc d = { .architecture = 1 };", {14, 15}),
    ("JAILHOUSE_ARM", "int a = JAILHOUSE_ARM;", {14, 15}),
    ("the descriptor's num_cpus", "struct jailhouse_cell_desc d = { .num_cpus = 1 };",
     {15}),
    ("the descriptor's cpu_set_size",
     "struct jailhouse_cell_desc d = { .cpu_set_size = 8 };", {12, 13, 14}),
]


def decoded_after_cache_regions():
    """check_cell_config.decode() on a revision-14 config with a cache
    region: Jailhouse puts the 12-byte struct jailhouse_cache entries
    between the memory regions and the irqchips. None, or the problem."""
    sys.path.insert(0, HERE)
    import check_cell_config  # noqa: E402
    head = struct.pack("<5sBH32sII9IQQQIHHIIQ", b"JHCLL", 1, 14, b"t", 0, 0,
                       8, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0x9000000, 0x1000, 3, 1, 0, 0, 0)
    body = (struct.pack("<Q", 0x2) + struct.pack("<QQQQ", 0x7f000000, 0, 0x100000, 0x47)
            + struct.pack("<IIBBH", 0, 8, 1, 0, 0)
            + struct.pack("<QII4I", 0x8000000, 0, 32, 4, 0, 0, 0)
            + struct.pack("<HH", 0x3f8, 8))
    cfg = check_cell_config.decode(head + body, 14)
    if cfg["irqs"] == [(0x8000000, 0, 32, 4, 0, 0, 0)] and cfg["pios"] == [(0x3f8, 8)]:
        return None
    return f"irqchips {cfg['irqs']}, port ranges {cfg['pios']}"


def compiles(tmp, revision, body):
    src = os.path.join(tmp, "abi.c")
    with open(src, "w") as f:
        f.write("#include <jailhouse/types.h>\n#include <jailhouse/cell-config.h>\n"
                + body + "\n")
    r = subprocess.run(["gcc", "-c", "-std=c11", "-Wall", "-Wextra", "-Werror",
                        f"-DCHECK_REVISION={revision}", "-I", ABI, src,
                        "-o", os.path.join(tmp, "abi.o")],
                       capture_output=True, text=True)
    return r.returncode == 0, r.stderr.strip()


def main():
    failed = total = 0
    with tempfile.TemporaryDirectory() as tmp:
        for rev in REVISIONS:
            total += 1
            ok, err = compiles(tmp, rev, layout(rev))
            if ok:
                print(f"ok   revision {rev}: Jailhouse's offsets, sizes and values")
            else:
                print(f"FAIL revision {rev}: the layout differs from Jailhouse's:\n{err}")
                failed += 1
        for what, body, has in NAMES:
            for rev in REVISIONS:
                total += 1
                ok, err = compiles(tmp, rev, body)
                if ok == (rev in has):
                    print(f"ok   revision {rev} {'has' if ok else 'lacks'} {what}")
                else:
                    print(f"FAIL revision {rev}: expected it to "
                          f"{'have' if rev in has else 'lack'} {what}, "
                          f"but a use {'does not compile: ' + err if not ok else 'compiles'}")
                    failed += 1
    total += 1
    problem = decoded_after_cache_regions()
    if problem:
        print(f"FAIL the decoder reads irqchips after the cache regions: {problem}")
        failed += 1
    else:
        print("ok   the decoder reads irqchips after the cache regions")
    print(f"{total - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
