#!/usr/bin/env python3
"""Boot a cellmate image under QEMU and judge the run.

The run fails (exit status 1, with the whole guest log printed) when QEMU
does not stop by itself within the timeout, when its exit status differs
from the expected one, when an --expect pattern is missing from the console
output or a --reject pattern is present.

  qemu-run.py --config virt-a15 --image build/x/apps/hello.elf \
      --cmdline "ticks=20" --expect "tick: ok" --exit 0
"""
import argparse
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time

CMDLINE_SIZE = 256

ARM_COMMON = ["-display", "none", "-monitor", "none", "-nodefaults",
              "-semihosting"]

# name -> (QEMU binary, machine arguments)
CONFIGS = {
    "virt-a15": ("qemu-system-arm",
                 ["-M", "virt", "-cpu", "cortex-a15", "-m", "256M"] + ARM_COMMON),
    "virt-a7": ("qemu-system-arm",
                ["-M", "virt", "-cpu", "cortex-a7", "-m", "256M"] + ARM_COMMON),
    "virt-hyp": ("qemu-system-arm",
                 ["-M", "virt,virtualization=on", "-cpu", "cortex-a15",
                  "-m", "256M"] + ARM_COMMON),
    "orangepi-pc": ("qemu-system-arm",
                    ["-M", "orangepi-pc", "-nic", "none"] + ARM_COMMON),
}


def patch_cmdline(image, cmdline, objcopy, workdir):
    """A copy of the ELF image with `cmdline` in its .cmdline section."""
    data = cmdline.encode()
    if len(data) >= CMDLINE_SIZE:
        sys.exit(f"qemu-run: command line longer than {CMDLINE_SIZE - 1} bytes")
    blob = os.path.join(workdir, "cmdline.bin")
    with open(blob, "wb") as f:
        f.write(data + bytes(CMDLINE_SIZE - len(data)))
    out = os.path.join(workdir, os.path.basename(image))
    subprocess.run([objcopy, "--update-section", f".cmdline={blob}", image, out],
                   check=True)
    return out


def symbol_addresses(image, nm):
    """name -> lower-case 8-digit hex address, from the ELF symbol table."""
    out = subprocess.run([nm, image], check=True, capture_output=True, text=True).stdout
    syms = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3:
            syms[parts[2]] = parts[0][-8:].lower()
    return syms


def expand_symbols(pattern, image, nm, cache):
    """Replaces {symbol} in a pattern with the symbol's address."""
    def sub(m):
        if "syms" not in cache:
            cache["syms"] = symbol_addresses(image, nm)
        if m.group(1) not in cache["syms"]:
            sys.exit(f"qemu-run: no symbol {m.group(1)} in {image}")
        return cache["syms"][m.group(1)]
    return re.sub(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", sub, pattern)


def run(args):
    binary, machine = CONFIGS[args.config]
    cmd = [binary] + machine + ["-chardev", "stdio,id=con0,signal=off",
                                "-serial", "chardev:con0"]
    if args.icount is not None:
        cmd += ["-icount", f"shift={args.icount},align=off,sleep=off"]
    cmd += ["-kernel", args.image] + args.qemu_arg

    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    log = b""
    pending_input = [(re.compile(a.encode()), t.encode().decode("unicode_escape").encode())
                     for a, t in zip(args.input_after, args.input)]
    timed_out = False
    while True:
        left = args.timeout - (time.monotonic() - start)
        if left <= 0:
            timed_out = True
            proc.kill()
            break
        ready, _, _ = select.select([proc.stdout], [], [], min(left, 0.2))
        if ready:
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            log += chunk
            while pending_input and pending_input[0][0].search(log):
                proc.stdin.write(pending_input.pop(0)[1])
                proc.stdin.flush()
        elif proc.poll() is not None:
            break
    rest = proc.stdout.read() if not timed_out else b""
    log += rest or b""
    status = proc.wait()
    return cmd, status, timed_out, log.decode(errors="replace")


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", choices=sorted(CONFIGS), help="QEMU configuration")
    p.add_argument("--list", action="store_true", help="list configurations")
    p.add_argument("--image", help="ELF image to boot")
    p.add_argument("--cmdline", help="kernel command line (patched into .cmdline)")
    p.add_argument("--objcopy", default="arm-none-eabi-objcopy")
    p.add_argument("--nm", default="arm-none-eabi-nm",
                   help="nm for {symbol} addresses in patterns")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds")
    p.add_argument("--icount", type=int, help="run with -icount shift=N")
    p.add_argument("--exit", type=int, default=0, help="expected exit status")
    p.add_argument("--expect", action="append", default=[], help="regex that must appear")
    p.add_argument("--reject", action="append", default=[], help="regex that must not appear")
    p.add_argument("--input", action="append", default=[], help="bytes to send (escapes ok)")
    p.add_argument("--input-after", action="append", default=[],
                   help="regex after which the matching --input is sent")
    p.add_argument("--qemu-arg", action="append", default=[], help="extra QEMU argument")
    p.add_argument("--interactive", action="store_true",
                   help="connect the console to this terminal; no checks")
    args = p.parse_args()
    if args.list:
        print("\n".join(sorted(CONFIGS)))
        return 0
    if not args.config or not args.image:
        p.error("--config and --image are required")
    if len(args.input) != len(args.input_after):
        p.error("each --input needs its --input-after")

    if args.interactive:
        with tempfile.TemporaryDirectory() as tmp:
            if args.cmdline is not None:
                args.image = patch_cmdline(args.image, args.cmdline, args.objcopy, tmp)
            binary, machine = CONFIGS[args.config]
            cmd = [binary] + machine + ["-serial", "stdio", "-kernel", args.image]
            print("qemu-run:", " ".join(cmd), flush=True)
            return subprocess.call(cmd)

    cache = {}
    args.expect = [expand_symbols(x, args.image, args.nm, cache) for x in args.expect]
    args.reject = [expand_symbols(x, args.image, args.nm, cache) for x in args.reject]
    with tempfile.TemporaryDirectory() as tmp:
        if args.cmdline is not None:
            args.image = patch_cmdline(args.image, args.cmdline, args.objcopy, tmp)
        cmd, status, timed_out, log = run(args)

    problems = []
    if timed_out:
        problems.append(f"timed out after {args.timeout:.0f} s")
    elif status != args.exit:
        problems.append(f"exit status {status}, expected {args.exit}")
    for pat in args.expect:
        if not re.search(pat, log, re.M):
            problems.append(f"missing expected output /{pat}/")
    for pat in args.reject:
        m = re.search(pat, log, re.M)
        if m:
            problems.append(f"unexpected output /{pat}/: {m.group(0)!r}")
    if problems:
        print("qemu-run: FAILED:", "; ".join(problems))
        print("command:", " ".join(cmd))
        print("----- guest log -----")
        print(log)
        print("---------------------")
        return 1
    print(log)
    print(f"qemu-run: ok ({args.config}, exit status {status})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
