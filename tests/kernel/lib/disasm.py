"""The code of an object or image as objdump disassembles it, for the
build tests that read instructions QEMU would run whatever their form
(core/arm/mmio_syndrome.py, core/x86/mmio_decodable.py,
core/x86/cr_decodable.py), and the main of those that read the
functions of a probe object."""
import re
import subprocess
import sys

FUNC = re.compile(r"^[0-9a-f]+ <([^>]+)>:$")
# Address, raw bytes (x86: bytes; ARM: a word), mnemonic, operands. A
# continuation line of a long x86 instruction has bytes only.
INSN = re.compile(r"^\s*[0-9a-f]+:\t([0-9a-f ]+?)\s*\t(\S+)\s*(.*)$")


def instructions(objdump, path):
    """(function, mnemonic, operands, raw bytes) for each instruction of
    path's code; the operands keep objdump's comment (x86: after '#',
    ARM: after ';'), as '#' also marks an ARM immediate."""
    out = subprocess.run([objdump, "-d", path], check=True,
                         capture_output=True, text=True).stdout
    func = None
    for line in out.splitlines():
        m = FUNC.match(line)
        if m:
            func = m.group(1)
            continue
        m = INSN.match(line)
        if m and func:
            yield func, m.group(2), m.group(3).strip(), m.group(1)


def probe_main(prefix, expected, offense, why, ok):
    """The main of a build test over one object's probes, given OBJDUMP
    OBJECT on the command line: prints each instruction of a function
    named prefix* for which offense(mnemonic, operands) gives a text (as
    "function: 'text'" and `why`), and fewer than `expected` such
    functions; 1 then, else 0 after printing `ok`."""
    objdump, obj = sys.argv[1:3]
    bad, seen = [], set()
    for func, op, args, _ in instructions(objdump, obj):
        if not func.startswith(prefix):
            continue
        seen.add(func)
        insn = offense(op, args)
        if insn:
            bad.append((func, insn))
    if len(seen) < expected:
        bad.append(("(object)",
                    f"only {sorted(seen)} found: expected {expected} probes"))
    for func, insn in bad:
        print(f"{func}: '{insn}'{why}")
    if bad:
        return 1
    print(ok)
    return 0
