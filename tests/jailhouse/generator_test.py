#!/usr/bin/env python3
"""The cell-config generator refuses device trees it cannot turn into a
correct config, naming the problem (instead of writing a wrong config),
and writes what its options and the tree ask for: each OUTPUTS case
compiles the generated config against our description of the ABI and
reads the fields back."""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "..", "..", "tools", "jailhouse-cell-config.py")
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
import check_cell_config  # noqa: E402
import dtstest  # noqa: E402

CELL_PASSIVE_COMMREG = 0x1
CELL_CONSOLE_PERMITTED, CELL_CONSOLE_ACTIVE = 0x40000000, 0x80000000
CELL_CONSOLE = CELL_CONSOLE_PERMITTED | CELL_CONSOLE_ACTIVE

GOOD = """/dts-v1/;
/ {
	#address-cells = <1>; #size-cells = <1>;
	memory@0 { device_type = "memory"; reg = <0 0x100000>; };
	comm@80000000 { compatible = "cellmate,jailhouse-comm-region"; reg = <0x80000000 0x1000>; };
	uart@9000000 { compatible = "arm,pl011"; reg = <0x9000000 0x1000>; };
	chosen {
		stdout-path = "/uart@9000000";
		cellmate,jailhouse-name = "t";
		cellmate,jailhouse-cpus = <2>;
		cellmate,jailhouse-ram-phys = <0x7f000000>;
	};
};
"""

