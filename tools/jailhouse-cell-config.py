#!/usr/bin/env python3
"""Write the Jailhouse cell configuration (C source, compiled in Jailhouse's
configs/ tree against its cell-config.h) for a cellmate cell image, from the
same device tree blob the image embeds -- so the image and the config agree
by construction.

  jailhouse-cell-config.py build/qemu-arm-cell/qemu-arm-cell.dtb -o cell.c

What it takes from the device tree:
  - the cell's RAM (memory nodes, whole pages): a LOADABLE region at the
    node's address (virt 0 for a cell image), placed at --ram-phys in
    host memory;
  - the communication region (compatible "cellmate,jailhouse-comm-region",
    on a page boundary); no two regions may overlap;
  - every enabled memory-mapped device (on the root or on enabled
    simple-buses with an empty `ranges`, as the kernel maps them) except
    the interrupt controllers the hypervisor provides (the GIC, the local
    APIC and the IOAPIC; any other interrupt controller, such as a pin
    controller, is a device like the rest); Jailhouse traps the accesses
    to a subpage one and lets through only the widths its flags name:
    the node's reg-io-width (default: 1 byte for 8250s, 4 for the rest,
    the PL011 included), and for the console also the width its register
    distance implies to Jailhouse (1 byte apart: 8-bit, else 32-bit),
    which the kernel then uses;
  - ARM: the GIC's SPIs the devices use, as the irqchip pin bitmap (not
    those of devices marked cellmate,jailhouse-root-shared, nor of clock
    controllers: they stay the root cell's);
  - devices marked cellmate,jailhouse-root-shared and clock controllers
    (nodes with #clock-cells, whose clocks the root cell's devices use
    too) stay mapped in the root cell: JAILHOUSE_MEM_ROOTSHARED;
  - x86: the I/O port ranges of devices on the ISA bus (the PM timer is
    left out: Jailhouse lets every cell read it, and claiming its ports
    would take them from the root cell);
  - the console: /chosen/stdout-path, a path or an alias (type, address,
    access, spacing, the baud divider when the node has current-speed and
    clock-frequency, and the clock gate its cellmate,clock-gate =
    <register bit> names);
  - /chosen cellmate,jailhouse-cpus (CPU bitmap), cellmate,jailhouse-cpu-ids
    (physical CPU IDs, for revision 15), cellmate,jailhouse-ram-phys and
    cellmate,jailhouse-name as defaults for the options below.

The CPUs: up to revision 14 a bitmap of the root cell's (Linux's) CPU
numbers; from revision 15 a list of physical IDs, which Jailhouse's driver
matches against the MPIDR's affinity bits (ARM) or the APIC ID (x86) of
each CPU. The two are not interchangeable, so neither is derived from the
other: a revision-15 config needs the IDs, and with both given their
counts must agree.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fdtlib  # noqa: E402

MEM = {"READ": 0x1, "WRITE": 0x2, "EXECUTE": 0x4, "IO": 0x10,
       "COMM_REGION": 0x20, "LOADABLE": 0x40, "ROOTSHARED": 0x80,
       "IO_8": 1 << 16, "IO_16": 2 << 16, "IO_32": 4 << 16, "IO_64": 8 << 16}
UART_8250 = ("ns16550a", "ns16550", "ns8250", "snps,dw-apb-uart")
PAGE = 0x1000
# Devices the hypervisor virtualises for every cell and that are never
# mapped into one: the GIC (is_gic) and the x86 local APIC and IOAPIC.
HV_PROVIDED = {"intel,ce4100-lapic", "intel,ce4100-ioapic"}
# Jailhouse's name field: char name[JAILHOUSE_CELL_NAME_MAXLEN + 1].
NAME_MAXLEN = 31
# A device the root cell keeps using: its memory stays mapped there too
# (JAILHOUSE_MEM_ROOTSHARED) and its interrupts stay the root cell's.
ROOT_SHARED = "cellmate,jailhouse-root-shared"


def root_shared(node):
    """Whether the root cell keeps using the device: marked so, or a
    clock controller (a node with #clock-cells). A clock controller holds
    the clocks of the root cell's devices too (the cell maps one only to
    open its console's gate), and Jailhouse takes a region that is not
    ROOTSHARED away from the root cell at `cell create`: for a subpage
    one, the root cell's whole subpage region around it
    (hypervisor/control.c unmap_from_root_cell, mmio.c
    mmio_region_unregister), so root Linux's clock driver would stop on
    its next access."""
    return ROOT_SHARED in node.props or "#clock-cells" in node.props


class ConfigError(Exception):
    pass


def flags_expr(names):
    return " |\n\t\t\t\t".join("JAILHOUSE_MEM_" + n for n in names)


def is_gic(node):
    return any(c.endswith("-gic") or c == "arm,gic-400"
               for c in node.strings("compatible"))


def hv_provided(node):
    return is_gic(node) or bool(HV_PROVIDED & set(node.strings("compatible")))


def is_mmio_device(tree, node):
    if node is tree.root or not node.enabled() or "reg" not in node.props:
        return False
    if node.string("device_type") == "memory":
        return False
    return on_cpu_bus(tree, node)


def on_cpu_bus(tree, node):
    """Whether `node`'s reg holds CPU addresses, as the kernel maps them
    (common/memmap.c): every bus above it an enabled simple-bus with an
    empty `ranges` (one without `ranges` has no CPU addresses). A bus
    that translates the kernel refuses, and so does the config."""
    buses = []
    bus = node.parent
    while bus is not tree.root:
        buses.insert(0, bus)
        bus = bus.parent
    for bus in buses:
        if not bus.enabled() or "simple-bus" not in bus.strings("compatible") \
                or "ranges" not in bus.props:
            return False
        if bus.props["ranges"]:
            raise ConfigError(f"{bus.path}: its ranges translate addresses, "
                              "which the kernel does not (common/memmap.c)")
    return True


def present(node):
    """Whether the node and every node above it are enabled: a disabled
    bus hides its devices from the kernel (common/fdt.c fdt_reg), so
    their interrupts and ports are not the cell's to take."""
    while node is not None:
        if not node.enabled():
            return False
        node = node.parent
    return True


def is_isa_io(tree, node):
    """A device in an ISA bus's I/O space, as the kernel decodes one
    (drivers/bus/isa.c): on a bus with no `ranges`, at space 1. Its
    memory space (0) is the bus's own, which the kernel refuses."""
    p = node.parent
    if p is None or "isa" not in p.strings("compatible") or "ranges" in p.props:
        return False
    regs = tree.reg(node)
    return bool(regs) and regs[0][0] >> 32 == 1


def console_of(tree):
    chosen = tree.find("/chosen")
    path = chosen.string("stdout-path") if chosen else None
    if not path:
        raise ConfigError("/chosen/stdout-path names no console")
    try:
        node = tree.find_path(path.split(":")[0])
    except ValueError as e:
        raise ConfigError(f"stdout-path '{path}': {e}") from None
    if node is None:
        raise ConfigError(f"stdout-path {path} is not a node")
    # The UART the region names must be one the config maps (and the
    # kernel binds): a disabled one, or one on a disabled bus, is neither.
    if not present(node) or not (is_isa_io(tree, node) or is_mmio_device(tree, node)):
        raise ConfigError(f"console {node.path} is not a device the cell maps "
                          "(disabled, or not on an enabled bus)")
    compat = node.strings("compatible")
    if "arm,pl011" in compat:
        ctype = "PL011"
    elif any(c in compat for c in UART_8250):
        ctype = "8250"
    else:
        raise ConfigError(f"console {node.path}: no Jailhouse type for {compat}")
    addr, _ = tree.reg(node)[0]
    flags = []
    if is_isa_io(tree, node):
        addr &= 0xffffffff
        flags.append("JAILHOUSE_CON_ACCESS_PIO")
    else:
        flags.append("JAILHOUSE_CON_ACCESS_MMIO")
    shift = node.u32("reg-shift", 2 if ctype == "PL011" else 0)
    if shift not in (0, 2):
        raise ConfigError(f"console {node.path}: reg-shift {shift}: Jailhouse's "
                          "console has registers 1 or 4 bytes apart (0 or 2)")
    flags.append("JAILHOUSE_CON_REGDIST_4" if shift == 2 else "JAILHOUSE_CON_REGDIST_1")
    divider = 0
    clk, baud = node.u32("clock-frequency"), node.u32("current-speed")
    if clk and baud and ctype == "8250":
        divider = (clk + 8 * baud) // (16 * baud)
    gate = node.cells("cellmate,clock-gate")
    clock = (gate[0], gate[1]) if len(gate) == 2 else None
    # The kernel opens a gate only in an aligned 32-bit register of an
    # enabled clock controller (a node with #clock-cells) of the tree
    # (hv/jailhouse/console.c), which the config then maps: any other it
    # refuses, and the UART may stay without its clock.
    if clock and (clock[0] % 4 or clock[1] > 31 or not any(
            "#clock-cells" in n.props and is_mmio_device(tree, n)
            and any(b <= clock[0] and clock[0] + 4 <= b + sz
                    for b, sz in tree.reg(n))
            for n in tree.root.walk())):
        raise ConfigError(f"console {node.path}: cellmate,clock-gate "
                          f"<0x{clock[0]:x} {clock[1]}> is not a register of an "
                          "enabled clock controller (a node with #clock-cells) "
                          "that the cell maps, nor a bit of it")
    return {"type": ctype, "address": addr, "flags": flags, "divider": divider,
            "clock": clock, "node": node, "width": 4 if shift == 2 else 1}


def io_widths(node, con):
    """The access widths (bytes) the kernel uses on `node`'s registers."""
    width = node.u32("reg-io-width")
    if width is None:
        width = 1 if any(c in node.strings("compatible") for c in UART_8250) else 4
    if width not in (1, 2, 4, 8):
        raise ConfigError(f"{node.path}: reg-io-width {width} is not 1, 2, 4 or 8")
    widths = {width}
    if node is con["node"]:
        widths.add(con["width"])   # the region's console overrides the tree
    return sorted(widths)


def regions(tree, ram_phys, con):
    """(comment, phys, virt, size, flags) in a stable order."""
    out = []
    if ram_phys < 0 or ram_phys % PAGE:
        raise ConfigError(f"RAM at physical {hex(ram_phys)}: not a page-aligned "
                          "address")
    phys = ram_phys
    loadable = True
    for node in tree.root.walk():
        if node.string("device_type") != "memory" or not node.enabled():
            continue
        for addr, size in tree.reg(node):
            # A region whose address or size is not whole pages is one
            # Jailhouse traps as MMIO (JAILHOUSE_MEMORY_IS_SUBPAGE): the
            # cell could not even fetch an instruction from its RAM.
            if addr % PAGE or size % PAGE:
                raise ConfigError(f"{node.path}: RAM 0x{addr:x}+0x{size:x} is not "
                                  "whole pages, which Jailhouse maps as RAM")
            flags = ["READ", "WRITE", "EXECUTE"] + (["LOADABLE"] if loadable else [])
            out.append(("RAM", phys, addr, size, flags))
            phys += size
            loadable = False
    if not out:
        raise ConfigError("the device tree has no memory node")
    if phys > 1 << 64:
        raise ConfigError(f"RAM at physical 0x{ram_phys:x}: its 0x{phys - ram_phys:x} "
                          "bytes run past the end of a 64-bit address space")
    # The one comm_layout.py gives the image: a disabled one is no region.
    comm = [n for n in tree.compatible("cellmate,jailhouse-comm-region")
            if n.enabled()]
    if len(comm) != 1:
        raise ConfigError("the device tree needs exactly one enabled "
                          "cellmate,jailhouse-comm-region node")
    addr, size = tree.reg(comm[0])[0]
    if addr % PAGE:
        raise ConfigError(f"{comm[0].path}: the communication region at 0x{addr:x} "
                          "is not on a page boundary, where Jailhouse maps its page")
    out.append(("communication region", None, addr, PAGE, ["READ", "WRITE", "COMM_REGION"]))
    for node in tree.root.walk():
        if node is comm[0] or not is_mmio_device(tree, node):
            continue
        if hv_provided(node):
            continue
        for addr, size in tree.reg(node):
            flags = ["READ", "WRITE", "IO"]
            if addr % PAGE or size % PAGE:      # subpage: accesses are trapped
                flags += [f"IO_{8 * w}" for w in io_widths(node, con)]
            if root_shared(node):
                flags.append("ROOTSHARED")
            out.append((node.name, addr, addr, size, flags))
    check_overlaps(out)
    return out


def check_overlaps(regs):
    """Refuses regions that overlap in the cell's address space. Jailhouse
    does not: a later page mapping replaces an earlier one, and a subpage
    region inside a mapped page never traps, so one of the two would be
    silently lost. Nor in host memory (the RAM placed on a device), which
    Jailhouse's tools/jailhouse-config-check reports; the communication
    region is the hypervisor's page, not host memory of the config's."""
    virt = [(v, v + size, comment) for comment, _, v, size, _ in regs]
    phys = [(p, p + size, comment) for comment, p, _, size, _ in regs if p is not None]
    for spans, where in ((virt, "in the cell's address space"), (phys, "in host memory")):
        spans.sort()
        for (a0, a1, a), (b0, _, b) in zip(spans, spans[1:]):
            if b0 < a1:
                raise ConfigError(f"{a} (0x{a0:x}..0x{a1:x}) and {b} (from 0x{b0:x}) "
                                  f"overlap {where}")


def gic_pins(tree):
    """{GIC node: sorted SPI pins} of the enabled devices' interrupts, but
    for devices shared with the root cell: Jailhouse takes a cell's pins
    away from the root cell, whose driver of that device would lose its
    interrupt (the kernel refuses to use it, hv/jailhouse)."""
    pins = {}
    for node in tree.root.walk():
        if node is tree.root or not present(node):
            continue
        if root_shared(node):
            continue
        for ctl, cells in tree.interrupts(node):
            if not is_gic(ctl):
                continue
            if len(cells) == 3 and cells[0] == 0:       # SPI
                pins.setdefault(ctl, set()).add(32 + cells[1])
    return {k: sorted(v) for k, v in pins.items()}


def pio_ranges(tree):
    out = []
    for node in tree.root.walk():
        if not present(node) or not is_isa_io(tree, node):
            continue
        if "cellmate,acpi-pm-timer" in node.strings("compatible"):
            continue
        for addr, size in tree.reg(node):
            if addr >> 32 == 1:
                out.append((node.name, addr & 0xffff, size))
    return out


def cpu_list(cpus, cpu_ids, revision):
    """What the config lists: the bitmap's bit numbers up to revision 14,
    the physical IDs from revision 15."""
    if cpus is not None and not 0 < cpus < 1 << 64:
        raise ConfigError("the cell needs at least one CPU (a non-empty 64-bit "
                          "CPU bitmap)")
    if revision < 15:
        if cpus is None:
            raise ConfigError("give --cpus or set /chosen cellmate,jailhouse-cpus")
        return [i for i in range(64) if cpus >> i & 1]
    if cpu_ids is None:
        raise ConfigError("revision 15 lists the cell's CPUs by physical ID (ARM: "
                          "the MPIDR's affinity bits, x86: the APIC ID), which "
                          "the CPU bitmap does not give: give --cpu-ids or set "
                          "/chosen cellmate,jailhouse-cpu-ids")
    if not cpu_ids:
        raise ConfigError("the cell needs at least one CPU")
    if len(set(cpu_ids)) != len(cpu_ids):
        raise ConfigError(f"CPU IDs {cpu_ids} name a CPU twice")
    if any(not 0 <= c < 1 << 64 for c in cpu_ids):
        raise ConfigError(f"CPU IDs {cpu_ids}: not all are 64-bit values")
    if cpus is not None and bin(cpus).count("1") != len(cpu_ids):
        raise ConfigError(f"the CPU bitmap 0x{cpus:x} has {bin(cpus).count('1')} "
                          f"CPU(s), the physical IDs {len(cpu_ids)}")
    return cpu_ids


def generate(tree, arch, name, cpus, ram_phys, revision, virtual_console, passive,
             msg_reply_timeout=0, cpu_ids=None):
    con = console_of(tree)
    regs = regions(tree, ram_phys, con)
    pins = gic_pins(tree) if arch == "arm" else {}
    pios = pio_ranges(tree) if arch == "x86" else []
    cell_flags = []
    if passive:
        cell_flags.append("JAILHOUSE_CELL_PASSIVE_COMMREG")
    # Jailhouse copies each flag into the communication region on its own
    # and its debug-console hypercall tests PERMITTED only: ACTIVE alone
    # would tell the cell to use a hypercall that fails.
    if virtual_console in ("permitted", "active"):
        cell_flags.append("JAILHOUSE_CELL_VIRTUAL_CONSOLE_PERMITTED")
    if virtual_console == "active":
        cell_flags.append("JAILHOUSE_CELL_VIRTUAL_CONSOLE_ACTIVE")
    if not 0 <= msg_reply_timeout < 1 << 64:
        raise ConfigError(f"msg_reply_timeout {msg_reply_timeout} is not a 64-bit count")
    cpu_ids = cpu_list(cpus, cpu_ids, revision)
    if not name or len(name.encode()) > NAME_MAXLEN or \
            not all(" " <= ch <= "~" and ch not in '"\\' for ch in name):
        raise ConfigError(f"cell name {name!r}: Jailhouse takes 1 to {NAME_MAXLEN} "
                          "printable ASCII characters (and here no '\"' or '\\')")

    L = []
    w = L.append
    w("/*")
    w(f" * Jailhouse cell configuration for the cellmate image \"{name}\".")
    w(" * Generated by cellmate's tools/jailhouse-cell-config.py from the")
    w(f" * device tree the image embeds ({tree.root.string('model', '?')});")
    w(" * regenerate instead of editing. Build it in Jailhouse's configs/ tree.")
    w(" */")
    w("")
    w("#include <jailhouse/types.h>")
    w("#include <jailhouse/cell-config.h>")
    w("")
    w("struct {")
    w("\tstruct jailhouse_cell_desc cell;")
    if revision >= 15:
        w(f"\tstruct jailhouse_cpu cpus[{len(cpu_ids)}];")
    else:
        w("\t__u64 cpus[1];")
    w(f"\tstruct jailhouse_memory mem_regions[{len(regs)}];")
    if pins:
        w(f"\tstruct jailhouse_irqchip irqchips[{len(pins)}];")
    if pios:
        w(f"\tstruct jailhouse_pio pio_regions[{len(pios)}];")
    w("} __attribute__((packed)) config = {")
    w("\t.cell = {")
    w("\t\t.signature = JAILHOUSE_CELL_DESC_SIGNATURE,")
    # The architecture byte came with revision 14; v0.12 (12) and 13
    # have a six-byte signature in its place.
    if revision >= 14:
        w("\t\t.architecture = %s," % ("JAILHOUSE_ARM" if arch == "arm" else "JAILHOUSE_X86"))
    w("\t\t.revision = JAILHOUSE_CONFIG_REVISION,")
    w(f"\t\t.name = \"{name}\",")
    w("\t\t.flags = %s," % (" |\n\t\t\t ".join(cell_flags) if cell_flags else "0"))
    if msg_reply_timeout:
        w(f"\t\t.msg_reply_timeout = {msg_reply_timeout},")
    # Jailhouse starts the cell's first CPU at cpu_reset_address (0 unless
    # set): the image's entry, the start of the RAM it is linked for.
    entry = next(virt for _, _, virt, _, flags in regs if "LOADABLE" in flags)
    if entry:
        w(f"\t\t.cpu_reset_address = 0x{entry:x},")
    w("")
    if revision >= 15:
        w("\t\t.num_cpus = ARRAY_SIZE(config.cpus),")
    else:
        w("\t\t.cpu_set_size = sizeof(config.cpus),")
    w("\t\t.num_memory_regions = ARRAY_SIZE(config.mem_regions),")
    if pins:
        w("\t\t.num_irqchips = ARRAY_SIZE(config.irqchips),")
    if pios:
        w("\t\t.num_pio_regions = ARRAY_SIZE(config.pio_regions),")
    w("")
    w("\t\t.console = {")
    w(f"\t\t\t.address = 0x{con['address']:x},")
    if con["divider"]:
        w(f"\t\t\t.divider = 0x{con['divider']:x},")
    if con["clock"]:
        w(f"\t\t\t.clock_reg = 0x{con['clock'][0]:x},")
        w(f"\t\t\t.gate_nr = {con['clock'][1]},")
    w(f"\t\t\t.type = JAILHOUSE_CON_TYPE_{con['type']},")
    w("\t\t\t.flags = " + " |\n\t\t\t\t ".join(con["flags"]) + ",")
    w("\t\t},")
    w("\t},")
    w("")
    w("\t.cpus = {")
    if revision >= 15:
        for c in cpu_ids:
            w(f"\t\t{{ .phys_id = 0x{c:x} }},")
    else:
        w(f"\t\t0x{cpus:x},")
    w("\t},")
    w("")
    w("\t.mem_regions = {")
    for comment, phys, virt, size, flags in regs:
        w(f"\t\t/* {comment} */ {{")
        if phys is not None:
            w(f"\t\t\t.phys_start = 0x{phys:x},")
        w(f"\t\t\t.virt_start = 0x{virt:x},")
        w(f"\t\t\t.size = 0x{size:x},")
        w(f"\t\t\t.flags = {flags_expr(flags)},")
        w("\t\t},")
    w("\t},")
    if pins:
        w("")
        w("\t.irqchips = {")
        for ctl, spis in pins.items():
            base, _ = tree.reg(ctl)[0]
            words = [0, 0, 0, 0]
            for p in spis:
                if not 32 <= p < 32 + 128:
                    raise ConfigError(f"SPI pin {p} outside one irqchip entry")
                words[(p - 32) // 32] |= 1 << ((p - 32) % 32)
            w(f"\t\t/* {ctl.name}: pins {', '.join(str(p) for p in spis)} */ {{")
            w(f"\t\t\t.address = 0x{base:x},")
            w("\t\t\t.pin_base = 32,")
            w("\t\t\t.pin_bitmap = { " + ", ".join(f"0x{x:08x}" for x in words) + " },")
            w("\t\t},")
        w("\t},")
    if pios:
        w("")
        w("\t.pio_regions = {")
        for comment, base, size in pios:
            w(f"\t\tPIO_RANGE(0x{base:x}, {size}), /* {comment} */")
        w("\t},")
    w("};")
    return "\n".join(L) + "\n"


def number(text):
    """An integer in C notation (0x.., 0..); argparse names the option."""
    return int(text, 0)


number.__name__ = "number"


def number_list(text):
    return [number(x) for x in text.split(",")]


number_list.__name__ = "comma-separated number list"


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dtb", help="the board's compiled device tree (build/<preset>/<board>.dtb)")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--arch", choices=["arm", "x86"],
                   help="for a tree with neither a GIC (arm) nor a local APIC "
                        "(x86); default x86. Refused when the tree says otherwise")
    p.add_argument("--name", help="cell name (default: /chosen cellmate,jailhouse-name)")
    p.add_argument("--cpus", type=number,
                   help="CPU bitmap (default: /chosen cellmate,jailhouse-cpus)")
    p.add_argument("--cpu-ids", type=number_list,
                   help="revision 15: the cell's CPUs by physical ID, comma-separated "
                        "(ARM: MPIDR affinity bits, x86: APIC ID; default: /chosen "
                        "cellmate,jailhouse-cpu-ids)")
    p.add_argument("--ram-phys", type=number,
                   help="host-physical address of the cell's RAM, page-aligned, "
                        "memory the root cell does not use (default: /chosen "
                        "cellmate,jailhouse-ram-phys)")
    p.add_argument("--revision", type=int, choices=[12, 13, 14, 15], default=14,
                   help="Jailhouse config revision to write for: 12 (Jailhouse "
                        "v0.12) or 13 (no architecture byte), 14 (architecture "
                        "byte, CPU bitmap) or 15 (struct jailhouse_cpu list)")
    p.add_argument("--virtual-console", choices=["off", "permitted", "active"],
                   default="permitted")
    p.add_argument("--passive", action="store_true",
                   help="JAILHOUSE_CELL_PASSIVE_COMMREG: the hypervisor sends the "
                        "cell no messages and shuts it down without asking")
    p.add_argument("--msg-reply-timeout", type=number, default=0,
                   help="how long the hypervisor waits for the cell's answer to a "
                        "message, in iterations of its wait loop (not a time); "
                        "then it stops the cell as failed. 0 (default): forever")
    a = p.parse_args()
    try:
        tree = fdtlib.Tree.load(a.dtb)
        chosen = tree.find("/chosen")

        def default(value, prop, what):
            if value is not None:
                return value
            if chosen is not None and prop in chosen.props:
                return chosen.string(prop) if what == "string" else \
                    int.from_bytes(chosen.props[prop], "big")
            raise ConfigError(f"give --{prop.split('jailhouse-')[1]} or set /chosen {prop}")

        def optional(value, prop, cell_list=False):
            if value is not None or chosen is None or prop not in chosen.props:
                return value
            raw = chosen.props[prop]
            if cell_list:
                if not raw or len(raw) % 4:
                    raise ConfigError(f"/chosen {prop} is not a list of 32-bit cells")
                return [int.from_bytes(raw[i:i + 4], "big")
                        for i in range(0, len(raw), 4)]
            return int.from_bytes(raw, "big")

        if a.cpu_ids is not None and a.revision < 15:
            raise ConfigError("--cpu-ids is for revision 15; earlier revisions "
                              "take a CPU bitmap (--cpus)")
        # A GIC says ARM, a local APIC x86; a tree with neither takes
        # --arch (default x86).
        nodes = list(tree.root.walk())
        tree_arch = "arm" if any(is_gic(n) for n in nodes) else \
            "x86" if any("intel,ce4100-lapic" in n.strings("compatible")
                         for n in nodes) else None
        if a.arch and tree_arch and a.arch != tree_arch:
            raise ConfigError(f"--arch {a.arch}, but the device tree is for "
                              f"{tree_arch} (it has "
                              f"{'a GIC' if tree_arch == 'arm' else 'a local APIC'})")
        arch = tree_arch or a.arch or "x86"
        text = generate(tree, arch,
                        default(a.name, "cellmate,jailhouse-name", "string"),
                        optional(a.cpus, "cellmate,jailhouse-cpus"),
                        default(a.ram_phys, "cellmate,jailhouse-ram-phys", "int"),
                        a.revision, a.virtual_console, a.passive,
                        a.msg_reply_timeout,
                        optional(a.cpu_ids, "cellmate,jailhouse-cpu-ids",
                                 cell_list=True))
    except (ConfigError, ValueError, OSError) as e:
        sys.exit(f"jailhouse-cell-config: {a.dtb}: {e}")
    with open(a.output, "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
