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
import fcntl
import os
import re
import select
import shlex
import socket
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gdbstub  # noqa: E402
import jailhouse_comm  # noqa: E402
import qmp  # noqa: E402

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
    # A Jailhouse cell's layout under plain QEMU: 2 GiB of RAM so that the
    # communication region at 0x80000000 is memory the runner fills.
    "virt-cell": ("qemu-system-arm",
                  ["-M", "virt", "-cpu", "cortex-a15", "-m", "2G"] + ARM_COMMON),
    # The same entered in HYP mode, for images that bring a stand-in for
    # the hypervisor's debug console (tests/kernel/cell/arm/fake_hyp.S).
    "virt-cell-hyp": ("qemu-system-arm",
                      ["-M", "virt,virtualization=on", "-cpu", "cortex-a15",
                       "-m", "2G"] + ARM_COMMON),
}

# Where each configuration's cell finds its communication region.
COMM_REGION = {"virt-cell": (0x80000000, "arm"),
               "virt-cell-hyp": (0x80000000, "arm")}

# x86: QEMU q35 booting the image's PVH note (-kernel), with the
# isa-debug-exit device the board's device tree describes. -no-reboot
# turns a triple fault into an exit without a status instead of a loop.
X86_COMMON = ["-M", "q35", "-m", "128M", "-display", "none", "-monitor",
              "none", "-nodefaults", "-no-reboot",
              "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
# QEMU 7.2 gives a KVM guest's CPU (host or max) the host's
# IA32_ARCH_CAPABILITIES (MSR 0x10a) and aborts when the KVM below refuses
# to set it, as a nested KVM may ("failed to set MSR 0x10a"). The kernel
# never reads that MSR (it lists a CPU's speculation fixes), so on KVM
# every -cpu goes without it (kvm_cpu_args), a test's own included.
NO_ARCH_CAPABILITIES = ",-arch-capabilities"
KVM_CPU = "host" + NO_ARCH_CAPABILITIES
X86_CONFIGS = {
    # The richest CPU QEMU offers: x2APIC and the TSC-deadline timer where
    # the accelerator has them (QEMU 7.2's TCG has neither: see docs).
    "q35-max": ("qemu-system-x86_64", ["-cpu", "max"] + X86_COMMON),
    # No x2APIC, no TSC-deadline: the xAPIC MMIO and calibrated one-shot
    # timer paths, whatever the accelerator.
    "q35-xapic": ("qemu-system-x86_64",
                  ["-cpu", "max,-x2apic,-tsc-deadline"] + X86_COMMON),
    # The host CPU under KVM: x2APIC and the TSC-deadline timer, which
    # QEMU 7.2's TCG does not emulate. Real time, no -icount; skipped
    # (exit code SKIPPED) where /dev/kvm is not usable.
    "q35-kvm": ("qemu-system-x86_64",
                ["-accel", "kvm", "-cpu", KVM_CPU] + X86_COMMON),
    # qboot, the smallest firmware QEMU ships, in place of SeaBIOS: what
    # a boot from reset costs at the least before the image's entry
    # (the benchmark's boot table).
    "q35-qboot": ("qemu-system-x86_64",
                  ["-cpu", "max", "-bios", "qboot.rom"] + X86_COMMON),
}
CONFIGS.update(X86_CONFIGS)

# x86 Jailhouse cells, launched the way Jailhouse starts them by our own
# firmware (tools/x86-cell-fw, given with --bios): it takes the unmodified
# flat image from fw_cfg, places it at 0, fills the communication region
# at 0x100000 (or copies the page --comm gives, also through fw_cfg) and
# enters the image in real mode at 0. A cell has no exit device: the run
# ends when its state word says it stopped, as the hypervisor sees it
# (cell_status()).
X86_CELL_COMMON = ["-M", "q35", "-m", "128M", "-display", "none", "-monitor",
                   "none", "-nodefaults", "-no-reboot"]
X86_CELL_CONFIGS = {
    "q35-cell-max": ("qemu-system-x86_64", ["-cpu", "max"] + X86_CELL_COMMON),
    "q35-cell-xapic": ("qemu-system-x86_64",
                       ["-cpu", "max,-x2apic,-tsc-deadline"] + X86_CELL_COMMON),
    "q35-cell-kvm": ("qemu-system-x86_64",
                     ["-accel", "kvm", "-cpu", KVM_CPU] + X86_CELL_COMMON),
}
CONFIGS.update(X86_CELL_CONFIGS)
for _name in X86_CELL_CONFIGS:
    COMM_REGION[_name] = (0x100000, "x86")
FW_CFG_IMAGE = "opt/cellmate/image"
FW_CFG_COMM = "opt/cellmate/comm"
FW_CFG_RESTART = "opt/cellmate/restart"
# A whole line: the run ends on it, and must not cut it short.
FW_ERROR = re.compile(r"^x86-cell-fw: error: [^\r\n]*\r?\n", re.M)
# The cell state word (offset 8) and the values that end a cell: SHUT_DOWN,
# FAILED, FAILED_COMM_REV.
CELL_STATE_OFFSET = 8
CELL_SHUT_DOWN, CELL_FAILED, CELL_FAILED_COMM_REV = 2, 3, 4
CELL_STOPPED = {CELL_SHUT_DOWN, CELL_FAILED, CELL_FAILED_COMM_REV}
EXIT_FATAL = 2          # the kernel's status for panics and faults
STOPPED_LINE = re.compile(r"^cellmate: stopped with status (-?[0-9]+)", re.M)

# ARM Jailhouse cells started again without a reload (--restarts). QEMU
# restores what -kernel (or any loader) put in RAM at every machine reset,
# so for these runs the image goes into RAM through the gdb stub instead,
# as `jailhouse cell load` copies it, and a generic loader only points the
# CPU at the entry at each reset. The communication region, a loader's
# blob, is filled again at each reset, as Jailhouse fills it at `cell
# start`. Without an exit device (the run ends by the state word).
ARM_CELL_CONFIGS = {"virt-cell"}

KVM_CONFIGS = {"q35-kvm", "q35-cell-kvm"}
# Machines QEMU always builds with several CPUs (orangepi-pc: min_cpus 4),
# where its record mode is refused.
MULTI_CPU_CONFIGS = {"orangepi-pc"}
SKIPPED = 77    # ctest's SKIP_RETURN_CODE for the in-guest tests


KVM_GET_API_VERSION, KVM_CREATE_VM, KVM_API_VERSION = 0xAE00, 0xAE01, 12


def kvm_usable():
    """True when KVM works: /dev/kvm opens, speaks the stable API and
    creates a VM (it may be absent, forbidden, or a stand-in file)."""
    try:
        fd = os.open("/dev/kvm", os.O_RDWR)
    except OSError:
        return False
    try:
        if fcntl.ioctl(fd, KVM_GET_API_VERSION) != KVM_API_VERSION:
            return False
        os.close(fcntl.ioctl(fd, KVM_CREATE_VM, 0))
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def kvm_cpu_args(qemu_args):
    """A test's extra QEMU arguments for a KVM run: each -cpu model
    without the MSR KVM may refuse (NO_ARCH_CAPABILITIES)."""
    out = list(qemu_args)
    for i in range(1, len(out)):
        if out[i - 1] == "-cpu" and NO_ARCH_CAPABILITIES not in out[i]:
            out[i] += NO_ARCH_CAPABILITIES
    return out


def guest_status(config, status):
    """The status the guest reported, from QEMU's exit code, or None.

    isa-debug-exit ends QEMU with (value << 1) | 1; any even code (a
    normal QEMU exit, e.g. after a triple fault with -no-reboot) carries no
    guest status. For x86 cells run() already read it from the cell."""
    if config not in X86_CONFIGS:
        return status
    return status >> 1 if status & 1 else None


def unsaid_status(reported, log, off_console):
    """Why an exit status cannot be the kernel's, or None. The kernel says
    "cellmate: stopped with status N" before every orderly stop; QEMU's
    own exit (an option it refuses, an image it cannot load, an abort)
    decodes to a status too: 0 or 1. So a status other than the fatal one
    must come with the line, and with the same N (unless the test moved
    the console off the serial port: off_console)."""
    said = STOPPED_LINE.findall(log)
    if said and int(said[-1]) != reported:
        return (f"exit status {reported}, but the kernel said "
                f"'stopped with status {said[-1]}'")
    if not said and reported != EXIT_FATAL and not off_console:
        return (f"exit status {reported} without the kernel's 'cellmate: "
                f"stopped with status {reported}' line: QEMU ended on its own "
                "(its messages are in the log)")
    return None


def cell_status(state, log):
    """The status a stopped x86 cell reported, read as Jailhouse would:
    SHUT_DOWN with the status of the kernel's last "stopped with status N"
    line; FAILED or FAILED_COMM_REV as the kernel's fatal status. None
    while it runs, or for a shut-down cell that did not say its status."""
    if state in (CELL_FAILED, CELL_FAILED_COMM_REV):
        return EXIT_FATAL
    if state == CELL_SHUT_DOWN:
        lines = STOPPED_LINE.findall(log)
        return int(lines[-1]) if lines else None
    return None


def tool_run(cmd):
    """Runs a binutils command; stops with its complaint, not a traceback
    (the usual cause: an objcopy or nm for another architecture)."""
    try:
        return subprocess.run(cmd, check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError) as e:
        detail = getattr(e, "stderr", None) or str(e)
        sys.exit(f"qemu-run: {' '.join(cmd[:2])} ... failed: {detail.strip()}\n"
                 "qemu-run: is --objcopy / --nm the one for this image's "
                 "architecture?")


def flat_image(image, objcopy, workdir):
    """The flat binary of an ELF image, as `jailhouse cell load` takes it."""
    out = os.path.join(workdir, os.path.splitext(os.path.basename(image))[0] + ".bin")
    tool_run([objcopy, "-O", "binary", image, out])
    return out


def qemu_ram_blobs(monitor, ours):
    """(address, size) of the blobs QEMU writes into RAM at every reset
    (`info roms`), but for the files in `ours`."""
    out = monitor.execute("human-monitor-command",
                          **{"command-line": "info roms"})
    return [(int(a, 16), int(n, 16)) for a, n, name in re.findall(
        r'^addr=([0-9a-fA-F]+) size=0x([0-9a-fA-F]+) mem=ram name="([^"]*)"',
        out, re.M) if name not in ours]


def ram_loaded(args):
    """Whether the runner itself puts the image in RAM (ARM_CELL_CONFIGS)."""
    return bool(args.restarts) and args.config in ARM_CELL_CONFIGS


def boot_args(args, workdir):
    """How the configuration boots the image: -kernel, for x86 cells the
    firmware with the flat image in fw_cfg, or for an ARM cell started
    again the entry alone (the runner writes the image: ram_loaded)."""
    if ram_loaded(args):
        entry, _ = load_segments(args.image)
        return ["-device", f"loader,addr=0x{entry:x},cpu-num=0"]
    if args.config not in X86_CELL_CONFIGS:
        return ["-kernel", args.image]
    if not args.bios:
        sys.exit(f"qemu-run: {args.config} needs --bios (tools/x86-cell-fw)")
    flat = flat_image(args.image, args.objcopy, workdir)
    boot = ["-bios", args.bios, "-fw_cfg", f"name={FW_CFG_IMAGE},file={flat}"]
    if args.restarts:
        # A machine reset (hmp:system_reset) must reset, not end QEMU as
        # -no-reboot has it; the firmware then starts the cell again from
        # the memory its last run left, as "jailhouse cell start" without
        # a new "cell load" does, and stops with an error on a reset past
        # the last restart allowed (a triple fault, say).
        boot += ["-fw_cfg", f"name={FW_CFG_RESTART},string={args.restarts}",
                 "-action", "reboot=reset"]
    return boot


def patch_cmdline(image, cmdline, objcopy, workdir):
    """A copy of the ELF image with `cmdline` in its .cmdline section."""
    data = cmdline.encode()
    if len(data) >= CMDLINE_SIZE:
        sys.exit(f"qemu-run: command line longer than {CMDLINE_SIZE - 1} bytes")
    blob = os.path.join(workdir, "cmdline.bin")
    with open(blob, "wb") as f:
        f.write(data + bytes(CMDLINE_SIZE - len(data)))
    out = os.path.join(workdir, os.path.basename(image))
    tool_run([objcopy, "--update-section", f".cmdline={blob}", image, out])
    return out


def symbol_addresses(image, nm):
    """name -> lower-case 8-digit hex address, from the ELF symbol table."""
    out = tool_run([nm, image]).stdout
    syms = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3:
            syms[parts[2]] = parts[0][-8:].lower()
    return syms


def load_segments(image):
    """The entry and the (physical address, file bytes) of each loadable
    segment of a 32-bit little-endian ELF: what a loader copies."""
    import struct
    data = open(image, "rb").read()
    if data[:4] != b"\x7fELF" or data[4] != 1 or data[5] != 1:
        sys.exit(f"qemu-run: {image}: not a 32-bit little-endian ELF file")
    entry, phoff = struct.unpack_from("<II", data, 0x18)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x2a)
    out = []
    for i in range(phnum):
        kind, off, _, paddr, filesz = struct.unpack_from(
            "<IIIII", data, phoff + i * phentsize)
        if kind == 1 and filesz:        # PT_LOAD
            out.append((paddr, data[off:off + filesz]))
    return entry, out