CASES = [
    ("a tree without a communication region",
     GOOD.replace('compatible = "cellmate,jailhouse-comm-region";', ""),
     "exactly one enabled cellmate,jailhouse-comm-region"),
    ("a tree without stdout-path",
     GOOD.replace('stdout-path = "/uart@9000000";', ""),
     "stdout-path names no console"),
    ("a stdout-path through an alias /aliases does not have",
     GOOD.replace('stdout-path = "/uart@9000000";', 'stdout-path = "serial0";'),
     "stdout-path 'serial0': no alias 'serial0' in /aliases"),
    # The comm region would name a UART the config does not map and the
    # kernel does not bind (nor its stdout-path: no console at all).
    ("a disabled console",
     GOOD.replace('reg = <0x9000000 0x1000>; };',
                  'reg = <0x9000000 0x1000>; status = "disabled"; };'),
     "not a device the cell maps"),
    ("a console of an unknown type",
     GOOD.replace('"arm,pl011"', '"acme,uart"'),
     "no Jailhouse type"),
    ("a tree without RAM",
     GOOD.replace('device_type = "memory";', ""),
     "no memory node"),
    ("no physical RAM address",
     GOOD.replace("cellmate,jailhouse-ram-phys = <0x7f000000>;", ""),
     "give --ram-phys"),
    ("an empty CPU set",
     GOOD.replace("cellmate,jailhouse-cpus = <2>;", "cellmate,jailhouse-cpus = <0>;"),
     "at least one CPU"),
    # Revision 15 names CPUs by physical ID, which the bitmap's Linux CPU
    # numbers are not: never derived from it.
    ("revision 15 without physical CPU IDs", GOOD,
     "give --cpu-ids or set /chosen cellmate,jailhouse-cpu-ids", ["--revision", "15"]),
    ("--cpu-ids for a bitmap revision", GOOD,
     "--cpu-ids is for revision 15", ["--cpu-ids", "1"]),
    ("a physical CPU ID twice", GOOD,
     "name a CPU twice", ["--revision", "15", "--cpu-ids", "1,1"]),
    ("more physical IDs than the bitmap has CPUs", GOOD,
     "has 1 CPU(s), the physical IDs 2", ["--revision", "15", "--cpu-ids", "2,4"]),
    # Jailhouse's console has registers 1 or 4 bytes apart, nothing else.
    ("a console whose registers are 2 bytes apart",
     GOOD.replace('"arm,pl011"; reg = <0x9000000 0x1000>;',
                  '"ns16550a"; reg = <0x9000000 0x1000>; reg-shift = <1>;'),
     "reg-shift 1"),
    # Its name field holds 31 characters; the config is C source.
    ("a cell name longer than Jailhouse's 31 characters",
     GOOD.replace('cellmate,jailhouse-name = "t";',
                  'cellmate,jailhouse-name = "a-cell-name-of-32-characters-xyz";'),
     "1 to 31 printable ASCII"),
    ("a cell name with a quote", GOOD, "1 to 31 printable ASCII", ["--name", 'a"b']),
    # Jailhouse maps whole pages, within 64 bits.
    ("RAM at a negative address", GOOD, "not a page-aligned address",
     ["--ram-phys", "-1"]),
    ("RAM not page-aligned", GOOD, "not a page-aligned address",
     ["--ram-phys", "0x7e000001"]),
    ("RAM that runs past 2^64", GOOD, "past the end of a 64-bit address space",
     ["--ram-phys", "0xfffffffffff80000"]),
    ("an --arch the tree contradicts",
     GOOD.replace('uart@9000000 {', 'apic@fee00000 { compatible = "intel,ce4100-lapic"; '
                  'reg = <0xfee00000 0x1000>; };\n\tuart@9000000 {'),
     "--arch arm, but the device tree is for x86 (it has a local APIC)"),
    ("two communication regions",
     GOOD.replace("	chosen {", """	comm@80001000 { compatible = "cellmate,jailhouse-comm-region";
		reg = <0x80001000 0x1000>; };
	chosen {""", 1),
     "exactly one enabled cellmate,jailhouse-comm-region"),
    # Jailhouse's msg_reply_timeout is a __u64.
    ("a negative --msg-reply-timeout", GOOD, "is not a 64-bit count",
     ["--msg-reply-timeout", "-1"]),
    ("a --msg-reply-timeout of 2^64", GOOD, "is not a 64-bit count",
     ["--msg-reply-timeout", "0x10000000000000000"]),
    # The kernel does not translate a bus's addresses (common/memmap.c):
    # mapped untranslated, its devices would be at the wrong address.
    ("a device behind a bus whose ranges translate",
     GOOD.replace("	chosen {", """	soc { compatible = "simple-bus"; #address-cells = <1>;
		#size-cells = <1>; ranges = <0 0x9040000 0x10000>;
		dev@0 { compatible = "acme,x"; reg = <0 0x1000>; }; };
	chosen {""", 1),
     "/soc: its ranges translate addresses"),
    ("RAM a page past 2^64", GOOD, "past the end of a 64-bit address space",
     ["--ram-phys", "0xfffffffffff01000"]),
    ("a CPU bitmap wider than 64 bits", GOOD, "a non-empty 64-bit",
     ["--cpus", "0x10000000000000000"]),
    ("a physical CPU ID of more than 64 bits", GOOD, "not all are 64-bit values",
     ["--revision", "15", "--cpus", "6", "--cpu-ids", "1,0x10000000000000000"]),
    ("a reg-io-width Jailhouse has no flag for",
     GOOD.replace('reg = <0x9000000 0x1000>; };', 'reg = <0x9000000 0x100>; '
                  'reg-io-width = <3>; };'),
     "reg-io-width 3 is not 1, 2, 4 or 8"),
    # Jailhouse traps a region that is not whole pages as MMIO
    # (JAILHOUSE_MEMORY_IS_SUBPAGE), RAM and the communication region too.
    ("RAM whose size is not whole pages",
     GOOD.replace("reg = <0 0x100000>;", "reg = <0 0x100800>;"),
     "/memory@0: RAM 0x0+0x100800 is not whole pages"),
    ("RAM not on a page boundary",
     GOOD.replace("reg = <0 0x100000>;", "reg = <0x800 0x100000>;"),
     "/memory@0: RAM 0x800+0x100000 is not whole pages"),
    ("a communication region not on a page boundary",
     GOOD.replace("reg = <0x80000000 0x1000>;", "reg = <0x80000800 0x1000>;"),
     "is not on a page boundary"),
    # Jailhouse does not check: one of two overlapping regions is lost.
    ("a device inside the cell's RAM",
     GOOD.replace("	chosen {", """	dev@1000 { compatible = "acme,x"; reg = <0x1000 0x1000>; };
	chosen {""", 1),
     "RAM (0x0..0x100000) and dev@1000 (from 0x1000) overlap"),
    ("a device on the communication region",
     GOOD.replace("	chosen {", """	dev@80000000 { compatible = "acme,x"; reg = <0x80000000 0x100>; };
	chosen {""", 1),
     "overlap in the cell's address space"),
    ("RAM placed on a device in host memory", GOOD,
     "overlap in host memory",
     ["--ram-phys", "0x9000000"]),
    ("a /chosen cellmate,jailhouse-cpu-ids that is not 32-bit cells",
     GOOD.replace("cellmate,jailhouse-cpus = <2>;",
                  "cellmate,jailhouse-cpus = <2>; cellmate,jailhouse-cpu-ids = [01 02];"),
     "not a list of 32-bit cells", ["--revision", "15"]),
]


