#!/usr/bin/env python3
"""tools/qemu-run.py judges a run strictly: against a stand-in QEMU that
prints a given log and then exits, hangs or dies, it fails (status 1,
with the guest log) on a timeout, a wrong or missing exit status, a
missing --expect and a --reject anywhere in the log, and passes only a
run that has all it asks for. A KVM configuration without a usable KVM
returns ctest's skip code, never a pass."""
import contextlib
import importlib.machinery
import importlib.util
import io
import json
import os
import stat
import subprocess
import sys
import tempfile

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
RUNNER = os.path.join(TOP, "tools", "qemu-run.py")

# The stand-in: prints FAKE_QEMU's "out", waits "sleep" s, prints "late",
# then exits with "code", hangs ("hang") or kills itself ("kill").
FAKE = """#!/usr/bin/env python3
import json, os, signal, sys, time
b = json.loads(os.environ["FAKE_QEMU"])
if b.get("argv"):
    sys.stdout.write("argv: " + " ".join(sys.argv[1:]) + "\\n")
sys.stdout.write(b.get("out", "")); sys.stdout.flush()
time.sleep(b.get("sleep", 0))
sys.stdout.write(b.get("late", "")); sys.stdout.flush()
if b.get("then") == "hang":
    time.sleep(3600)
if b.get("then") == "kill":
    os.kill(os.getpid(), signal.SIGKILL)
sys.exit(b.get("code", 0))
"""

BANNER = "cellmate hello on qemu\n"
DONE = "hello: done, status 0\n"
STOPPED = "cellmate: stopped with status %d\n"

