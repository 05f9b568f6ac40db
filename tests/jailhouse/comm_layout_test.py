#!/usr/bin/env python3
"""hv/jailhouse/comm_layout.py, which gives the build the communication
region's address, takes a device tree only when the region is one page
that the kernel maps as shared memory: a region mapped as a device would
not be coherent with the hypervisor's cached accesses on ARM."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import dtstest  # noqa: E402

TOOL = os.path.join(HERE, "..", "..", "hv", "jailhouse", "comm_layout.py")

TREE = """/dts-v1/;
/ {
	#address-cells = <1>; #size-cells = <1>;
	comm@80000000 {
		compatible = "cellmate,jailhouse-comm-region";
		reg = <0x80000000 0x1000>;
		cellmate,shared-memory;
	};
};
"""

SECOND = """	comm@81000000 {
		compatible = "cellmate,jailhouse-comm-region";
		reg = <0x81000000 0x1000>;
		cellmate,shared-memory;%s
	};
};
"""
TWO = TREE[:TREE.rindex("};")] + SECOND % ""
TWO_ONE_OFF = TREE[:TREE.rindex("};")] + SECOND % '\n\t\tstatus = "disabled";'
ON_ISA = """/dts-v1/;
/ {
	#address-cells = <1>; #size-cells = <1>;
	isa {
		#address-cells = <1>; #size-cells = <1>;
		comm@80000000 {
			compatible = "cellmate,jailhouse-comm-region";
			reg = <0x80000000 0x1000>;
			cellmate,shared-memory;
		};
	};
};
"""
# The kernel maps the children of a simple-bus only when its `ranges` is
# empty (common/memmap.c): without one the bus has no CPU addresses, and
# it refuses translating ones; a disabled bus hides its children.
ON_BUS = """/dts-v1/;
/ {
	#address-cells = <1>; #size-cells = <1>;
	soc {
		compatible = "simple-bus";
		#address-cells = <1>; #size-cells = <1>;%s
		comm@80000000 {
			compatible = "cellmate,jailhouse-comm-region";
			reg = <0x80000000 0x1000>;
			cellmate,shared-memory;
		};
	};
};
"""

CASES = [
    ("a shared page", TREE, 0, "set(JH_COMM_BASE 0x80000000)"),
    ("a region not marked shared memory",
     TREE.replace("cellmate,shared-memory;", ""), 1, "needs cellmate,shared-memory"),
    ("a region smaller than a page", TREE.replace("0x1000", "0x100"), 1,
     "is not a page"),
    ("a region off a page boundary",
     TREE.replace("<0x80000000 0x1000>", "<0x80000800 0x1000>"), 1,
     "is not a page"),
    ("two regions", TWO, 1, "needs exactly one"),
    ("a disabled second region is no second region", TWO_ONE_OFF, 0,
     "set(JH_COMM_BASE 0x80000000)"),
    ("a region above 4 GiB",
     TREE.replace("#address-cells = <1>;", "#address-cells = <2>;")
         .replace("<0x80000000 0x1000>", "<0x1 0x0 0x1000>"), 1, "above 4 GiB"),
    ("a region on a bus the kernel does not map", ON_ISA, 1,
     "not on the root or a simple-bus"),
    ("a region on a simple-bus with an empty ranges", ON_BUS % "\n\t\tranges;",
     0, "set(JH_COMM_BASE 0x80000000)"),
    ("a region on a simple-bus without ranges", ON_BUS % "", 1,
     "not on the root or a simple-bus"),
    ("a region on a simple-bus that translates",
     ON_BUS % "\n\t\tranges = <0x80000000 0x40000000 0x1000>;", 1,
     "not on the root or a simple-bus"),
    ("a region on a disabled simple-bus",
     ON_BUS % '\n\t\tranges;\n\t\tstatus = "disabled";', 1,
     "not on the root or a simple-bus"),
]


if __name__ == "__main__":
    sys.exit(dtstest.run_cases(TOOL, CASES))