# With a GIC: a UART the root cell keeps using (pin 33) and a timer of the
# cell's own (pin 34).
GIC = GOOD.replace("#size-cells = <1>;\n", """#size-cells = <1>;
	interrupt-parent = <&gic>;
	gic: interrupt-controller@8000000 {
		compatible = "arm,cortex-a15-gic"; #interrupt-cells = <3>;
		interrupt-controller; reg = <0x8000000 0x10000>, <0x8010000 0x10000>;
	};
	timer@9010000 { compatible = "acme,timer"; reg = <0x9010000 0x1000>;
		interrupts = <0 2 4>; };
""", 1).replace('reg = <0x9000000 0x1000>; };',
                'reg = <0x9000000 0x1000>; interrupts = <0 1 4>;\n'
                '\t\tcellmate,jailhouse-root-shared; };')


# A pin controller that is also an interrupt controller (as the A20's):
# a device of the cell like any other, mapped along with its SPI.
PINCTRL = GIC.replace('	timer@9010000', """	pinctrl@9020000 { compatible = "acme,pinctrl";
		reg = <0x9020000 0x400>; interrupt-controller;
		#interrupt-cells = <3>; interrupts = <0 3 4>; };
	timer@9010000""", 1)


# One irqchip entry holds pins 32 to 159: SPI 127 is the last.
CASES.append(("an SPI past the 128 of one irqchip entry",
              GIC.replace("interrupts = <0 2 4>", "interrupts = <0 128 4>"),
              "SPI pin 160 outside one irqchip entry"))

# A device wired to the pin controller's interrupts, not the GIC's: the
# pin controller's SPI is the cell's, the device's pin number is no SPI.
ON_PINCTRL = PINCTRL.replace("pinctrl@9020000 {", "pio: pinctrl@9020000 {").replace(
    "	timer@9010000", """	button@9030000 { compatible = "acme,button"; reg = <0x9030000 0x1000>;
		interrupt-parent = <&pio>; interrupts = <0 5 4>; };
	timer@9010000""", 1)

# A device whose interrupt parent is a nexus (interrupt-map): its SPI is
# not found through the map, and the kernel refuses the line; so does the
# generator, rather than leave the pin out.
CASES.append(("a device whose interrupt parent is a nexus",
              GIC.replace("	timer@9010000", """	nexus: nexus@9040000 { reg = <0x9040000 0x1000>;
		#address-cells = <0>; #interrupt-cells = <1>;
		interrupt-map-mask = <7>; interrupt-map = <0 &gic 0 6 4>; };
	dev@9050000 { compatible = "acme,dev"; reg = <0x9050000 0x1000>;
		interrupt-parent = <&nexus>; interrupts = <0>; };
	timer@9010000""", 1),
              "/dev@9050000: interrupt parent /nexus@9040000 is no interrupt "
              "controller (interrupt-map is not supported)"))

# A 16550 console whose rate the tree gives: 25 MHz / (16 * 115200) is
# 13.56, a divider of 14 once rounded; its clock behind gate 23 of the
# register at 0x1c2006c.
UART_RATE = GOOD.replace('"arm,pl011"; reg = <0x9000000 0x1000>;',
                         '''"ns16550a"; reg = <0x9000000 0x1000>; reg-shift = <2>;
		clock-frequency = <25000000>; current-speed = <115200>;
		cellmate,clock-gate = <0x1c2006c 23>;''').replace("	chosen {", """	ccu@1c20000 { compatible = "acme,ccu";
		reg = <0x1c20000 0x400>; #clock-cells = <1>; };
	chosen {""", 1)


# The kernel opens the region's console gate only in a register of an
# enabled clock controller of the tree (hv/jailhouse/console.c
# jh_clock_controller_reg()): a gate elsewhere it refuses, and the UART
# may stay without its clock. The config must not name one.
GATE_NO_CCU = GOOD.replace('"arm,pl011"; reg = <0x9000000 0x1000>;',
                           '''"ns16550a"; reg = <0x9000000 0x1000>; reg-shift = <2>;
		cellmate,clock-gate = <0x1c2006c 23>;''')
CASES.append(("a console clock gate in a disabled clock controller",
              GATE_NO_CCU.replace("	chosen {", """	ccu@1c20000 { compatible = "acme,ccu";
		reg = <0x1c20000 0x400>; #clock-cells = <1>; status = "disabled"; };
	chosen {""", 1),
              "not a register of an enabled clock controller"))
CASES.append(("a console clock gate in no clock controller", GATE_NO_CCU,
              "not a register of an enabled clock controller"))