# (what, QEMU's behaviour, runner arguments, expected runner status, text
#  the runner's output must hold)
CASES = [
    ("a step that never happened fails the run",
     {"out": BANNER + DONE + STOPPED % 0},
     ["--nm", "true", "--step", "wait:never said"], 1,
     "step never completed: wait:never said"),
    ("two waits for one line printed once fail",
     {"out": BANNER + DONE + STOPPED % 0},
     ["--nm", "true", "--step", "wait:hello: done", "--step",
      "wait:hello: done"], 1,
     "step never completed: wait:hello: done"),
    ("a run with all it expects passes",
     {"out": BANNER + DONE + STOPPED % 0}, ["--expect", "hello: done"], 0,
     "qemu-run: ok"),
    ("a missing expected line fails, with the log",
     {"out": BANNER}, ["--expect", "hello: done"], 1,
     "missing expected output /hello: done/"),
    ("a rejected line fails",
     {"out": BANNER + "PANIC: oops\n" + DONE},
     ["--expect", "hello: done", "--reject", "PANIC"], 1,
     "unexpected output /PANIC/"),
    ("a rejected line printed just before the exit fails",
     {"out": BANNER + DONE, "sleep": 0.3, "late": "warning: late\n"},
     ["--expect", "hello: done", "--reject", "^warning:"], 1,
     "unexpected output /^warning:/"),
    ("a rejected line before the expected ones fails",
     {"out": "ASSERTION FAILED\n" + BANNER + DONE},
     ["--expect", "hello: done", "--reject", "ASSERTION"], 1,
     "unexpected output /ASSERTION/"),
    ("an exit status other than the expected one fails",
     {"out": BANNER + DONE + STOPPED % 1, "code": 1},
     ["--expect", "hello: done"], 1,
     "exit status 1 (QEMU exit code 1), expected 0"),
    # QEMU's own exits (an option it refuses, an image it cannot load)
    # decode to statuses too: only the kernel's line makes one the guest's.
    ("QEMU that refuses to start fails, though its exit code reads as 0 on x86",
     {"out": "qemu: could not open kernel file\n", "code": 1},
     ["--config", "q35-max"], 1, "without the kernel's 'cellmate: stopped"),
    ("QEMU's error exit on ARM is not the guest's status 1",
     {"out": "qemu-system-arm: -bogus: invalid option\n", "code": 1},
     ["--exit", "1"], 1, "without the kernel's 'cellmate: stopped"),
    ("a status the kernel's line contradicts fails",
     {"out": BANNER + STOPPED % 3, "code": 1}, ["--exit", "1"], 1,
     "the kernel said 'stopped with status 3'"),
    ("a timeout of 0 is refused before QEMU starts",
     {"out": BANNER}, ["--timeout", "0"], 2, "give a number of seconds above 0"),
    ("a malformed step is refused before QEMU starts",
     {"out": BANNER}, ["--step", "bogus"], 2, "not KIND:ARGUMENT"),
    ("a step without its argument is refused",
     {"out": BANNER}, ["--step", "wait:"], 2, "not KIND:ARGUMENT"),
    ("an --input without its --input-after is refused",
     {"out": BANNER}, ["--input", "x"], 2, "each --input needs its --input-after"),
    ("--restarts beyond 1000 is refused",
     {"out": BANNER}, ["--config", "q35-cell-max", "--restarts", "1001"], 2,
     "give 0 to 1000"),
    ("--restarts outside a cell is refused",
     {"out": BANNER}, ["--restarts", "1"], 2, "is not a cell configuration"),
    ("--restarts on an ARM cell with --interactive is refused",
     {"out": BANNER}, ["--config", "virt-cell", "--restarts", "1",
                       "--interactive"], 2, "the runner writes the image"),
    ("--icount-record without --icount is refused",
     {"out": BANNER}, ["--icount-record"], 2, "--icount-record needs --icount"),
    ("record mode on a machine of several CPUs is refused",
     {"out": BANNER}, ["--config", "orangepi-pc", "--icount", "3",
                       "--icount-record"], 2, "has more than one CPU"),
    ("-icount on KVM is refused",
     {"out": BANNER}, ["--config", "q35-kvm", "--icount", "3"], 2, "runs on KVM"),
    ("--fill-unloaded on x86 is refused",
     {"out": BANNER}, ["--config", "q35-max", "--fill-unloaded", "0xa5"], 2,
     "x86 firmware loads the image after it"),
    ("with the console off the serial port, the exit device's status counts",
     {"out": BANNER, "code": 0}, ["--status-off-console"], 0, "qemu-run: ok"),
    ("an expected non-zero exit status passes",
     {"out": "CPU fault\n", "code": 2}, ["--expect", "CPU fault", "--exit", "2"],
     0, "qemu-run: ok"),
    ("a guest that hangs fails on the timeout, with what it printed",
     {"out": BANNER + DONE, "then": "hang"},
     ["--expect", "hello: done", "--timeout", "2"], 1,
     "timed out after 2 s"),
    ("a guest that hangs after the expected lines prints the log",
     {"out": BANNER + DONE, "then": "hang"},
     ["--expect", "hello: done", "--timeout", "2"], 1,
     "----- guest log -----\n" + BANNER + DONE),
    ("a QEMU killed by a signal fails",
     {"out": BANNER + DONE, "then": "kill"}, ["--expect", "hello: done"], 1,
     "exit status -9"),
    # x86: isa-debug-exit ends QEMU with (status << 1) | 1.
    ("x86: the guest's status is read from isa-debug-exit's code",
     {"out": DONE, "code": 5}, ["--config", "q35-max", "--exit", "2"], 0,
     "exit status 2"),
    ("x86: an even QEMU exit code (a reset) carries no status and fails",
     {"out": DONE, "code": 0}, ["--config", "q35-max", "--expect", "hello: done"],
     1, "carries no guest status"),
    # tools/demo runs --interactive: its status is the guest's, as on ARM.
    ("x86 --interactive ends with the guest's status 0, not isa-debug-exit's 1",
     {"out": DONE + STOPPED % 0, "code": 1}, ["--config", "q35-max",
                                               "--interactive"], 0, DONE),
    ("x86 --interactive ends with the guest's status 1, not isa-debug-exit's 3",
     {"out": STOPPED % 1, "code": 3}, ["--config", "q35-max",
                                       "--interactive"], 1, STOPPED % 1),
    ("x86 --interactive: an even QEMU exit code (a reset) is a failure",
     {"out": BANNER, "code": 0}, ["--config", "q35-max", "--interactive"], 1,
     BANNER),
]


