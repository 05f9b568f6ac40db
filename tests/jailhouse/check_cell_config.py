#!/usr/bin/env python3
"""Checks that the Jailhouse cell config generated for a board agrees with
the board's device tree and with the image built from it: generate, compile
with the host compiler against our description of the ABI, read the
config's bytes back and compare field by field.

  check_cell_config.py --dtb build/P/B.dtb --image build/P/apps/hello.bin
"""
import argparse
import os
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.join(HERE, "..", "..", "tools")
sys.path.insert(0, TOOLS)
import fdtlib  # noqa: E402

MEM_READ, MEM_WRITE, MEM_EXECUTE, MEM_IO = 0x1, 0x2, 0x4, 0x10
MEM_COMM, MEM_LOADABLE, MEM_ROOTSHARED = 0x20, 0x40, 0x80
MEM_IO_WIDTH_SHIFT = 16     # MEM_IO_8/16/32/64: the width in bytes << 16
MEM_IO_WIDTHS = 0xf << MEM_IO_WIDTH_SHIFT
UART_8250 = ("ns16550a", "ns16550", "ns8250", "snps,dw-apb-uart")
CON_MMIO, CON_REGDIST_4 = 0x1, 0x2
CACHE_REGION_SIZE = 12      # struct jailhouse_cache: start, size, type, pad, flags

problems = []


def check(cond, what):
    if not cond:
        problems.append(what)
    return cond


def root_keeps(node):
    """Whether the root cell keeps using the device: marked
    cellmate,jailhouse-root-shared, or a clock controller (#clock-cells),
    whose clocks the root cell's devices use too."""
    return "cellmate,jailhouse-root-shared" in node.props or \
        "#clock-cells" in node.props


def config_bytes(c_file, revision, workdir):
    obj = os.path.join(workdir, "cell.o")
    raw = os.path.join(workdir, "cell.bin")
    subprocess.run(["gcc", "-c", "-Wall", "-Wextra", "-Werror", f"-DCHECK_REVISION={revision}",
                    "-I", os.path.join(HERE, "abi"), c_file, "-o", obj], check=True)
    subprocess.run(["objcopy", "-O", "binary", "-j", ".data", obj, raw], check=True)
    with open(raw, "rb") as f:
        return f.read()


