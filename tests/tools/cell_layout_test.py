#!/usr/bin/env python3
"""tools/x86-cell-fw/cell_layout.py, which gives the stand-in firmware the
x86 cell's layout, takes only a tree the firmware can set up as Jailhouse
would: RAM from 0, one communication region, a PM timer at an ICH9
PMBASE + 8, a console on an I/O port; anything else is refused, naming
the problem."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import dtstest  # noqa: E402

TOOL = os.path.join(HERE, "..", "..", "tools", "x86-cell-fw", "cell_layout.py")

TREE = """/dts-v1/;
/ {
	#address-cells = <1>; #size-cells = <1>;
	memory@0 { device_type = "memory"; reg = <0x0 0x100000>; };
	comm@100000 { compatible = "cellmate,jailhouse-comm-region";
		reg = <0x100000 0x1000>; };
	isa {
		compatible = "isa"; #address-cells = <2>; #size-cells = <1>;
		serial@1,3f8 { compatible = "ns16550a"; reg = <1 0x3f8 8>; };
		timer@1,608 { compatible = "cellmate,acpi-pm-timer"; reg = <1 0x608 4>; };
	};
	chosen { stdout-path = "/isa/serial@1,3f8"; };
};
"""

CASES = [
    ("the layout of a cell", TREE, 0,
     "set(FW_CELL_RAM_SIZE 0x100000)\nset(FW_COMM_REGION 0x100000)\n"
     "set(FW_PM_TIMER_PORT 0x608)\nset(FW_CONSOLE_PORT 0x3f8)"),
    ("RAM not at 0", TREE.replace("reg = <0x0 0x100000>", "reg = <0x100000 0x100000>"),
     1, "a Jailhouse x86 cell's starts at 0"),
    ("a PM timer port no ICH9 PMBASE gives",
     TREE.replace("reg = <1 0x608 4>", "reg = <1 0x600 4>"), 1,
     "is not an ICH9 PMBASE + 8"),
    ("a PM timer in memory space",
     TREE.replace("reg = <1 0x608 4>", "reg = <0 0x608 4>"), 1, "not in I/O space"),
    ("no communication region",
     TREE.replace('compatible = "cellmate,jailhouse-comm-region";', ""), 1,
     "exactly one enabled cellmate,jailhouse-comm-region"),
    ("a stdout-path that names no node",
     TREE.replace('"/isa/serial@1,3f8"', '"/isa/serial@1,2f8"'), 1,
     "stdout-path names no node"),
    # The region the image is built with (hv/jailhouse/comm_layout.py):
    # the one enabled.
    ("a disabled second communication region is none",
     TREE.replace("	isa {", """	comm@200000 { compatible = "cellmate,jailhouse-comm-region";
		reg = <0x200000 0x1000>; status = "disabled"; };
	isa {""", 1), 0, "set(FW_COMM_REGION 0x100000)"),
    ("a console through an alias",
     TREE.replace('"/isa/serial@1,3f8"', '"serial0:115200n8"').replace(
         "	chosen {", '	aliases { serial0 = "/isa/serial@1,3f8"; };\n	chosen {'),
     0, "set(FW_CONSOLE_PORT 0x3f8)"),
    ("a console through an alias /aliases does not have",
     TREE.replace('"/isa/serial@1,3f8"', '"serial0"'), 1, "no alias 'serial0'"),
]


if __name__ == "__main__":
    sys.exit(dtstest.run_cases(TOOL, CASES))
