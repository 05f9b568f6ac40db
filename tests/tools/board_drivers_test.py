#!/usr/bin/env python3
"""tools/board-drivers.py builds a driver only for a board whose device
tree has an enabled node it handles, keeps every other source, and refuses
a driver whose compatible list it cannot read, and a stdout-path that
names no enabled node a driver handles."""
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import dtstest  # noqa: E402

TOP = os.path.join(HERE, "..", "..")
TOOL = os.path.join(TOP, "tools", "board-drivers.py")

TREE = """/dts-v1/;
/ {
	#address-cells = <1>; #size-cells = <1>;
	uart@9000000 { compatible = "acme,uart", "arm,pl011"; reg = <0x9000000 0x1000>; };
	serial@3f8 { compatible = "ns16550a"; status = "disabled"; };
};
"""

# The real drivers, read as the build reads them.
SOURCES = ["common/sched.c", "drivers/serial/pl011.c",
           "drivers/serial/ns16550.c", "drivers/serial/uart_clock.c"]

BROKEN_DRIVER = """#include "driver.h"
static const char *const odd_compatible[] = { ODD_NAME, NULL };
DRIVER(odd_driver) = {
	.name = "odd",
	.compatible = odd_compatible,
};
"""


def run(tmp, dts_text, sources):
    out = os.path.join(tmp, "out.cmake")
    r = dtstest.run_tool(TOOL, [dtstest.dtb(tmp, dts_text), out] + sources, cwd=TOP)
    lists = {}
    if r.returncode == 0:
        var = None
        for line in open(out):
            line = line.strip()
            if line.startswith("set("):
                var = line[4:]
                lists[var] = []
            elif line != ")":
                lists[var].append(line)
    return r, lists


