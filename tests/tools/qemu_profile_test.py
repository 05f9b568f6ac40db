#!/usr/bin/env python3
"""tools/qemu-profile.py counts what the guest's own counter counts: from
reset to the first console byte, its total matches the boot stamp hello
prints (ARM under icount shift 3: two instructions per counter tick), to
within the few instructions between FUNCTION, the UART driver's write that
takes the first byte, and the stamp the console takes when it returns.
With --inclusive and --callers, kernel_main is entered once, from the
entry code, and its count with callees lies between its own and the total.
With --nth 2, counting starts at the second call of fdt_getprop: fewer
instructions to FUNCTION than from the first, but some. --from _start, a
symbol at the address of another (arm_vectors), counts from the entry as
a run from reset does. A --from or --to
the image has no function of is refused by name before anything runs (a
misspelt --to would count to the end of the run).

  qemu_profile_test.py IMAGE NM OBJCOPY FUNCTION"""
import os
import re
import subprocess
import sys

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SLACK = 64      # FUNCTION to the stamp, and the stamp's own reads


def main():
    image, nm, objcopy, function = sys.argv[1:5]
    run = ["--config", "virt-a15", "--image", image, "--nm", nm,
           "--objcopy", objcopy, "--icount", "3", "--icount-record",
           "--cmdline", "ticks=1 echo-ms=0"]
    for opt in ("--from", "--to"):
        prof = subprocess.run(
            [sys.executable, os.path.join(TOP, "tools", "qemu-profile.py"),
             "--nm", nm, opt, "no_such_function", "--"] + run,
            capture_output=True, text=True, timeout=60)
        if prof.returncode == 0 or \
                f"no function no_such_function in {image}" not in prof.stderr:
            sys.exit(f"FAIL: qemu-profile {opt} no_such_function, status "
                     f"{prof.returncode}:\n{prof.stdout}{prof.stderr}")
    print("an unknown --from or --to is refused by name")
    out = subprocess.run([sys.executable, os.path.join(TOP, "tools", "qemu-run.py")]
                         + run, capture_output=True, text=True).stdout
    m = re.search(r"boot: first console byte at counter (\d+)", out)
    if not m:
        sys.exit(f"FAIL: no boot line from hello:\n{out[-2000:]}")
    stamp = int(m.group(1)) * 2
    prof = subprocess.run(
        [sys.executable, os.path.join(TOP, "tools", "qemu-profile.py"),
         "--nm", nm, "--to", function, "--"] + run,
        capture_output=True, text=True)
    m = re.match(r"\s*(\d+)\s+instructions", prof.stdout)
    if prof.returncode or not m:
        sys.exit(f"FAIL: qemu-profile:\n{prof.stdout}{prof.stderr}")
    total = int(m.group(1))
    rows = len(prof.stdout.splitlines()) - 1
    print(f"profile {total}, boot stamp {stamp} instructions, {rows} functions")
    if abs(total - stamp) > SLACK or rows < 5:
        sys.exit(f"FAIL: profile {total} vs stamp {stamp} (slack {SLACK})")
    prof = subprocess.run(
        [sys.executable, os.path.join(TOP, "tools", "qemu-profile.py"),
         "--nm", nm, "--to", function, "--inclusive", "--top", "1000",
         "--callers", "kernel_main", "--"] + run,
        capture_output=True, text=True)
    rows = {}
    for line in prof.stdout.splitlines():
        f = line.split()
        if len(f) == 4 and all(x.isdigit() for x in f[:3]):
            rows[f[3]] = tuple(int(x) for x in f[:3])
    callers = prof.stdout.split("callers of kernel_main:\n", 1)[-1].split()
    km = rows.get("kernel_main")
    print(f"inclusive: kernel_main {km}, called by {callers}")
    if prof.returncode or not km or km[2] != 1 or \
            not km[1] < km[0] <= total or len(callers) != 2 or \
            callers[0] != "1" or callers[1] == "kernel_main":
        sys.exit(f"FAIL: qemu-profile --inclusive:\n{prof.stdout}{prof.stderr}")
    from_call = []
    for nth in ("1", "2"):
        prof = subprocess.run(
            [sys.executable, os.path.join(TOP, "tools", "qemu-profile.py"),
             "--nm", nm, "--from", "fdt_getprop", "--nth", nth, "--to", function,
             "--"] + run, capture_output=True, text=True)
        m = re.match(r"\s*(\d+)\s+instructions", prof.stdout)
        if prof.returncode or not m:
            sys.exit(f"FAIL: qemu-profile --nth {nth}:\n{prof.stdout}{prof.stderr}")
        from_call.append(int(m.group(1)))
    print(f"from fdt_getprop's first call {from_call[0]}, second {from_call[1]}")
    if not 0 < from_call[1] < from_call[0] < total:
        sys.exit("FAIL: --nth 2 does not start at a later call")
    # _start shares its address with arm_vectors: --from _start (the
    # tool's own example) is the entry, and counts what a run from reset
    # counts.
    prof = subprocess.run(
        [sys.executable, os.path.join(TOP, "tools", "qemu-profile.py"),
         "--nm", nm, "--from", "_start", "--to", function, "--"] + run,
        capture_output=True, text=True)
    m = re.match(r"\s*(\d+)\s+instructions", prof.stdout)
    print(f"from _start: {m.group(1) if m else prof.stderr.strip()}")
    if prof.returncode or not m or int(m.group(1)) != total:
        sys.exit(f"FAIL: qemu-profile --from _start, expected {total} "
                 f"instructions:\n{prof.stdout}{prof.stderr}")
    print("PASS")


if __name__ == "__main__":
    main()
