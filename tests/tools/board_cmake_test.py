#!/usr/bin/env python3
"""cmake/board.cmake places the image in the RAM of the first memory node:
the kernel maps only enabled nodes (common/memmap.c), and the cell-config
generator makes the first enabled one LOADABLE, so a disabled memory node
is no place for the image."""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))

TREE = """/dts-v1/;
/ {
	#address-cells = <1>; #size-cells = <1>;
	memory@48000000 { device_type = "memory"; reg = <0x48000000 0x8000000>;
		status = "disabled"; };
	memory@40000000 { device_type = "memory"; reg = <0x40000000 0x8000000>; };
};
"""

PROJECT = f"""cmake_minimum_required(VERSION 3.21)
project(board_cmake_test NONE)
include({TOP}/cmake/board.cmake)
board_compile(t)
message(STATUS "placed at ${{BOARD_RAM_BASE}} size ${{BOARD_RAM_SIZE}}")
"""


def main():
    with tempfile.TemporaryDirectory() as tmp:
        os.mkdir(os.path.join(tmp, "dts"))
        with open(os.path.join(tmp, "dts", "t.dts"), "w") as f:
            f.write(TREE)
        with open(os.path.join(tmp, "CMakeLists.txt"), "w") as f:
            f.write(PROJECT)
        r = subprocess.run(["cmake", "-S", tmp, "-B", os.path.join(tmp, "b")],
                           capture_output=True, text=True)
        out = r.stdout + r.stderr
        ok = r.returncode == 0 and "placed at 0x40000000 size 0x8000000" in out
        print(("ok   " if ok else "FAIL ") +
              "the image goes into the first enabled memory node, not a "
              "disabled one" + ("" if ok else f": {out.strip()}"))
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