def main():
    failed = 0

    def check(what, ok, detail):
        nonlocal failed
        print(("ok   " if ok else "FAIL ") + what + ("" if ok else f": {detail}"))
        failed += not ok

    with tempfile.TemporaryDirectory() as tmp:
        r, lists = run(tmp, TREE, SOURCES)
        check("a good tree is accepted", r.returncode == 0, r.stderr)
        kept = lists.get("BOARD_SOURCES", [])
        check("the driver of a node's second compatible string is built",
              "drivers/serial/pl011.c" in kept, kept)
        check("a driver whose only node is disabled is left out",
              "drivers/serial/ns16550.c" not in kept
              and lists.get("BOARD_DRIVERS_LEFT_OUT") == ["drivers/serial/ns16550.c"],
              lists)
        check("sources that are not drivers are all kept",
              "common/sched.c" in kept and "drivers/serial/uart_clock.c" in kept,
              kept)
        check("every driver source is listed for the configure dependency",
              lists.get("BOARD_DRIVER_SOURCES") == ["drivers/serial/pl011.c",
                                                    "drivers/serial/ns16550.c"],
              lists)

        broken = os.path.join(tmp, "odd.c")
        with open(broken, "w") as f:
            f.write(BROKEN_DRIVER)
        r, _ = run(tmp, TREE, [broken])
        check("a driver whose compatible list cannot be read is refused",
              r.returncode != 0 and "odd.c" in r.stderr
              and "odd_compatible" in r.stderr, r.stderr)

        for what, text in (
                ("a compatible list without its NULL",
                 BROKEN_DRIVER.replace("ODD_NAME, NULL", '"acme,odd"')),
                ("two DRIVER()s with one compatible list",
                 BROKEN_DRIVER.replace("ODD_NAME", '"acme,odd"') +
                 "DRIVER(odd_too) = { .name = \"odd2\" };\n")):
            with open(broken, "w") as f:
                f.write(text)
            r, _ = run(tmp, TREE, [broken])
            check(f"a driver with {what} is refused",
                  r.returncode != 0 and "odd.c" in r.stderr, r.stderr)

        # DRIVER() defines a driver at the start of a line, not in a
        # comment that names it.
        with open(broken, "w") as f:
            f.write("/* Not a driver: see DRIVER(pl011_driver) in pl011.c. */\n"
                    "int odd;\n")
        r, lists = run(tmp, TREE, [broken])
        check("a source that names DRIVER() in a comment is no driver",
              r.returncode == 0 and lists.get("BOARD_SOURCES") == [broken],
              f"{r.stderr} {lists}")
        r = dtstest.run_tool(TOOL, [dtstest.dtb(tmp, TREE), os.path.join(tmp, "o")])
        check("a run without sources prints the usage (status 2)",
              r.returncode == 2 and "Usage:" in r.stderr, r.stderr)

        # ns16550.c handles four compatibles; a board with one of them
        # needs it.
        r, lists = run(tmp, TREE.replace(' status = "disabled";', ""), SOURCES)
        check("a driver one of whose compatibles the tree has is built",
              "drivers/serial/ns16550.c" in lists.get("BOARD_SOURCES", []), lists)

        def with_stdout(path, extra=""):
            body = TREE.rstrip()[:-len("};")]     # the root node left open
            return body + f'\tchosen {{ stdout-path = "{path}"; }};{extra}\n}};\n'

        for what, text, message in (
                ("a path to no node", with_stdout("/uart@1"), "names no node"),
                ("an unknown alias", with_stdout("serial0:115200n8"),
                 "no alias 'serial0'"),
                ("a disabled node", with_stdout("/serial@3f8"), "a disabled node"),
                # An alias's value is a full path (devicetree spec 3.3);
                # fdt_path_offset_len() refuses any other (E_BADFDT).
                ("an alias that is not a full path",
                 with_stdout("serial0", '\n\taliases { serial0 = "uart@9000000"; };'),
                 "not a full path"),
                ("a node no driver handles",
                 with_stdout("/timer@1", '\n\ttimer@1 { compatible = "acme,timer"; };'),
                 "no driver handles")):
            r, _ = run(tmp, text, SOURCES)
            check(f"a stdout-path to {what} is refused",
                  r.returncode != 0 and message in r.stderr, r.stderr)
        r, _ = run(tmp, with_stdout(
            "serial0:115200n8", '\n\taliases { serial0 = "/uart@9000000"; };'),
            SOURCES)
        check("a stdout-path through an alias to a UART is taken",
              r.returncode == 0, r.stderr)
        # An alias names a node; the path may go on below it (devicetree
        # spec 3.3: "alias/rest").
        bus = TREE.replace("	uart@9000000 {", "	soc { compatible = "
                           '"simple-bus"; #address-cells = <1>; '
                           "#size-cells = <1>; ranges; timer@1 { compatible = "
                           '"acme,timer"; };\n\t\tuart@9000000 {', 1).replace(
            "reg = <0x9000000 0x1000>; };", "reg = <0x9000000 0x1000>; }; };", 1)
        for what, path, status in (
                ("a stdout-path below an alias is the node it names",
                 "soc/uart@9000000", 0),
                ("a stdout-path below an alias is not the alias's node",
                 "soc/timer@1", 1)):
            r, _ = run(tmp, bus.rstrip()[:-len("};")] + '\taliases { soc = "/soc"; };\n'
                       f'\tchosen {{ stdout-path = "{path}:115200n8"; }};\n}};\n',
                       SOURCES)
            check(what, r.returncode == status and
                  (status == 0 or "/soc/timer@1, which no driver" in r.stderr),
                  f"status {r.returncode}: {r.stderr}")
        # The kernel maps the windows of nodes on the root or on a
        # simple-bus with an empty ranges, under enabled parents, and
        # nothing else (memmap.h): a console elsewhere would bind, print
        # the banner, and fault on its first byte once the MMU is on.
        def under(props):
            return TREE.replace(
                "\tuart@9000000 {", "\tsoc { " + props + " #address-cells = "
                "<1>; #size-cells = <1>;\n\t\tuart@9000000 {", 1).replace(
                "reg = <0x9000000 0x1000>; };",
                "reg = <0x9000000 0x1000>; }; };", 1).rstrip()[:-len("};")] + \
                '\tchosen { stdout-path = "/soc/uart@9000000"; };\n};\n'

        r, _ = run(tmp, under('compatible = "simple-bus"; ranges;'), SOURCES)
        check("a stdout-path to a UART on a simple-bus that maps 1:1 is taken",
              r.returncode == 0, r.stderr)
        for what, props in (
                ("a bus that is no simple-bus",
                 'compatible = "simple-mfd"; ranges;'),
                ("a simple-bus without ranges", 'compatible = "simple-bus";'),
                ("a disabled simple-bus",
                 'compatible = "simple-bus"; ranges; status = "disabled";')):
            r, _ = run(tmp, under(props), SOURCES)
            check(f"a stdout-path to a UART under {what} is refused",
                  r.returncode != 0 and "/soc" in r.stderr
                  and "not mapped" in r.stderr, f"{r.returncode}: {r.stderr}")
        # An isa bus gives its own addresses only to its own children, as
        # fdt_reg() has it; a bus below one passes no address at all.
        isa = TREE.rstrip()[:-len("};")] + """	isa { compatible = "isa";
		#address-cells = <2>; #size-cells = <1>;
		sub { compatible = "simple-bus"; #address-cells = <2>;
			#size-cells = <1>; ranges;
			serial@1,3f8 { compatible = "ns16550a"; reg = <1 0x3f8 8>; }; }; };
	chosen { stdout-path = "/isa/sub/serial@1,3f8"; };
};
"""
        r, _ = run(tmp, isa, SOURCES)
        check("a stdout-path to a UART on a bus below an isa bus is refused",
              r.returncode != 0 and "/isa" in r.stderr
              and "not mapped" in r.stderr, f"{r.returncode}: {r.stderr}")
        direct = isa.replace('''sub { compatible = "simple-bus"; #address-cells = <2>;
			#size-cells = <1>; ranges;
			''', "").replace("}; }; };", "}; };").replace("/isa/sub/", "/isa/")
        r, _ = run(tmp, direct, SOURCES)
        check("a stdout-path to a UART on an isa bus is taken",
              r.returncode == 0, f"{r.returncode}: {r.stderr}")
        # fdt_reg_local() decodes an isa bus's own addresses only for a
        # bus with no `ranges`, and isa_reg() only I/O space (space 1):
        # a 16550 in ISA memory space, one below an isa bus that has a
        # `ranges`, and a PL011 (fdt_reg(), no isa decoding) on an isa
        # bus are each refused at probe (E_NOTSUP), so such a console
        # never binds and the image stops without a word.
        for what, text in (
                ("in ISA memory space (space 0)",
                 direct.replace("serial@1,3f8", "serial@0,3f8")
                 .replace("reg = <1 0x3f8 8>", "reg = <0 0x3f8 8>")),
                ("on an isa bus with a ranges",
                 direct.replace('isa { compatible = "isa";',
                                'isa { compatible = "isa"; ranges;')),
                ("that is a PL011 on an isa bus",
                 direct.replace('compatible = "ns16550a"; reg = <1 0x3f8 8>',
                                'compatible = "arm,pl011"; reg = <1 0x3f8 8>'))):
            r, _ = run(tmp, text, SOURCES)
            check(f"a stdout-path to a UART {what} is refused",
                  r.returncode != 0 and "not mapped" in r.stderr,
                  f"{r.returncode}: {r.stderr}")
    print("FAILED" if failed else "all passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