def unloaded_sections(image):
    """(name, address, size) of the ELF's allocated sections that hold no
    file bytes (SHT_NOBITS: .bss, .noinit, stacks, page-table pools)."""
    import struct
    data = open(image, "rb").read()
    if data[:4] != b"\x7fELF" or data[5] != 1:
        sys.exit(f"qemu-run: {image}: not a little-endian ELF file")
    wide = data[4] == 2
    if wide:
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3a)
        fmt, fields = "<IIQQQQ", lambda t: (t[0], t[1], t[2], t[3], t[5])
    else:
        shoff, = struct.unpack_from("<I", data, 0x20)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x2e)
        fmt, fields = "<IIIIII", lambda t: (t[0], t[1], t[2], t[3], t[5])
    heads = [fields(struct.unpack_from(fmt, data, shoff + i * shentsize))
             for i in range(shnum)]
    strtab = struct.unpack_from(fmt, data, shoff + shstrndx * shentsize)[4]

    def name(off):
        end = data.index(b"\0", strtab + off)
        return data[strtab + off:end].decode()
    return [(name(n), addr, size) for n, kind, flags, addr, size in heads
            if kind == 8 and flags & 2 and size]     # NOBITS, ALLOC


def expand_symbols(pattern, image, nm, cache):
    """Replaces {symbol} in a pattern with the symbol's address."""
    def sub(m):
        if "syms" not in cache:
            cache["syms"] = symbol_addresses(image, nm)
        if m.group(1) not in cache["syms"]:
            sys.exit(f"qemu-run: no symbol {m.group(1)} in {image}")
        return cache["syms"][m.group(1)]
    return re.sub(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", sub, pattern)


STEP_KINDS = {"wait", "send", "write32", "poll32", "stopat", "check32", "hmp",
              "watch32", "watchwrite", "stopwrite"}
# The steps that need QEMU's gdb stub.
GDB_STEPS = {"write32", "poll32", "stopat", "check32", "watchwrite", "stopwrite"}


class Steps:
    """The scripted side of a run, in order: wait for console output, send
    input, and (through QEMU's gdb stub) write and poll guest memory --
    how a test plays the hypervisor writing msg_to_cell and reading
    reply_from_cell and cell_state."""

    def __init__(self, specs, symbols):
        self.todo = list(specs)
        self.symbols = symbols
        self.pos = 0            # console output consumed by waits
        self.failure = None
        # (address, size) of what QEMU writes again at a machine reset
        # over RAM the runner loaded (ram_loaded): kept as the guest left
        # it, as a reset of a cell keeps its memory.
        self.kept = []

    def addr(self, expr):
        base, _, off = expr.partition("+")
        value = self.symbols[base] if base in self.symbols else int(base, 0)
        return value + (int(off, 0) if off else 0)

    def advance(self, log, proc, gdb, monitor=None):
        """Runs the steps that can run now; False once one failed."""
        while self.todo and not self.failure:
            kind, _, arg = self.todo[0].partition(":")
            if kind == "wait":
                m = re.compile(arg.encode()).search(log, self.pos)
                if not m:
                    return True
                self.pos = m.end()
            elif kind == "send":
                proc.stdin.write(arg.encode().decode("unicode_escape").encode())
                proc.stdin.flush()
            elif kind == "hmp" and arg == "system_reset" and self.kept:
                self.reset_keeping_ram(gdb, monitor)
            elif kind == "hmp":
                # A human-monitor command while the guest runs (QMP). A
                # guest that stops at once (an injected machine check)
                # may end QEMU before the answer: done all the same.
                try:
                    monitor.execute("human-monitor-command",
                                    **{"command-line": arg})
                except (OSError, EOFError) as e:
                    try:
                        proc.wait(timeout=2)
                    except subprocess.TimeoutExpired:
                        self.failure = f"monitor command {arg!r}: {e}"
                        return False

            elif kind == "watch32":
                # poll32 through the monitor: the guest runs on, and no
                # gdb stub is needed (a cell's state word, say).
                where, _, value = arg.partition("=")
                if monitor.read32(self.addr(where)) != int(value, 0):
                    return True     # poll again later
            elif kind in ("write32", "poll32"):
                where, _, value = arg.partition("=")
                addr, want = self.addr(where), int(value, 0)
                if kind == "write32":
                    gdb.write32(addr, want)
                    gdb.cont()
                else:
                    got = gdb.read32(addr)
                    gdb.cont()
                    if got != want:
                        return True     # poll again later
            elif kind == "stopat":
                # Its breakpoint was set before the guest started.
                if not gdb.wait_break(30):
                    self.failure = f"never reached {arg}"
                    return False
            elif kind == "watchwrite":
                # Armed here, not at the start: a firmware that fills the
                # page (x86-cell-fw) would stop at its own stores.
                gdb.watch_write(self.addr(arg))
                gdb.cont()
            elif kind == "stopwrite":
                # The guest stays where the watchpoint stopped it, for
                # check32 steps, until the steps are done.
                if (self.addr(arg), 4) not in gdb.watchpoints:
                    self.failure = f"stopwrite:{arg} without watchwrite:{arg}"
                    return False
                if not gdb.wait_break(30):
                    self.failure = f"nothing stored to {arg}"
                    return False
            elif kind == "check32":
                where, _, value = arg.partition("=")
                where, _, mask = where.partition("&")
                got = gdb.read32(self.addr(where)) & int(mask or "0xffffffff", 0)
                if got != int(value, 0):
                    self.failure = f"{where} is {got}, expected {value}"
                    return False
                gdb.cont()
            else:
                self.failure = f"unknown step {self.todo[0]!r}"
                return False
            self.todo.pop(0)
        return not self.failure

    def reset_keeping_ram(self, gdb, monitor):
        """A machine reset after which RAM holds what the guest left. At
        a reset QEMU copies its own blobs in again: on -M virt without
        -kernel, its device tree at the base of RAM, over the image. What
        they cover is read before and written back after, while the
        guest is stopped; the CPU then starts at the entry (boot_args)."""
        saved = [(addr, gdb.read(addr, size)) for addr, size in self.kept]
        before = monitor.resets
        monitor.execute("human-monitor-command",
                        **{"command-line": "system_reset"})
        deadline = time.monotonic() + 10
        while monitor.resets == before:     # the main loop resets later
            if time.monotonic() > deadline:
                raise IOError("no RESET event within 10 s")
            time.sleep(0.01)
            monitor.execute("query-status")
        for addr, data in saved:
            gdb.write(addr, data)
        gdb.cont()

    def start(self, gdb):
        """Sets the breakpoints of the stopat steps, then lets the guest
        (started paused) run."""
        for step in self.todo:
            kind, _, arg = step.partition(":")
            if kind == "stopat":
                gdb.breakpoint(self.addr(arg))
        gdb.cont()

    def pending(self):
        return self.todo[0] if self.todo else None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args, workdir):
    binary, machine = CONFIGS[args.config]
    cmd = [binary] + machine + ["-chardev", "stdio,id=con0,signal=off",
                                "-serial", "chardev:con0"]
    if args.icount is not None:
        icount = f"shift={args.icount},align=off,sleep=off"
        if args.icount_record:
            # Record mode makes QEMU's I/O thread wait for the CPU's
            # instruction count before it warps the clock of a halted
            # CPU: without it, now and then a warp overshoots by the
            # last run of instructions (docs/perf.md). The recording
            # itself is not needed.
            icount += ",rr=record,rrfile=/dev/null"
        cmd += ["-icount", icount]
    symbols = {}
    ours = set()
    cell = args.config in X86_CELL_CONFIGS or ram_loaded(args)
    if args.comm is not None:
        if args.config not in COMM_REGION:
            sys.exit(f"qemu-run: {args.config} has no communication region")
        addr, arch = COMM_REGION[args.config]
        blob = os.path.join(workdir, "comm.bin")
        with open(blob, "wb") as f:
            f.write(jailhouse_comm.page_from_args(arch, shlex.split(args.comm)))
        ours.add(blob)
        if args.config in X86_CELL_CONFIGS:
            # The firmware copies it into place, as it would fill it.
            cmd += ["-fw_cfg", f"name={FW_CFG_COMM},file={blob}"]
        else:
            cmd += ["-device", f"loader,file={blob},addr=0x{addr:x},force-raw=on"]
    if args.config in COMM_REGION:
        symbols["comm"] = COMM_REGION[args.config][0]
    qmp_path = None
    if cell or any(x.split(":")[0] in ("hmp", "watch32") for x in args.step):
        qmp_path = os.path.join(workdir, "qmp.sock")
        cmd += ["-qmp", f"unix:{qmp_path},server=on,wait=off"]
    symbols.update({k: int(v, 16) for k, v in args.symbols.items()})
    steps = Steps(args.step, symbols)
    for after, text in zip(args.input_after, args.input):
        steps.todo += [f"wait:{after}", f"send:{text}"]
    gdb_port = None
    if args.fill_unloaded is not None or ram_loaded(args) or any(
            x.split(":")[0] in GDB_STEPS for x in steps.todo):
        gdb_port = free_port()
        cmd += ["-gdb", f"tcp:127.0.0.1:{gdb_port}", "-S"]
    cmd += boot_args(args, workdir) + args.qemu_arg

    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    gdb = watch = monitor = None
    log = b""
    timed_out = False
    state = None
    next_watch = 0.0
    try:
        # Inside the try: when QEMU fails to start, its message is the log.
        gdb = gdbstub.GdbStub(gdb_port) if gdb_port else None
        monitor = qmp.Qmp(qmp_path) if qmp_path else None
        watch = monitor if cell else None
        if ram_loaded(args):
            for addr, data in load_segments(args.image)[1]:
                gdb.write(addr, data)
            steps.kept = qemu_ram_blobs(monitor, ours)
        if gdb and args.fill_unloaded is not None:
            # What the loader left zeroed, as a boot loader would not:
            # the kernel may count on nothing beyond its image's bytes.
            for _, addr, size in unloaded_sections(args.image):
                gdb.fill(addr, size, args.fill_unloaded)
        if gdb:
            steps.start(gdb)
        while True:
            left = args.timeout - (time.monotonic() - start)
            if left <= 0:
                timed_out = True
                proc.kill()
                break
            ready, _, _ = select.select([proc.stdout], [], [], min(left, 0.05))
            if ready:
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    break
                log += chunk
            elif proc.poll() is not None:
                break
            if not steps.advance(log, proc, gdb, monitor):
                proc.kill()
                break
            if ram_loaded(args) and monitor.resets > args.restarts:
                # Nothing starts the cell again past them (x86-cell-fw
                # refuses to): a reset the guest asked for, say.
                steps.failure = (f"the machine reset {monitor.resets} times, "
                                 f"--restarts allows {args.restarts}")
                proc.kill()
                break
            if gdb and not steps.pending():
                # All checked: let the guest finish. A guest that ends
                # right after the last step may take the stub with it
                # mid-release; its exit status and output still decide.
                try:
                    gdb.release()
                except (OSError, EOFError):
                    pass
                gdb.close()
                gdb = None
            if watch and FW_ERROR.search(log.decode(errors="replace")):
                proc.kill()         # the firmware gave up: nothing runs
                break
            if watch and not steps.pending() and time.monotonic() >= next_watch:
                next_watch = time.monotonic() + 0.05
                state = watch.read32(symbols["comm"] + CELL_STATE_OFFSET)
                if state in CELL_STOPPED:
                    # The cell halts after writing it: its output is all
                    # there but what is still in the pipe.
                    log += drain(proc, 0.2)
                    proc.kill()
                    break
    except (OSError, EOFError) as e:
        if proc.poll() is None or steps.pending():
            steps.failure = f"{steps.pending()}: {e}"
    finally:
        if gdb:
            gdb.close()
        if monitor:
            monitor.close()
    if proc.poll() is None and steps.failure:
        proc.kill()     # e.g. left stopped at a breakpoint: never ends
    if proc.poll() is None and not timed_out and not steps.failure:
        try:
            proc.wait(timeout=max(0.1, args.timeout - (time.monotonic() - start)))
        except subprocess.TimeoutExpired:
            timed_out = True
            proc.kill()
    rest = proc.stdout.read() if not timed_out else b""
    log += rest or b""
    status = proc.wait()
    if cell:
        # No exit device: what the cell says in its state word counts.
        status = None if state not in CELL_STOPPED else \
            cell_status(state, log.decode(errors="replace"))
    return cmd, status, timed_out, log.decode(errors="replace"), steps