def run(tmp, behaviour, args):
    image = os.path.join(tmp, "image.elf")
    open(image, "w").close()
    if "--config" not in args:
        args = ["--config", "virt-a15"] + args
    env = dict(os.environ, FAKE_QEMU=json.dumps(behaviour),
               PATH=tmp + os.pathsep + os.environ.get("PATH", ""))
    return subprocess.run([sys.executable, RUNNER, "--image", image] + args,
                          capture_output=True, text=True, env=env, timeout=60)


def load_runner():
    loader = importlib.machinery.SourceFileLoader("qemu_run", RUNNER)
    spec = importlib.util.spec_from_loader("qemu_run", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def kvm_skip_status():
    """qemu-run's status for a KVM configuration when KVM is unusable, and
    what it printed."""
    mod = load_runner()
    mod.kvm_usable = lambda: False
    argv, sys.argv = sys.argv, [RUNNER, "--config", "q35-kvm", "--image", __file__]
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            status = mod.main()
    finally:
        sys.argv = argv
    return status, out.getvalue()


def kvm_cpus(fake_dir):
    """What a KVM run gives QEMU for -cpu, its configuration's and a
    test's own (--qemu-arg), against the stand-in QEMU printing its
    arguments: each without IA32_ARCH_CAPABILITIES, which QEMU 7.2 aborts
    on where a nested KVM refuses it. Problems, or an empty list."""
    mod = load_runner()
    mod.kvm_usable = lambda: True
    out = io.StringIO()
    env = dict(os.environ)
    os.environ["FAKE_QEMU"] = json.dumps({"argv": True, "code": 1,
                                          "out": BANNER + STOPPED % 0})
    os.environ["PATH"] = fake_dir + os.pathsep + env.get("PATH", "")
    argv, sys.argv = sys.argv, [
        RUNNER, "--config", "q35-kvm", "--image", __file__,
        "--qemu-arg=-cpu", "--qemu-arg=max,-invtsc",
        "--expect", "^argv: .*-cpu host,-arch-capabilities ",
        "--expect", "^argv: .*-cpu max,-invtsc,-arch-capabilities( |$)"]
    try:
        with contextlib.redirect_stdout(out):
            status = mod.main()
    finally:
        sys.argv = argv
        os.environ.clear()
        os.environ.update(env)
    return [] if status == 0 else [out.getvalue()]


def unloaded_sections_found():
    """--fill-unloaded's section list, read from a 64-bit and a 32-bit
    object with a .bss of 1000 bytes and initialised data beside it:
    the .bss, its size, and nothing that holds file bytes."""
    mod = load_runner()
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "x.c")
        with open(src, "w") as f:
            f.write("char zeros[1000]; int ones[4] = { 1, 1, 1, 1 };\n"
                    "int *use(void) { zeros[0] = 1; return ones; }\n")
        for bits in ("-m64", "-m32"):
            obj = os.path.join(tmp, f"x{bits}.o")
            subprocess.run(["gcc", bits, "-fno-common", "-c", src, "-o", obj],
                           check=True)
            found = mod.unloaded_sections(obj)
            names = [n for n, _, _ in found]
            if (".bss", 0, 1000) not in found or ".data" in names:
                problems.append(f"{bits}: {found}")
    return problems