ON_BUS = GOOD.replace("	chosen {", """	soc { compatible = "simple-bus"; #address-cells = <1>;
		#size-cells = <1>; ranges;
		dev@9040000 { compatible = "acme,x"; reg = <0x9040000 0x1000>; }; };
	chosen {""", 1)


# An x86 cell: RAM in two nodes, the local APIC and IOAPIC (the
# hypervisor's), a console on an I/O port, a disabled UART, the PM timer
# (every cell may read it) and a device in the ISA bus's memory space
# (no port).
X86 = """/dts-v1/;
/ {
	#address-cells = <1>; #size-cells = <1>;
	memory@0 { device_type = "memory"; reg = <0 0x100000>; };
	memory@200000 { device_type = "memory"; reg = <0x200000 0x100000>; };
	comm@100000 { compatible = "cellmate,jailhouse-comm-region"; reg = <0x100000 0x1000>; };
	apic@fee00000 { compatible = "intel,ce4100-lapic"; reg = <0xfee00000 0x1000>; };
	ioapic@fec00000 { compatible = "intel,ce4100-ioapic"; reg = <0xfec00000 0x1000>; };
	isa { compatible = "isa"; #address-cells = <2>; #size-cells = <1>;
		serial@1,3f8 { compatible = "ns16550a"; reg = <1 0x3f8 8>; };
		serial@1,2f8 { compatible = "ns16550a"; reg = <1 0x2f8 8>;
			status = "disabled"; };
		timer@1,608 { compatible = "cellmate,acpi-pm-timer"; reg = <1 0x608 4>; };
		rom@0,d0000 { compatible = "acme,rom"; reg = <0 0xd0000 0x1000>; };
	};
	chosen {
		stdout-path = "/isa/serial@1,3f8";
		cellmate,jailhouse-name = "x";
		cellmate,jailhouse-cpus = <2>;
		cellmate,jailhouse-ram-phys = <0x3f000000>;
	};
};
"""
LOADABLE = 0x40

# The kernel drives a UART on an isa bus only in its I/O space, on a bus
# with no `ranges` (drivers/bus/isa.c): a console elsewhere on one would
# be named in the config and never bound.
CASES += [
    ("x86: a console in ISA memory space",
     X86.replace('serial@1,3f8 { compatible = "ns16550a"; reg = <1 0x3f8 8>;',
                 'serial@1,3f8 { compatible = "ns16550a"; reg = <0 0x3f8 8>;'),
     "not a device the cell maps", ["--arch", "x86"]),
    ("x86: a console on an isa bus with a ranges",
     X86.replace('isa { compatible = "isa";', 'isa { compatible = "isa"; ranges;'),
     "not a device the cell maps", ["--arch", "x86"]),
]


def mapped(cfg, addr):
    return any(m[1] == addr for m in cfg["mems"])


# A subpage 16550 with registers 4 bytes apart accessed 8 bits wide as the
# console, a PL011 and a subpage timer: which widths Jailhouse lets through.
WIDTHS = GOOD.replace('uart@9000000 { compatible = "arm,pl011"; reg = <0x9000000 0x1000>; };',
                      """uart@9000000 { compatible = "arm,pl011"; reg = <0x9000000 0x100>; };
	serial@9001000 { compatible = "ns16550a"; reg = <0x9001000 0x100>;
		reg-shift = <2>; reg-io-width = <1>; };
	serial@9002000 { compatible = "ns16550a"; reg = <0x9002000 0x100>; };
	timer@9003000 { compatible = "acme,timer"; reg = <0x9003000 0x100>;
		reg-io-width = <2>; };""").replace('stdout-path = "/uart@9000000";',
                                                   'stdout-path = "/serial@9001000";')
IO_WIDTHS = 0xf << 16

# A clock controller (a subpage one, as the A20's CCU) with the gate of a
# UART of the cell's.
CLOCKS = GIC.replace("	timer@9010000", """	ccu: clock@9030000 { compatible = "acme,ccu"; reg = <0x9030000 0x400>;
		#clock-cells = <1>; interrupts = <0 4 4>; };
	serial@9031000 { compatible = "ns16550a"; reg = <0x9031000 0x400>;
		reg-shift = <2>; reg-io-width = <4>;
		cellmate,clock-gate = <0x903006c 23>; };
	timer@9010000""", 1).replace('stdout-path = "/uart@9000000";',
                                  'stdout-path = "/serial@9031000";')


def widths(cfg, addr):
    """The access widths (bits) the config lets through at `addr`."""
    flags = [m[3] for m in cfg["mems"] if m[1] == addr]
    return sorted(8 * w for w in (1, 2, 4, 8) for f in flags if f & (w << 16))