def drain(proc, quiet, limit=2.0):
    """What the guest still prints until it has been quiet for `quiet` s
    (at most `limit` s: a guest that keeps printing is cut off)."""
    out = b""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        ready, _, _ = select.select([proc.stdout], [], [], quiet)
        if not ready:
            return out
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            return out
        out += chunk
    return out


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
    p.add_argument("--bios", help="firmware for the x86 cell configurations "
                   "(build/<cell preset>/x86-cell-fw.bin)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds")
    p.add_argument("--icount", type=int, help="run with -icount shift=N")
    p.add_argument("--icount-record", action="store_true",
                   help="with --icount: QEMU's record mode, which makes virtual "
                   "time exactly repeatable (one CPU only)")
    p.add_argument("--exit", type=int, default=0, help="expected exit status")
    p.add_argument("--halts", action="store_true",
                   help="the guest stops for good without an exit device "
                   "(a CPU the image cannot run on): the run ends at the "
                   "timeout, which is then no failure; QEMU ending by "
                   "itself (a reset, with -no-reboot) is one")
    p.add_argument("--status-off-console", action="store_true",
                   help="the guest's console leaves the serial port, so its "
                   "'stopped with status' line is not in the log: take the "
                   "exit device's status alone")
    p.add_argument("--expect", action="append", default=[], help="regex that must appear")
    p.add_argument("--reject", action="append", default=[], help="regex that must not appear")
    p.add_argument("--input", action="append", default=[], help="bytes to send (escapes ok)")
    p.add_argument("--input-after", action="append", default=[],
                   help="regex after which the matching --input is sent")
    p.add_argument("--qemu-arg", action="append", default=[], help="extra QEMU argument")
    p.add_argument("--comm", help="fill the configuration's Jailhouse communication "
                   "region: arguments of tools/jailhouse_comm.py (without -o/--arch)")
    p.add_argument("--step", action="append", default=[],
                   help="scripted step, in order: wait:REGEX, send:TEXT, "
                   "write32:ADDR=V, poll32:ADDR=V (until equal), stopat:SYMBOL, "
                   "check32:ADDR[&MASK]=V, hmp:MONITOR-COMMAND, watch32:ADDR=V "
                   "(poll32 through the monitor, the guest running on), "
                   "watchwrite:ADDR (from here, stop the guest at its next "
                   "store to the word: before it on ARM, after it on x86), "
                   "stopwrite:ADDR (until it stopped there, and stays for "
                   "check32); ADDR may be comm+OFFSET or a "
                   "{symbol}")
    p.add_argument("--fill-unloaded", type=lambda v: int(v, 0), default=None,
                   metavar="BYTE",
                   help="ARM: fill the image's sections that hold no file "
                   "bytes (.bss, .noinit, stacks) with BYTE before it runs, "
                   "as RAM a boot loader leaves is not zeroed")
    p.add_argument("--restarts", type=int, default=0,
                   help="cells: after a machine reset (hmp:system_reset), "
                   "the cell starts again from the memory its last run left, "
                   "without loading the image, up to this many times (x86: "
                   "the firmware does it; ARM: the runner writes the image "
                   "into RAM, which a reset keeps, and fails the run on more "
                   "resets)")
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
    if not args.timeout > 0:
        p.error(f"--timeout {args.timeout:g}: give a number of seconds above 0")
    if not os.path.isfile(args.image):
        p.error(f"--image {args.image}: no such file")
    for step in args.step:
        kind, sep, arg = step.partition(":")
        if kind not in STEP_KINDS or not sep or not arg:
            p.error(f"--step {step!r}: not KIND:ARGUMENT with KIND one of "
                    f"{', '.join(sorted(STEP_KINDS))}")
    if args.fill_unloaded is not None:
        if not 0 <= args.fill_unloaded <= 0xff:
            p.error(f"--fill-unloaded {args.fill_unloaded:#x}: not a byte")
        if args.config in X86_CONFIGS or args.config in X86_CELL_CONFIGS:
            p.error("--fill-unloaded: x86 firmware loads the image after it "
                    "(x86-cell-fw fills a cell's RAM itself)")
    if args.restarts and args.config not in set(X86_CELL_CONFIGS) | ARM_CELL_CONFIGS:
        p.error(f"--restarts: {args.config} is not a cell configuration "
                f"({', '.join(sorted(set(X86_CELL_CONFIGS) | ARM_CELL_CONFIGS))})")
    if args.restarts and args.interactive and args.config in ARM_CELL_CONFIGS:
        p.error("--restarts on ARM: the runner writes the image, not with "
                "--interactive")
    if not 0 <= args.restarts <= 1000:
        p.error(f"--restarts {args.restarts}: give 0 to 1000")
    if args.icount_record and args.icount is None:
        p.error("--icount-record needs --icount")
    if args.icount_record and args.config in MULTI_CPU_CONFIGS:
        p.error(f"{args.config} has more than one CPU: QEMU's record mode "
                "supports one only")
    if args.config in KVM_CONFIGS:
        if args.icount is not None:
            p.error(f"{args.config} runs on KVM: no -icount")
        if not kvm_usable():
            print(f"qemu-run: SKIPPED: {args.config} needs a usable /dev/kvm")
            return SKIPPED
        args.qemu_arg = kvm_cpu_args(args.qemu_arg)

    if args.interactive:
        with tempfile.TemporaryDirectory() as tmp:
            if args.cmdline is not None:
                args.image = patch_cmdline(args.image, args.cmdline, args.objcopy, tmp)
            if args.comm is not None and args.config in X86_CELL_CONFIGS:
                blob = os.path.join(tmp, "comm.bin")
                with open(blob, "wb") as f:
                    f.write(jailhouse_comm.page_from_args("x86", shlex.split(args.comm)))
                args.qemu_arg += ["-fw_cfg", f"name={FW_CFG_COMM},file={blob}"]
            binary, machine = CONFIGS[args.config]
            cmd = [binary] + machine + ["-serial", "stdio"] + \
                boot_args(args, tmp) + args.qemu_arg
            print("qemu-run:", " ".join(cmd), flush=True)
            status = subprocess.call(cmd)
            # The guest's status, as on ARM: tools/demo returns it. An x86
            # QEMU that ended without isa-debug-exit (a reset) failed.
            if args.config in X86_CONFIGS and status >= 0:
                reported = guest_status(args.config, status)
                return 1 if reported is None else reported
            return status

    cache = {}
    args.expect = [expand_symbols(x, args.image, args.nm, cache) for x in args.expect]
    args.reject = [expand_symbols(x, args.image, args.nm, cache) for x in args.reject]
    args.symbols = symbol_addresses(args.image, args.nm) if args.step else {}
    with tempfile.TemporaryDirectory() as tmp:
        if args.cmdline is not None:
            args.image = patch_cmdline(args.image, args.cmdline, args.objcopy, tmp)
        cmd, status, timed_out, log, steps = run(args, tmp)

    problems = []
    reported = guest_status(args.config, status)
    cell = args.config in X86_CELL_CONFIGS or ram_loaded(args)
    fw_error = FW_ERROR.search(log) if args.config in X86_CELL_CONFIGS else None
    if fw_error:
        problems.append(f"the firmware stopped: {fw_error.group(0).strip()!r}")
    if steps.failure:
        problems.append(f"step failed: {steps.failure}")
    elif steps.pending():
        problems.append(f"step never completed: {steps.pending()}")
    if args.halts:
        if not timed_out and not steps.failure:
            problems.append(f"QEMU ended (exit code {status}) where the "
                            "guest should have halted for good")
    elif timed_out:
        problems.append(f"timed out after {args.timeout:.0f} s")
    elif reported is None and cell:
        problems.append("the cell never stopped by its state word (SHUT_DOWN "
                        "with a 'stopped with status' line, FAILED or "
                        f"FAILED_COMM_REV), expected status {args.exit}")
    elif reported is None:
        problems.append(f"QEMU exit code {status} carries no guest status "
                        f"(the guest reset or QEMU failed), expected {args.exit}")
    elif not cell and \
            unsaid_status(reported, log, args.status_off_console):
        problems.append(unsaid_status(reported, log, args.status_off_console))
    elif reported != args.exit:
        problems.append(f"exit status {reported} (QEMU exit code {status}), "
                        f"expected {args.exit}")
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
    print(f"qemu-run: ok ({args.config}, " +
          ("halted)" if args.halts else f"exit status {reported})"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
