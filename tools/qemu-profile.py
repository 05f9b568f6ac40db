#!/usr/bin/env python3
"""Where a guest's instructions go, per function, from a QEMU run.

Runs tools/qemu-run.py with QEMU's translation and execution logs
(-d in_asm,exec,nochain: every executed translation block is logged, and
with chaining off none is skipped), then counts the instructions of each
executed block against the function it starts in, from the first time
the guest enters --from to the first time it enters --to. Under icount
every guest instruction is one count, so the total matches the counter
difference the kernel reports (a rep-prefixed x86 instruction counts once
per iteration, as QEMU executes it).

  tools/qemu-profile.py --nm arm-none-eabi-nm --from _start \\
      --to pl011_write -- --config virt-a15 \\
      --image build/qemu-arm-virt/apps/hello.elf --icount 3 \\
      --cmdline "ticks=1 echo-ms=0"

Everything after -- goes to qemu-run.py as it is (--image is also read
here, for the symbols). Blocks outside the image's code (firmware) count
as one row, "(outside the image)"."""
import argparse
import bisect
import collections
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INSN = re.compile(r"^0x([0-9a-f]+):\s")


OUTSIDE = "(outside the image)"


def functions(image, nm):
    """The image's functions, by address, and where its code ends (the
    linker script's __text_end): a block past it, or below the first
    function, is firmware's or a boot loader's, not the last function's."""
    syms = []
    text_end = None
    out = subprocess.run([nm, "-n", image], check=True, capture_output=True,
                         text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            syms.append((int(parts[0], 16), parts[2]))
        if len(parts) == 3 and parts[2] == "__text_end":
            text_end = int(parts[0], 16)
    return syms, text_end


def profile(log, syms, start, stop, nth=1, text_end=None):
    """Instructions per function from the nth entry of start to the next
    entry of stop (start None: from the beginning; stop None: to the end): own
    counts, counts including callees, calls per function and calls per
    (caller, callee).

    Calls are read from the block sequence: a block that starts at a
    function's first instruction, entered from another function, is a
    call; a block in a function further down the shadow stack is a return
    to it. Good enough for compiled C; a tail call looks like a call that
    never returns, which the next return to a caller unwinds."""
    addrs = [a for a, _ in syms]
    entries = {a for a, _ in syms}

    def name(pc):
        i = bisect.bisect_right(addrs, pc) - 1
        if i < 0 or (text_end is not None and pc >= text_end):
            return OUTSIDE
        return syms[i][1]

    block_len = {}          # guest pc -> instructions, latest translation
    pc0, n = None, 0
    counts = collections.Counter()
    incl = collections.Counter()
    calls = collections.Counter()
    edges = collections.Counter()
    stack = []
    counting = start is None
    start_pc = next((a for a, f in syms if f == start), None)
    # A symbol may share its address with others (ARM's _start is
    # arm_vectors): blocks carry the name name() gives that address.
    if start_pc is not None:
        start = name(start_pc)
    stop_pc = next((a for a, f in syms if f == stop), None)
    if stop_pc is not None:
        stop = name(stop_pc)
    seen = 0
    with open(log, errors="replace") as f:
        for line in f:
            if line.startswith("IN:"):
                pc0, n = None, 0
                continue
            m = INSN.match(line)
            if m:
                if pc0 is None:
                    pc0 = int(m.group(1), 16)
                n += 1
                continue
            if not line.startswith("Trace"):
                continue
            if pc0 is not None:
                block_len[pc0] = n
                pc0 = None
            # Trace N: host [cs base/pc/flags/cflags] ...
            pc = int(line.split("[", 1)[1].split("/")[1], 16)
            fn = name(pc)
            if not counting and fn == start and \
                    (nth == 1 or pc == start_pc):
                seen += 1
                counting = seen == nth
            if counting and fn == stop and counts:
                break
            if not counting:
                continue
            n_insn = block_len.get(pc, 1)
            counts[fn] += n_insn
            if fn in stack:
                del stack[stack.index(fn) + 1:]
            else:
                if pc in entries:
                    calls[fn] += 1
                    edges[(stack[-1] if stack else "?", fn)] += 1
                stack.append(fn)
            for f in set(stack):
                incl[f] += n_insn
    return counts, incl, calls, edges


def main():
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nm", default="nm")
    ap.add_argument("--from", dest="start", help="function to start at")
    ap.add_argument("--to", dest="stop", help="function to stop at")
    ap.add_argument("--nth", type=int, default=1,
                    help="start at the nth call of --from (default: its first "
                         "instructions)")
    ap.add_argument("--top", type=int, default=30, help="functions to list")
    ap.add_argument("--inclusive", action="store_true",
                    help="rank by instructions including callees, with "
                         "call counts")
    ap.add_argument("--callers", metavar="FN",
                    help="also list who calls FN, and how often")
    ap.add_argument("run", nargs=argparse.REMAINDER,
                    help="-- and the arguments of qemu-run.py")
    args = ap.parse_args()
    run = args.run[1:] if args.run[:1] == ["--"] else args.run
    if "--image" not in run:
        ap.error("give qemu-run.py an --image after --")
    image = run[run.index("--image") + 1]
    syms, text_end = functions(image, args.nm)
    names = {s for _, s in syms}
    for fn in (args.start, args.stop):
        if fn and fn not in names:
            sys.exit(f"qemu-profile: no function {fn} in {image}")
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "exec.log")
        r = subprocess.run(
            [sys.executable, os.path.join(ROOT, "tools", "qemu-run.py")] + run +
            ["--qemu-arg=-d", "--qemu-arg=in_asm,exec,nochain",
             "--qemu-arg=-D", f"--qemu-arg={log}"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode:
            print(r.stdout[-4000:], file=sys.stderr)
            sys.exit("qemu-profile: the run failed")
        counts, incl, calls, edges = profile(log, syms, args.start,
                                             args.stop, args.nth, text_end)
    if args.start and not counts:
        sys.exit(f"qemu-profile: the guest never entered {args.start}")
    total = sum(counts.values())
    print(f"{total:9d}  instructions, {args.start or 'start'} to "
          f"{args.stop or 'end'}")
    if args.inclusive:
        print("  incl.   own      calls  function")
        for fn, n in incl.most_common(args.top):
            print(f"{n:9d} {counts[fn]:7d} {calls[fn]:7d}  {fn}")
    else:
        for fn, n in counts.most_common(args.top):
            print(f"{n:9d}  {100.0 * n / total:5.1f}%  {fn}")
    if args.callers:
        print(f"callers of {args.callers}:")
        for (caller, callee), n in edges.most_common():
            if callee == args.callers:
                print(f"{n:9d}  {caller}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