def segments_loaded():
    """--restarts on ARM writes what a loader copies: the file bytes of
    each loadable segment at its physical address, .data's initial words
    among them, and the entry; anything but a 32-bit ELF is refused."""
    mod = load_runner()
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "x.c")
        with open(src, "w") as f:
            f.write("int ones[4] = { 0x11111111, 0x11111111, 0x11111111, "
                    "0x11111111 };\nint *start(void) { return ones; }\n")
        # .data stored below where it runs, as the kernel's images do.
        script = os.path.join(tmp, "x.ld")
        with open(script, "w") as f:
            f.write("SECTIONS { .text 0x10000 : { *(.text*) }\n"
                    ".data 0x20000 : AT(0x18000) { *(.data*) }\n"
                    "/DISCARD/ : { *(.note* .comment .eh_frame*) } }\n")
        exe = os.path.join(tmp, "x.elf")
        subprocess.run(["gcc", "-m32", "-nostdlib", "-static", "-fno-pie",
                        "-no-pie", "-Wl,-e,start", "-Wl,--build-id=none", "-T", script, src, "-o",
                        exe], check=True)
        syms = mod.symbol_addresses(exe, "nm")
        entry, segments = mod.load_segments(exe)
        if entry != int(syms["start"], 16):
            problems.append(f"entry 0x{entry:x}, start at {syms['start']}")
        ones = int(syms["ones"], 16) - 0x20000 + 0x18000
        held = [d[ones - a:ones - a + 16] for a, d in segments
                if a <= ones < a + len(d)]
        if held != [b"\x11" * 16]:
            problems.append(f".data's words: {held}")
        obj = os.path.join(tmp, "x64.o")
        subprocess.run(["gcc", "-m64", "-c", src, "-o", obj], check=True)
        try:
            mod.load_segments(obj)
            problems.append("a 64-bit ELF is taken")
        except SystemExit as e:
            if "not a 32-bit little-endian ELF" not in str(e):
                problems.append(f"a 64-bit ELF refused with {e}")
    return problems


class FakeMonitor:
    """Answers `info roms` as QEMU 7.2 does on -M virt."""
    def execute(self, command, **arguments):
        return ('/rom@etc/acpi/rsdp size=0x001000 name="etc/acpi/rsdp"\r\n'
                'addr=0000000040000000 size=0x100000 mem=ram name="dtb"\r\n'
                'addr=0000000080000000 size=0x001000 mem=ram '
                'name="/tmp/x/comm.bin"\r\n'
                'addr=00000000fff00000 size=0x010000 mem=rom name="bios"\r\n')


def cmdline_bounds():
    """--cmdline fills the kernel's 256-byte .cmdline buffer, its
    terminating NUL included: 255 bytes go in, 256 (counted as UTF-8
    bytes, not characters) are refused."""
    mod = load_runner()
    blobs = []
    # objcopy --update-section .cmdline=BLOB: what the buffer would hold.
    mod.tool_run = lambda cmd: blobs.append(open(cmd[2].split("=", 1)[1], "rb").read())
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        try:
            mod.patch_cmdline("image.elf", "x" * 255, "objcopy", tmp)
        except SystemExit as e:
            problems.append(f"255 bytes refused: {e}")
        if blobs != [b"x" * 255 + b"\0"]:
            problems.append(f"255 bytes: the buffer holds {blobs}")
        for text in ("x" * 256, "\u00e9" * 128):
            try:
                mod.patch_cmdline("image.elf", text, "objcopy", tmp)
                problems.append(f"{len(text.encode())} bytes in {len(text)} "
                                "characters are taken")
            except SystemExit as e:
                if "longer than 255 bytes" not in str(e):
                    problems.append(f"256 bytes refused with {e}")
    return problems


class FakeGdb:
    """Answers every read with `value`; the guest stops at a watchpoint
    when `stops` says so."""
    def __init__(self, value, stops=True):
        self.value = value
        self.stops = stops
        self.watchpoints = set()

    def read32(self, addr):
        return self.value

    def cont(self):
        pass

    def watch_write(self, addr, size=4):
        self.watchpoints.add((addr, size))

    def wait_break(self, timeout):
        return self.stops