def pins(cfg):
    """The SPI pins the config's irqchips give the cell."""
    return {chip[2] + 32 * w + b for chip in cfg["irqs"]
            for w in range(4) for b in range(32) if chip[3 + w] >> b & 1}


# (what, tree, generator options, check(config) -> problem or None)
OUTPUTS = [
    ("--msg-reply-timeout sets the hypervisor's wait for an answer", GOOD,
     ["--msg-reply-timeout", "5000000"],
     lambda c: None if c["msg_reply_timeout"] == 5000000 else
     f"msg_reply_timeout {c['msg_reply_timeout']}"),
    ("no timeout unless asked for", GOOD, [],
     lambda c: None if c["msg_reply_timeout"] == 0 else
     f"msg_reply_timeout {c['msg_reply_timeout']}"),
    ("--passive sets JAILHOUSE_CELL_PASSIVE_COMMREG", GOOD, ["--passive"],
     lambda c: None if c["flags"] & CELL_PASSIVE_COMMREG else f"flags 0x{c['flags']:x}"),
    # Jailhouse's putc hypercall tests PERMITTED only (hypervisor/control.c).
    ("--virtual-console active permits the hypercall too", GOOD,
     ["--virtual-console", "active"],
     lambda c: None if c["flags"] & CELL_CONSOLE == CELL_CONSOLE else
     f"flags 0x{c['flags']:x}, expected PERMITTED and ACTIVE"),
    ("--virtual-console permitted does not activate it", GOOD,
     ["--virtual-console", "permitted"],
     lambda c: None if c["flags"] & CELL_CONSOLE == CELL_CONSOLE_PERMITTED else
     f"flags 0x{c['flags']:x}, expected PERMITTED only"),
    ("--virtual-console off", GOOD, ["--virtual-console", "off"],
     lambda c: None if not c["flags"] & CELL_CONSOLE else f"flags 0x{c['flags']:x}"),
    ("subpage regions let through the widths the kernel uses", WIDTHS, [],
     lambda c: None if (widths(c, 0x9000000), widths(c, 0x9001000),
                        widths(c, 0x9002000), widths(c, 0x9003000)) ==
     ([32], [8, 32], [8], [16]) else
     "PL011, console 16550 (4 apart, 8-bit), 16550, 16-bit timer: "
     f"{widths(c, 0x9000000)}, {widths(c, 0x9001000)}, {widths(c, 0x9002000)}, "
     f"{widths(c, 0x9003000)}; expected [32], [8, 32], [8], [16]"),
    # Jailhouse v0.12 (revision 12): "JHCELL" in six bytes, no architecture
    # byte (include/jailhouse/cell-config.h of v0.12).
    ("--revision 12 writes Jailhouse v0.12's descriptor", GOOD, ["--revision", "12"],
     lambda c: None if (c["sig"], c["arch"], c["rev"]) == (b"JHCELL", None, 12) else
     f"signature {c['sig']!r}, architecture {c['arch']}, revision {c['rev']}"),
    ("--revision 14 writes the architecture byte", GOOD, ["--revision", "14"],
     lambda c: None if (c["sig"], c["arch"], c["rev"]) == (b"JHCLL", 1, 14) else
     f"signature {c['sig']!r}, architecture {c['arch']}, revision {c['rev']}"),
    ("--revision 15 lists the physical CPU IDs given",
     GOOD.replace("cellmate,jailhouse-cpus = <2>;", "cellmate,jailhouse-cpus = <6>;"),
     ["--revision", "15", "--cpu-ids", "2,0x104"],
     lambda c: None if c["cpus"] == [2, 0x104] else f"CPUs {c['cpus']}, expected [2, 0x104]"),
    ("revision 15 takes /chosen cellmate,jailhouse-cpu-ids",
     GOOD.replace("cellmate,jailhouse-cpus = <2>;",
                  "cellmate,jailhouse-cpus = <2>; cellmate,jailhouse-cpu-ids = <5>;"),
     ["--revision", "15"],
     lambda c: None if c["cpus"] == [5] else f"CPUs {c['cpus']}, expected [5]"),
    ("an interrupt controller of the cell's own is mapped with its SPI", PINCTRL, [],
     lambda c: None if mapped(c, 0x9020000) and 35 in pins(c) and
     not mapped(c, 0x8000000) else
     f"pin controller mapped: {mapped(c, 0x9020000)}, pins {sorted(pins(c))}, "
     f"GIC mapped: {mapped(c, 0x8000000)}; expected the pin controller and "
     "pin 35, not the GIC"),
    # What the tree says of its devices reaches the config as it is.
    ("a disabled device is not mapped",
     GOOD.replace("	chosen {", """	dis@9005000 { compatible = "acme,x"; reg = <0x9005000 0x1000>;
		status = "disabled"; };
	chosen {""", 1), [],
     lambda c: None if not mapped(c, 0x9005000) else "the disabled device is mapped"),
    ("a node without a size (a CPU's reg) maps nothing",
     GOOD.replace("	chosen {", """	cpus { #address-cells = <1>; #size-cells = <0>;
		cpu@0 { device_type = "cpu"; reg = <0>; }; };
	chosen {""", 1), [],
     lambda c: None if all(m[2] for m in c["mems"]) else
     f"a zero-size region: {[m for m in c['mems'] if not m[2]]}"),
    ("a device shared with the root cell is mapped ROOTSHARED", GIC, [],
     lambda c: None if [m[3] & 0x80 for m in c["mems"] if m[1] == 0x9000000] == [0x80]
     and all(not m[3] & 0x80 for m in c["mems"] if m[1] != 0x9000000) else
     "ROOTSHARED on the UART only: "
     f"{[(hex(m[1]), hex(m[3])) for m in c['mems']]}"),
    ("a per-CPU interrupt (PPI) is no SPI of the cell's",
     GIC.replace("	timer@9010000", """	ppi@9011000 { compatible = "acme,x"; reg = <0x9011000 0x1000>;
		interrupts = <1 13 4>; };
	timer@9010000""", 1), [],
     lambda c: None if pins(c) == {34} else
     f"pins {sorted(pins(c))}, expected [34]: PPI 13 is not SPI 13"),
    # comm_layout.py, which gives the image the region's address, takes
    # the one enabled region; the config maps that one.
    ("a disabled second communication region is no second region",
     GOOD.replace("	chosen {", """	comm@80001000 { compatible = "cellmate,jailhouse-comm-region";
		reg = <0x80001000 0x1000>; status = "disabled"; };
	chosen {""", 1), [],
     lambda c: None if [m[1] for m in c["mems"] if m[3] & 0x20] == [0x80000000] and
     not mapped(c, 0x80001000) else
     f"regions {[(hex(m[1]), hex(m[3])) for m in c['mems']]}: expected the "
     "communication region at 0x80000000 only"),
    # Devices on a bus have CPU addresses when it is an enabled
    # simple-bus with an empty ranges, as the kernel maps them.
    ("a device on a simple-bus with an empty ranges is mapped", ON_BUS, [],
     lambda c: None if mapped(c, 0x9040000) else "the device is not mapped"),
    ("a simple-bus without ranges gives its devices no CPU address",
     ON_BUS.replace("ranges;", ""), [],
     lambda c: None if not mapped(c, 0x9040000) else "the device is mapped"),
    ("a bus that is no simple-bus gives its devices no CPU address",
     ON_BUS.replace('"simple-bus"', '"acme,i2c"'), [],
     lambda c: None if not mapped(c, 0x9040000) else "the device is mapped"),
    ("a disabled bus hides its devices",
     ON_BUS.replace("ranges;", 'ranges; status = "disabled";'), [],
     lambda c: None if not mapped(c, 0x9040000) else "the device is mapped"),
    ("x86: the console is port 0x3f8, accessed as a port", X86, ["--arch", "x86"],
     lambda c: None if c["arch"] == 0 and c["console"][:2] == (0x3f8, 2) and
     not c["console"][2] & 0x1 else
     f"architecture {c['arch']}, console 0x{c['console'][0]:x} type "
     f"{c['console'][1]} flags 0x{c['console'][2]:x}; expected 0x3f8, 8250, PIO"),
    ("x86: the cell's ports are the console's, not the PM timer's or a "
     "disabled UART's", X86,
     ["--arch", "x86"],
     lambda c: None if c["pios"] == [(0x3f8, 8)] else
     f"port ranges {[(hex(b), n) for b, n in c['pios']]}, expected [(0x3f8, 8)]"),
    ("x86: the local APIC and the IOAPIC are not mapped", X86, ["--arch", "x86"],
     lambda c: None if not mapped(c, 0xfee00000) and not mapped(c, 0xfec00000) else
     f"regions {[hex(m[1]) for m in c['mems']]}"),
    # The image is loaded into the first RAM region; the next follows it
    # in host memory.
    ("RAM in two nodes: the first loadable, the next after it", X86,
     ["--arch", "x86"],
     lambda c: None if [(m[0], m[1], m[3] & LOADABLE) for m in c["mems"]
                        if m[3] & 0x7 == 0x7] ==
     [(0x3f000000, 0, LOADABLE), (0x3f100000, 0x200000, 0)] else
     f"RAM regions {[(hex(m[0]), hex(m[1]), hex(m[3])) for m in c['mems']]}"),
    # The image is linked at the first RAM node's address (cmake/board.cmake)
    # and Jailhouse starts the cell's CPU at cpu_reset_address.
    ("RAM away from 0: the cell starts where its image is linked",
     GOOD.replace("memory@0 { device_type = \"memory\"; reg = <0 0x100000>; };",
                  "memory@40000000 { device_type = \"memory\"; reg = <0x40000000 0x100000>; };"),
     [],
     lambda c: None if c["mems"][0][1] == 0x40000000 and c["reset"] == 0x40000000 else
     f"RAM at virt 0x{c['mems'][0][1]:x}, cpu_reset_address 0x{c['reset']:x}; "
     "expected both 0x40000000"),
    ("RAM that ends at 2^64 is taken", GOOD, ["--ram-phys", "0xfffffffffff00000"],
     lambda c: None if c["mems"][0][:3] == (0xfffffffffff00000, 0, 0x100000) else
     f"RAM region {c['mems'][0]}"),
    # Jailhouse traps a region that is not whole pages, however large.
    ("a page-sized device off a page boundary is trapped as a subpage",
     GOOD.replace("	chosen {", """	dev@9040800 { compatible = "acme,x"; reg = <0x9040800 0x1000>; };
	chosen {""", 1), [],
     lambda c: None if widths(c, 0x9040800) == [32] else
     f"widths {widths(c, 0x9040800)}, expected [32]"),
    ("a GIC-400 is the hypervisor's, its SPIs the cell's",
     GIC.replace('"arm,cortex-a15-gic"', '"arm,gic-400"'), [],
     lambda c: None if not mapped(c, 0x8000000) and pins(c) == {34} else
     f"GIC mapped: {mapped(c, 0x8000000)}, pins {sorted(pins(c))}; expected "
     "not mapped, [34]"),
    # As the kernel and board-drivers.py read it: "alias[/rest][:options]".
    ("a stdout-path through an alias names the console",
     GOOD.replace('stdout-path = "/uart@9000000";', 'stdout-path = "serial0:115200n8";')
         .replace("	chosen {", '	aliases { serial0 = "/uart@9000000"; };\n	chosen {', 1),
     [], lambda c: None if c["console"][:2] == (0x9000000, 3) else
     f"console 0x{c['console'][0]:x} type {c['console'][1]}"),
    ("an 8250 console's divider is the tree's rate, rounded", UART_RATE, [],
     lambda c: None if c["console"][3] == 14 else
     f"divider {c['console'][3]}, expected 14 (25 MHz at 115200 baud)"),
    ("an 8250 console without current-speed keeps the rate as set",
     UART_RATE.replace("current-speed = <115200>;", ""), [],
     lambda c: None if c["console"][3] == 0 else f"divider {c['console'][3]}, expected 0"),
    # Jailhouse's PL011 console takes no divider (its rate is set in two
    # registers the divider field does not describe).
    ("a PL011 console gets no divider",
     GOOD.replace('"arm,pl011"; reg = <0x9000000 0x1000>;',
                  '"arm,pl011"; reg = <0x9000000 0x1000>;\n\t\tclock-frequency = '
                  '<24000000>; current-speed = <115200>;'), [],
     lambda c: None if c["console"][3] == 0 else f"divider {c['console'][3]}, expected 0"),
    ("the console's clock gate is its register and bit", UART_RATE, [],
     lambda c: None if c["console_clock"] == (0x1c2006c, 23) else
     f"clock_reg 0x{c['console_clock'][0]:x}, gate_nr {c['console_clock'][1]}; "
     "expected 0x1c2006c, 23"),
    ("no clock gate unless the tree names one", GOOD, [],
     lambda c: None if c["console_clock"] == (0, 0) else
     f"clock_reg, gate_nr {c['console_clock']}"),
    ("--revision 13 writes the six-byte signature, no architecture byte", GOOD,
     ["--revision", "13"],
     lambda c: None if (c["sig"], c["arch"], c["rev"]) == (b"JHCELL", None, 13) else
     f"signature {c['sig']!r}, architecture {c['arch']}, revision {c['rev']}"),
    ("a device on another interrupt controller gives the cell no SPI", ON_PINCTRL, [],
     lambda c: None if pins(c) == {34, 35} and len(c["irqs"]) == 1 else
     f"{len(c['irqs'])} irqchips, pins {sorted(pins(c))}; expected the GIC's "
     "34 and 35 only (the button's 5 is the pin controller's)"),
    ("SPI 127 is the last pin of the irqchip entry",
     GIC.replace("interrupts = <0 2 4>", "interrupts = <0 127 4>"), [],
     lambda c: None if pins(c) == {159} else f"pins {sorted(pins(c))}, expected [159]"),
    ("a PL011 console's registers are 4 bytes apart unless the tree says",
     GOOD, [],
     lambda c: None if c["console"][2] & 0x2 else
     f"console flags 0x{c['console'][2]:x}, expected REGDIST_4"),
    # A disabled bus hides its devices from the kernel (fdt_reg refuses
    # them): their interrupts are not the cell's to take from the root
    # cell, nor their ports.
    ("a disabled bus keeps its devices' SPIs out of the cell",
     GIC.replace("	chosen {", """	soc { compatible = "simple-bus"; #address-cells = <1>;
		#size-cells = <1>; ranges; status = "disabled";
		dev@9040000 { compatible = "acme,x"; reg = <0x9040000 0x1000>;
			interrupts = <0 7 4>; }; };
	chosen {""", 1), [],
     lambda c: None if pins(c) == {34} and not mapped(c, 0x9040000) else
     f"the cell gets pins {sorted(pins(c))}, expected [34] (SPI 7 is a device's "
     f"on a disabled bus; mapped: {mapped(c, 0x9040000)})"),
    ("x86: a disabled ISA bus keeps its devices' ports out of the cell",
     X86.replace("	chosen {", """	isa2 { compatible = "isa"; #address-cells = <2>; #size-cells = <1>;
		status = "disabled";
		serial@1,2e8 { compatible = "ns16550a"; reg = <1 0x2e8 8>; }; };
	chosen {""", 1), ["--arch", "x86"],
     lambda c: None if c["pios"] == [(0x3f8, 8)] else
     f"port ranges {[(hex(b), n) for b, n in c['pios']]}, expected [(0x3f8, 8)]"),
    # The root cell's clock driver keeps the clock controller: Jailhouse
    # would unmap a region without ROOTSHARED from the root cell (for a
    # subpage one, the root cell's whole subpage region around it).
    ("a clock controller stays the root cell's", CLOCKS, [],
     lambda c: None if [m[3] & 0x80 for m in c["mems"] if m[1] == 0x9030000] == [0x80]
     and pins(c) == {34} else
     "clock controller region flags "
     f"{[hex(m[3]) for m in c['mems'] if m[1] == 0x9030000]}, pins {sorted(pins(c))}; "
     "expected ROOTSHARED and pins [34] (36 is the clock controller's)"),
    ("a device shared with the root cell keeps its interrupt there", GIC, [],
     lambda c: None if pins(c) == {34} else f"the cell gets pins {sorted(pins(c))}, "
     "expected [34] (33 is the root-shared UART's)"),
]


