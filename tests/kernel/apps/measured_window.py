#!/usr/bin/env python3
"""apps/latency's arm-K window holds the arming and nothing of the app's
own: between a counter read and a call of ktime_arm that follows it with
no other call between (in the app's code), no arithmetic, only what passes the call its
arguments and keeps the start (moves, loads, stores). The compiler may
put the probe deadline's arithmetic (a division) after that read, where
every sample would count it.

  measured_window.py OBJDUMP ELF
"""
import re
import subprocess
import sys

FUNC = re.compile(r"^[0-9a-f]+ <([^>]+)>:$")
READ = re.compile(r"\t(rdtsc|mrrc)\b")
CALL = re.compile(r"\t(call|bl)\s+[0-9a-f]+ <([^>+]+)")
# Arithmetic of either port (x86, ARM): none of it belongs in the window.
ARITH = re.compile(r"\t(div|idiv|mul|imul|lea|add|adc|sub|sbb|shl|shr|sar|"
                   r"xor|or|and|neg|udiv|sdiv|mla|mls|umlal|umull|smull|"
                   r"adds|subs|sbc|rsb|eor|orr|lsl|lsr|asr)[a-z]*\s")
APP_FUNCS = {"app_main", "measure_arming"}


def windows(lines):
    func, read = None, None
    for i, line in enumerate(lines):
        m = FUNC.match(line)
        if m:
            func, read = m.group(1), None
            continue
        call = CALL.search(line)
        if READ.search(line):
            read = i
        elif call and call.group(2) != "ktime_arm":
            read = None
        elif call and func in APP_FUNCS and read is not None:
            yield lines[read:i + 1]


def main():
    objdump, elf = sys.argv[1:3]
    out = subprocess.run([objdump, "-d", "--no-show-raw-insn", elf],
                         stdout=subprocess.PIPE, text=True, check=True).stdout
    found = list(windows(out.splitlines()))
    if not found:
        print("no counter read before a call of ktime_arm in the app")
        return 1
    bad = [w for w in found if any(ARITH.search(l) for l in w[1:-1])]
    for w in bad:
        print("arithmetic in the arm-K window:\n" + "\n".join(w))
    print(f"{len(found)} window(s), {len(bad)} with arithmetic")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