def judgements():
    """How qemu-run reads a stopped cell, a reported status and a check32
    step: the problems found, none when all hold."""
    mod = load_runner()
    stop = STOPPED % 0 + STOPPED % 1
    problems = []
    if mod.cell_status(mod.CELL_SHUT_DOWN, "") is not None:
        problems.append("a shut-down cell that said no status has one")
    if mod.cell_status(mod.CELL_SHUT_DOWN, stop) != 1:
        problems.append("a shut-down cell's status is not its last line's")
    if mod.cell_status(mod.CELL_FAILED, "") != mod.EXIT_FATAL:
        problems.append("a FAILED cell is not the fatal status")
    if mod.unsaid_status(1, stop, False) is not None or \
            mod.unsaid_status(0, stop, False) is None:
        problems.append("the last 'stopped with status' line does not decide")
    # The run ends on the firmware's error line, so only a whole one
    # counts: the rest of it may still be on its way.
    if mod.FW_ERROR.search("x86-cell-fw: error: opt/cellmate/ba"):
        problems.append("a firmware error line cut short ends the run")
    if not mod.FW_ERROR.search("boot\nx86-cell-fw: error: bad base\r\n"):
        problems.append("a whole firmware error line is not seen")
    # What a reset rewrites in RAM, to be kept: QEMU's own blobs, not the
    # communication region the runner gave it, nor ROM or fw_cfg files.
    kept = mod.qemu_ram_blobs(FakeMonitor(), {"/tmp/x/comm.bin"})
    if kept != [(0x40000000, 0x100000)]:
        problems.append(f"the blobs a reset rewrites: {kept}")
    steps = mod.Steps(["check32:0x10=5"], {})
    if steps.advance(b"", None, FakeGdb(4)) or not steps.failure:
        problems.append("a check32 that reads 4, not 5, passes")
    # A stop at a store counts only at the word armed for, and only once
    # the guest stopped there.
    steps = mod.Steps(["watchwrite:0x10", "stopwrite:0x14"], {})
    if steps.advance(b"", None, FakeGdb(0)) or not steps.failure:
        problems.append("a stopwrite at a word not watched passes")
    steps = mod.Steps(["watchwrite:0x10", "stopwrite:0x10"], {})
    if steps.advance(b"", None, FakeGdb(0, stops=False)) or not steps.failure:
        problems.append("a stopwrite where the guest never stopped passes")
    steps = mod.Steps(["watchwrite:comm+16", "stopwrite:comm+16"],
                      {"comm": 0x80000000})
    if not steps.advance(b"", None, FakeGdb(0)) or steps.pending():
        problems.append(f"a stop at the watched word fails: {steps.failure}")
    return problems


def main():
    failed = 0
    problems = judgements()
    if problems:
        print(f"FAIL qemu-run's judgements: {problems}")
        failed += 1
    else:
        print("ok   qemu-run reads cell states, reported statuses, check32, "
              "stopwrite and firmware errors strictly")
    problems = unloaded_sections_found()
    if problems:
        print(f"FAIL --fill-unloaded's sections: {problems}")
        failed += 1
    else:
        print("ok   --fill-unloaded finds .bss, and not .data, in ELF64 and ELF32")
    problems = segments_loaded()
    if problems:
        print(f"FAIL --restarts' image load: {problems}")
        failed += 1
    else:
        print("ok   --restarts on ARM loads each segment's bytes and the entry")
    problems = cmdline_bounds()
    if problems:
        print(f"FAIL --cmdline's bound: {problems}")
        failed += 1
    else:
        print("ok   --cmdline takes 255 bytes and its NUL, refuses 256")
    status, out = kvm_skip_status()
    if status != 77 or "SKIPPED" not in out:
        print(f"FAIL a KVM configuration without KVM: expected status 77 "
              f"(ctest's skip) and SKIPPED, got {status}: {out}")
        failed += 1
    else:
        print("ok   a KVM configuration without KVM is skipped (77), not passed")
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("qemu-system-arm", "qemu-system-x86_64"):
            path = os.path.join(tmp, name)
            with open(path, "w") as f:
                f.write(FAKE)
            os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
        problems = kvm_cpus(tmp)
        if problems:
            print(f"FAIL KVM runs' CPUs without arch-capabilities: {problems}")
            failed += 1
        else:
            print("ok   a KVM run's CPUs, its own and a test's, go without "
                  "IA32_ARCH_CAPABILITIES")
        for what, behaviour, args, status, text in CASES:
            r = run(tmp, behaviour, args)
            out = r.stdout + r.stderr
            if r.returncode != status or text not in out:
                print(f"FAIL {what}: expected status {status} and {text!r}, "
                      f"got {r.returncode}:\n{out}")
                failed += 1
            else:
                print(f"ok   {what}")
    print(f"{len(CASES) + 6 - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