def run(dts_text, tmp, args=()):
    return dtstest.run_tool(GEN, [dtstest.dtb(tmp, dts_text), "-o",
                                  os.path.join(tmp, "c.c"), "--arch", "arm"] + list(args))


def generated(dts_text, tmp, args):
    """The config the generator writes, compiled (against the revision its
    --revision names, default 14) and decoded, or the generator's or the
    compiler's complaint."""
    revision = int(args[args.index("--revision") + 1]) if "--revision" in args else 14
    r = run(dts_text, tmp, args)
    if r.returncode != 0:
        return None, r.stderr.strip()
    try:
        raw = check_cell_config.config_bytes(os.path.join(tmp, "c.c"), revision, tmp)
    except subprocess.CalledProcessError:
        return None, f"the config does not compile against revision {revision}"
    return check_cell_config.decode(raw, revision), None


def main():
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        r = run(GOOD, tmp)
        if r.returncode != 0:
            print("FAIL a good tree: expected success, got", r.stderr.strip())
            failed += 1
        else:
            print("ok   a good tree gives a config")
        for what, text, message, *args in CASES:
            r = run(text, tmp, args[0] if args else ())
            problem = dtstest.said(r, None, message)
            if problem:
                print(f"FAIL {what}: {problem}")
                failed += 1
            else:
                print(f"ok   {what} is refused: {r.stderr.strip()}")
        for what, text, args, check in OUTPUTS:
            cfg, err = generated(text, tmp, args)
            problem = err or check(cfg)
            if problem:
                print(f"FAIL {what}: {problem}")
                failed += 1
            else:
                print(f"ok   {what}")
    print(f"{len(CASES) + len(OUTPUTS) + 1 - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
