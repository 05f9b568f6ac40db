"""A minimal client of QEMU's gdb stub (the GDB remote serial protocol),
enough to read and write guest memory while the guest runs: interrupt,
access, continue. Used by qemu-run.py to play the hypervisor's side of the
Jailhouse communication region."""
import socket
import time


class GdbStub:
    def __init__(self, port, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
                # One packet, one answer: Nagle's delay would add to each.
                self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.buf = b""
        self.running = False    # QEMU started with -S waits for us
        self.at_break = False   # stopped at one of our breakpoints
        self.breakpoints = set()
        self.watchpoints = set()

    def _recv_byte(self):
        while not self.buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise EOFError("gdb stub closed the connection")
            self.buf += chunk
        b, self.buf = self.buf[:1], self.buf[1:]
        return b

    def _read_packet(self):
        while self._recv_byte() != b"$":
            pass
        data = b""
        while True:
            b = self._recv_byte()
            if b == b"#":
                break
            data += b
        self._recv_byte()
        self._recv_byte()          # checksum: trusted over loopback
        self.sock.sendall(b"+")
        return data.decode()

    def _send(self, cmd, reply=True):
        data = cmd.encode()
        packet = b"$" + data + b"#" + b"%02x" % (sum(data) & 0xff)
        self.sock.sendall(packet)
        while self._recv_byte() != b"+":
            pass
        return self._read_packet() if reply else None

    def _stopped(self, reply):
        # SIGINT (T02) is our interrupt; SIGTRAP (T05) a breakpoint or
        # watchpoint hit.
        self.running = False
        if reply.startswith("T05") or reply.startswith("S05"):
            self.at_break = True

    def stop(self):
        if self.running:
            self.sock.sendall(b"\x03")
            self._stopped(self._read_packet())

    def cont(self):
        """Resumes the guest, unless it sits at one of our breakpoints:
        there it stays for the test to look at."""
        if not self.running and not self.at_break:
            self._send("c", reply=False)
            self.running = True

    def read32(self, addr):
        self.stop()
        r = self._send("m%x,4" % addr)
        if r.startswith("E"):
            raise IOError(f"gdb stub: cannot read 0x{addr:x}: {r}")
        return int.from_bytes(bytes.fromhex(r), "little")

    def write32(self, addr, value):
        self.stop()
        r = self._send("M%x,4:%s" % (addr, (value & 0xffffffff).to_bytes(4, "little").hex()))
        if r != "OK":
            raise IOError(f"gdb stub: cannot write 0x{addr:x}: {r}")

    def read(self, addr, size, chunk=2048):
        """The `size` bytes from `addr`."""
        self.stop()
        out = b""
        while len(out) < size:
            n = min(size - len(out), chunk)
            r = self._send("m%x,%x" % (addr + len(out), n))
            if r.startswith("E") or len(r) != 2 * n:
                raise IOError(f"gdb stub: cannot read 0x{addr + len(out):x}: {r}")
            out += bytes.fromhex(r)
        return out

    def write(self, addr, data, chunk=1024):
        """Writes the bytes `data` from `addr`."""
        self.stop()
        for off in range(0, len(data), chunk):
            part = data[off:off + chunk]
            r = self._send("M%x,%x:%s" % (addr + off, len(part), part.hex()))
            if r != "OK":
                raise IOError(f"gdb stub: cannot write 0x{addr + off:x}: {r}")

    def fill(self, addr, size, byte):
        """Writes `size` copies of `byte` from `addr`."""
        self.write(addr, bytes([byte]) * size)

    def breakpoint(self, addr):
        self.stop()
        if self._send("Z0,%x,4" % addr) != "OK":
            raise IOError(f"gdb stub: cannot set a breakpoint at 0x{addr:x}")
        self.breakpoints.add(addr)

    def watch_write(self, addr, size=4):
        """A write watchpoint: the guest stops at an instruction that
        stores to [addr, addr + size), QEMU's way: before the store on ARM,
        after it on x86."""
        self.stop()
        if self._send("Z2,%x,%x" % (addr, size)) != "OK":
            raise IOError(f"gdb stub: cannot watch writes to 0x{addr:x}")
        self.watchpoints.add((addr, size))

    def wait_break(self, timeout):
        """Waits until the guest stops at one of our breakpoints."""
        if self.at_break:
            return True
        self.cont()
        before = self.sock.gettimeout()
        self.sock.settimeout(timeout)
        try:
            self._stopped(self._read_packet())
        except socket.timeout:
            return False
        finally:
            self.sock.settimeout(before)
        return self.at_break

    def release(self):
        """Removes every breakpoint and watchpoint and lets the guest run
        to its end."""
        self.stop()
        for addr in list(self.breakpoints):
            self._send("z0,%x,4" % addr)
        self.breakpoints.clear()
        for addr, size in list(self.watchpoints):
            self._send("z2,%x,%x" % (addr, size))
        self.watchpoints.clear()
        self.at_break = False
        self.cont()

    def close(self):
        try:
            self.cont()
        except (OSError, EOFError):
            pass        # the guest, and its stub, are gone
        finally:
            self.sock.close()
