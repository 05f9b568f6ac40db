#!/usr/bin/env python3
"""tools/fdtlib.py, the host tools' DTB reader, refuses a blob it cannot
read whole (not a DTB, shorter than it says or than a header, a block
past its end, an unknown token) with a ValueError, which every tool
reports as a message, skips NOPs, and reads what the tools build on:
one-cell properties, `reg` in the parent's cell counts, paths by name
and unit address or through an alias, interrupt parents inherited from
an ancestor or the parent that is a controller, interrupts-extended,
and refuses an interrupt parent that is no controller (a nexus), as the
kernel's fdt_irq() does."""
import os
import struct
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
sys.path.insert(0, os.path.join(HERE, ".."))
import dtstest  # noqa: E402
import fdtlib  # noqa: E402

TREE = """/dts-v1/;
/ {
	#address-cells = <1>; #size-cells = <1>;
	interrupt-parent = <&gic>;
	gic: intc@8000000 { #interrupt-cells = <3>; reg = <0x8000000 0x1000>;
		interrupt-controller; };
	uart@9000000 { reg = <0x9000000 0x1000 0x9001000>; interrupts = <0 1 4>;
		reg-shift = <2 0>; reg-io-width = <4>; odd = [00 00 00 01 02]; };
	uart@9002000 { reg = <0x9002000 0x1000>; };
	pio: pinctrl@9003000 { reg = <0x9003000 0x400>; interrupt-controller; };
	button { interrupt-parent = <&pio>; interrupts = <5 6>; };
	wide { #address-cells = <2>; #size-cells = <2>;
		dev@1,0 { reg = <0x1 0x0 0x2 0x1000>; }; };
	bus { dev@10 { reg = <0x1 0x10 0x20>; }; };
	aliases { serial0 = "/uart@9000000"; wide = "/wide"; };
	pmic@9004000 { reg = <0x9004000 0x100>; #interrupt-cells = <1>;
		interrupt-controller;
		interrupts = <0 7 4>; charger { interrupts = <2>, <3>; }; };
	timer { interrupts = <9 9 9>;
		interrupts-extended = <&gic 1 13 0xf08>, <&pio 3>; };
	nexus: nexus@9005000 { reg = <0x9005000 0x100>; #address-cells = <0>;
		#interrupt-cells = <1>; interrupt-map-mask = <7>;
		interrupt-map = <0 &gic 0 40 4>; below { interrupts = <0>; }; };
	via-nexus { interrupt-parent = <&nexus>; interrupts = <0>; };
	via-nexus-ext { interrupts-extended = <&nexus 0>; };
};
"""

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def refusal(blob):
    """What Tree() says of `blob`: its ValueError, or what it did instead."""
    try:
        fdtlib.Tree(bytes(blob))
    except ValueError as e:
        return str(e)
    except Exception as e:     # noqa: BLE001 (a crash is what we look for)
        return f"{type(e).__name__}: {e}"
    return "accepted"


def header(blob):
    """The header's fields by name."""
    names = ("magic", "totalsize", "off_struct", "off_strings", "off_rsvmap",
             "version", "last_comp", "boot_cpu", "size_strings", "size_struct")
    return dict(zip(names, struct.unpack_from(">10I", blob)))


def with_field(blob, name, value):
    out = bytearray(blob)
    index = list(header(blob)).index(name)
    struct.pack_into(">I", out, 4 * index, value)
    return out