def decode(data, revision):
    # Up to revision 13 (Jailhouse v0.12 is 12) the signature takes six
    # bytes and there is no architecture byte; the rest is the same.
    if revision >= 14:
        hdr = struct.unpack_from("<5sBH32sII9IQQQIHHIIQ", data, 0)
    else:
        hdr = struct.unpack_from("<6sH32sII9IQQQIHHIIQ", data, 0)
        hdr = hdr[:1] + (None,) + hdr[1:]
    (sig, arch, rev, name, _id, flags, ncpu, nmem, ncache, nirq, npio, _npci,
     _ncaps, _nstream, _vpci, _reset, timeout, con_addr, con_size, con_type,
     con_flags, con_div, con_gate, con_clock_reg) = hdr
    off = 132
    if revision >= 15:
        cpus = [struct.unpack_from("<Q8x", data, off + 16 * i)[0] for i in range(ncpu)]
        off += 16 * ncpu
    else:
        cpus = int.from_bytes(data[off:off + ncpu], "little")
        off += ncpu
    mems = [struct.unpack_from("<QQQQ", data, off + 32 * i) for i in range(nmem)]
    off += 32 * nmem
    off += CACHE_REGION_SIZE * ncache   # between memory regions and irqchips
    irqs = [struct.unpack_from("<QII4I", data, off + 32 * i) for i in range(nirq)]
    off += 32 * nirq
    pios = [struct.unpack_from("<HH", data, off + 4 * i) for i in range(npio)]
    return dict(sig=sig, arch=arch, rev=rev, name=name.rstrip(b"\0").decode(),
                flags=flags, cpus=cpus, mems=mems, irqs=irqs, pios=pios,
                msg_reply_timeout=timeout, reset=_reset,
                console=(con_addr, con_type, con_flags, con_div),
                console_clock=(con_clock_reg, con_gate))


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dtb", required=True)
    p.add_argument("--image", action="append", required=True,
                   help="a flat binary the cell loads (repeatable)")
    p.add_argument("--revision", type=int, default=14)
    a = p.parse_args()

    tree = fdtlib.Tree.load(a.dtb)
    chosen = tree.find("/chosen")
    with tempfile.TemporaryDirectory() as tmp:
        c_file = os.path.join(tmp, "cell.c")
        subprocess.run([sys.executable, os.path.join(TOOLS, "jailhouse-cell-config.py"),
                        a.dtb, "-o", c_file, "--revision", str(a.revision)], check=True)
        cfg = decode(config_bytes(c_file, a.revision, tmp), a.revision)

    is_arm = any(c.endswith("-gic") or c == "arm,gic-400"
                 for n in tree.root.walk() for c in n.strings("compatible"))
    if a.revision >= 14:
        check(cfg["sig"] == b"JHCLL", f"signature {cfg['sig']!r}")
        check(cfg["arch"] == (1 if is_arm else 0), f"architecture {cfg['arch']}")
    else:
        check(cfg["sig"] == b"JHCELL", f"signature {cfg['sig']!r}")
    check(cfg["rev"] == a.revision, f"revision {cfg['rev']}")
    check(cfg["name"] == chosen.string("cellmate,jailhouse-name"), f"name {cfg['name']}")
    # Up to revision 14 the bitmap, from 15 the physical IDs.
    if a.revision < 15:
        want_cpus = int.from_bytes(chosen.props["cellmate,jailhouse-cpus"], "big")
        check(cfg["cpus"] == want_cpus,
              f"CPU set 0x{cfg['cpus']:x}, device tree 0x{want_cpus:x}")
    else:
        raw = chosen.props["cellmate,jailhouse-cpu-ids"]
        want_ids = [int.from_bytes(raw[i:i + 4], "big") for i in range(0, len(raw), 4)]
        check(cfg["cpus"] == want_ids,
              f"CPU IDs {cfg['cpus']}, device tree {want_ids}")

    # RAM: one loadable region, where the image is linked, big enough.
    mem = [n for n in tree.root.walk()
           if n.string("device_type") == "memory" and n.enabled()][0]
    ram_virt, ram_size = tree.reg(mem)[0]
    ram_phys = int.from_bytes(chosen.props["cellmate,jailhouse-ram-phys"], "big")
    loadable = [m for m in cfg["mems"] if m[3] & MEM_LOADABLE]
    if check(len(loadable) == 1, f"{len(loadable)} loadable regions"):
        phys, virt, size, flags = loadable[0]
        check(virt == ram_virt and size == ram_size and phys == ram_phys,
              f"RAM region phys 0x{phys:x} virt 0x{virt:x} size 0x{size:x}")
        check(flags & (MEM_READ | MEM_WRITE | MEM_EXECUTE) == 7, "RAM not RWX")
        # Jailhouse starts the cell's first CPU at cpu_reset_address: the
        # image's entry, the start of the RAM it is linked for.
        check(cfg["reset"] == ram_virt,
              f"cpu_reset_address 0x{cfg['reset']:x}, but the image is linked "
              f"at 0x{ram_virt:x}")
        for image in a.image:
            image_size = os.path.getsize(image)
            check(image_size <= size, f"{os.path.basename(image)} of {image_size} "
                  f"bytes does not fit the {size}-byte RAM region")
    # The communication region, where the image looks for it.
    comm_node = tree.compatible("cellmate,jailhouse-comm-region")[0]
    comm_addr, _ = tree.reg(comm_node)[0]
    comm = [m for m in cfg["mems"] if m[3] & MEM_COMM]
    check(len(comm) == 1 and comm[0][1] == comm_addr and comm[0][2] == 0x1000,
          f"communication region {comm}")
    # No two regions overlap in the cell's address space.
    spans = sorted((m[1], m[1] + m[2]) for m in cfg["mems"])
    for (a0, a1), (b0, _) in zip(spans, spans[1:]):
        check(a1 <= b0, f"regions overlap at 0x{b0:x}")
    for phys, virt, size, flags in cfg["mems"]:
        if not flags & MEM_IO_WIDTHS:
            check(virt % 0x1000 == 0 and size % 0x1000 == 0,
                  f"region 0x{virt:x}+0x{size:x} not page-aligned")

    # The console the image prints to (its stdout-path) is the config's.
    con = tree.find_path(chosen.string("stdout-path").split(":")[0])
    con_addr, con_size = tree.reg(con)[0]
    pio = con.parent is not None and "isa" in con.parent.strings("compatible") \
        and con_addr >> 32 == 1
    con_addr &= 0xffffffff if pio else ~0
    c_addr, c_type, c_flags, _div = cfg["console"]
    want_type = 3 if "arm,pl011" in con.strings("compatible") else 2
    check(c_addr == con_addr and c_type == want_type,
          f"console 0x{c_addr:x} type {c_type}, device tree 0x{con_addr:x} type {want_type}")
    check(bool(c_flags & CON_MMIO) != pio, "console access type")
    if pio:
        check(any(b <= con_addr and con_addr + con_size <= b + n for b, n in cfg["pios"]),
              f"console ports 0x{con_addr:x} not in the cell's port ranges {cfg['pios']}")
    else:
        check(any(m[1] <= con_addr < m[1] + m[2] and m[3] & MEM_IO for m in cfg["mems"]),
              f"console 0x{con_addr:x} not in any device region")

    # Every device the kernel maps (common/memmap.c: enabled, under only
    # enabled simple-buses with an empty ranges) lies in a device region,
    # but those Jailhouse provides itself (the GIC, the local APIC and the
    # IOAPIC): the kernel's first access to one missing would stop the
    # cell. Written here from the kernel's rule, not the generator's.
    def kernel_maps(node):
        if node is tree.root or "reg" not in node.props \
                or node.string("device_type") == "memory":
            return False
        up = node
        while up is not None:
            if not up.enabled():
                return False
            if up is not node and up is not tree.root and (
                    "simple-bus" not in up.strings("compatible")
                    or up.props.get("ranges") != b""):
                return False
            up = up.parent
        return True
    provided = ("arm,cortex-a15-gic", "arm,cortex-a7-gic", "arm,cortex-a9-gic",
                "arm,gic-400", "intel,ce4100-lapic", "intel,ce4100-ioapic")
    for node in tree.root.walk():
        if not kernel_maps(node) or node is comm_node or \
                any(c in provided for c in node.strings("compatible")):
            continue
        for addr, size in tree.reg(node):
            check(any(m[1] <= addr and addr + size <= m[1] + m[2] and
                      m[3] & MEM_IO for m in cfg["mems"]),
                  f"{node.path}: 0x{addr:x}+0x{size:x} in no device region")
            # The root cell keeps what it shares and every clock
            # controller, whose clocks its own devices use: Jailhouse
            # unmaps the rest from it at `cell create`.
            keep = root_keeps(node)
            for m in cfg["mems"]:
                if m[1] <= addr < m[1] + m[2]:
                    check(bool(m[3] & MEM_ROOTSHARED) == keep,
                          f"{node.path}: region 0x{m[1]:x}+0x{m[2]:x} is "
                          f"{'' if m[3] & MEM_ROOTSHARED else 'not '}ROOTSHARED, "
                          f"but the root cell {'keeps' if keep else 'gives up'} "
                          "the device")

    # Jailhouse lets through only the widths a subpage region names: the
    # one the kernel uses on each device (reg-io-width, else 1 byte for an
    # 8250 and 4 for the rest) and, on the console, the one its register
    # distance means to Jailhouse (1 byte apart: 8-bit, else 32-bit).
    def widths_of(virt, size):
        return [m[3] for m in cfg["mems"] if m[1] == virt and m[2] == size]
    for node in tree.root.walk():
        if node is tree.root or not node.enabled() or "reg" not in node.props \
                or node.string("device_type") == "memory":
            continue
        wants = {node.u32("reg-io-width") or
                 (1 if any(c in node.strings("compatible") for c in UART_8250) else 4)}
        if node is con and not pio:
            wants.add(4 if c_flags & CON_REGDIST_4 else 1)
        for addr, size in tree.reg(node):
            for flags in widths_of(addr, size):
                if not (addr % 0x1000 or size % 0x1000):
                    continue
                for w in sorted(wants):
                    check(flags & (w << MEM_IO_WIDTH_SHIFT),
                          f"{node.path}: subpage region 0x{addr:x}+0x{size:x} does "
                          f"not let {8 * w}-bit accesses through")

    # ARM: every SPI of the cell's devices is the cell's, but for devices
    # shared with the root cell, whose interrupts must stay the root's.
    def cell_has_pin(ctl, pin):
        return any(i[0] == tree.reg(ctl)[0][0] and i[2] <= pin < i[2] + 128 and
                   i[3 + (pin - i[2]) // 32] >> ((pin - i[2]) % 32) & 1
                   for i in cfg["irqs"])
    for node in tree.root.walk() if is_arm else []:
        if node is tree.root or not node.enabled():
            continue
        shared = root_keeps(node)
        for ctl, cells in tree.interrupts(node):
            if len(cells) != 3 or cells[0] != 0:
                continue
            pin = 32 + cells[1]
            if shared:
                check(not cell_has_pin(ctl, pin),
                      f"{node.path} is shared with the root cell but its pin "
                      f"{pin} is assigned to the cell")
            else:
                check(cell_has_pin(ctl, pin),
                      f"{node.path}: interrupt pin {pin} not in the irqchip bitmap")

    # x86: the local APIC is the hypervisor's (never a memory region), and
    # the PM timer's ports stay Jailhouse's to grant (never a port range).
    if not is_arm:
        for lapic in tree.compatible("intel,ce4100-lapic"):
            base, size = tree.reg(lapic)[0]
            check(not any(m[1] < base + size and base < m[1] + m[2] for m in cfg["mems"]),
                  f"the local APIC at 0x{base:x} is mapped into the cell")
        for pm in tree.compatible("cellmate,acpi-pm-timer"):
            port, size = tree.reg(pm)[0]
            port &= 0xffff
            check(not any(b < port + size and port < b + n for b, n in cfg["pios"]),
                  f"the PM timer ports 0x{port:x} are in the cell's port ranges")

    if problems:
        print("cell config does NOT agree with the image:")
        for pr in problems:
            print("  -", pr)
        return 1
    print(f"cell config '{cfg['name']}' (revision {a.revision}) agrees with "
          f"{os.path.basename(a.dtb)} and {len(a.image)} images: "
          f"{len(cfg['mems'])} memory regions, {len(cfg['irqs'])} irqchips, "
          f"{len(cfg['pios'])} port ranges")
    return 0


if __name__ == "__main__":
    sys.exit(main())