def main():
    with tempfile.TemporaryDirectory() as tmp:
        with open(dtstest.dtb(tmp, TREE), "rb") as f:
            blob = f.read()
    h = header(blob)

    for what, bad, message in (
            ("a blob without the DTB magic", with_field(blob, "magic", 0),
             "not a device tree blob"),
            ("a blob shorter than its totalsize", blob[:-4], "not a device tree blob"),
            ("a blob shorter than a header", blob[:16], "not a device tree blob"),
            ("a structure block a byte past the blob's end",
             with_field(blob, "size_struct", h["totalsize"] - h["off_struct"] + 1),
             "past its end"),
            ("a strings block a byte past the blob's end",
             with_field(blob, "size_strings", h["totalsize"] - h["off_strings"] + 1),
             "past its end")):
        got = refusal(bad)
        check(message in got, f"{what} is refused: {got}")
    last = with_field(blob, "size_struct", h["totalsize"] - h["off_struct"])
    check(refusal(last) == "accepted", "a structure block to the blob's last byte "
          f"is read: {refusal(last)}")
    # The first token (the root's BEGIN_NODE) made unknown.
    bad = bytearray(blob)
    struct.pack_into(">I", bad, h["off_struct"], 7)
    got = refusal(bad)
    check(got == f"bad token 7 at {h['off_struct']}",
          f"an unknown token is refused, naming it: {got}")

    # A property overwritten with NOPs is gone, the rest read as before.
    name_off = blob.index(b"reg-io-width\0", h["off_strings"]) - h["off_strings"]
    prop = blob.index(struct.pack(">III", fdtlib.PROP, 4, name_off), h["off_struct"])
    nops = bytearray(blob)
    nops[prop:prop + 16] = struct.pack(">I", fdtlib.NOP) * 4
    t = fdtlib.Tree(bytes(nops))
    uart = t.find("/uart@9000000")
    check(uart is not None and "reg-io-width" not in uart.props and
          "reg-shift" in uart.props and "interrupts" in uart.props,
          "NOPs in place of a property are skipped")

    t = fdtlib.Tree(blob)
    uart = t.find("/uart@9000000")
    check(uart.u32("reg-io-width") == 4 and uart.u32("absent", 9) == 9,
          "a one-cell property reads as its value, an absent one as the default")
    try:
        uart.u32("reg-shift")
        got = "accepted"
    except ValueError as e:
        got = str(e)
    check("reg-shift is not one cell" in got,
          f"a two-cell property read as one cell is refused: {got}")
    try:
        got = uart.cells("odd")
    except ValueError as e:
        got = str(e)
    check(uart.cells("reg-shift") == [2, 0] and
          got == "/uart@9000000: odd is not a whole number of cells (5 bytes)",
          f"cells read whole; a property of 5 bytes is refused, not cut: {got}")
    check(t.reg(uart) == [(0x9000000, 0x1000)],
          f"a reg's incomplete last entry is left out: {t.reg(uart)}")
    check(t.reg(t.find("/wide/dev@1,0")) == [(0x100000000, 0x200001000)],
          f"two address and two size cells: {t.reg(t.find('/wide/dev@1,0'))}")
    check(t.reg(t.find("/bus/dev@10")) == [(0x100000010, 0x20)],
          "a parent without cell counts means 2 address cells and 1 size cell: "
          f"{t.reg(t.find('/bus/dev@10'))}")
    check(t.find("/uart") is None and t.find("/uart@9002000") is not None and
          t.find("/wide/dev") is t.find("/wide/dev@1,0"),
          "a name without unit address finds its one node, not one of two")
    try:
        got = t.find_path("serial1")
    except ValueError as e:
        got = str(e)
    check(t.find_path("serial0") is uart and t.find_path("/uart@9000000") is uart
          and t.find_path("wide/dev@1,0") is t.find("/wide/dev@1,0") and
          got == "no alias 'serial1' in /aliases",
          f"a path through an alias, with a rest below it; an unknown alias: {got}")
    check(t.interrupts(uart) == [(t.find("/intc@8000000"), [0, 1, 4])],
          "interrupts in the inherited parent's #interrupt-cells")
    pio = t.find("/pinctrl")
    check(t.interrupts(t.find("/button")) == [(pio, [5]), (pio, [6])],
          "a node's own interrupt-parent, of one cell without #interrupt-cells")
    gic, pmic = t.find("/intc@8000000"), t.find("/pmic")
    check(t.interrupts(t.find("/pmic/charger")) == [(pmic, [2]), (pmic, [3])]
          and t.interrupts(pmic) == [(gic, [0, 7, 4])],
          "without interrupt-parent, a parent that is a controller is the "
          "controller, as the kernel reads it (fdt_irq)")
    check(t.interrupts(t.find("/timer")) == [(gic, [1, 13, 0xf08]), (pio, [3])],
          "interrupts-extended before interrupts, each specifier on its "
          "own controller, as the kernel reads it (fdt_irq)")
    for path in ("/via-nexus", "/via-nexus-ext", "/nexus/below"):
        node = t.find(path)
        try:
            got = t.interrupts(node)
        except ValueError as e:
            got = str(e)
        check(got == f"{node.path}: interrupt parent /nexus@9005000 is no interrupt "
              "controller (interrupt-map is not supported)",
              f"{path}: a nexus as interrupt parent is refused, as the kernel "
              f"refuses it (fdt_irq): {got}")
    if failures:
        sys.exit(f"{len(failures)} failed")
    print("PASS")


if __name__ == "__main__":
    main()
