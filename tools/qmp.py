"""A minimal client of QEMU's machine protocol (QMP) over a UNIX socket,
enough to read guest-physical memory while the guest runs, without
stopping it: the human monitor's `xp` through `human-monitor-command`.
Used by qemu-run.py to watch a Jailhouse cell's state word as the
hypervisor would."""
import json
import re
import socket
import time


class Qmp:
    def __init__(self, path, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.settimeout(timeout)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)
        self.buf = b""
        self.resets = 0                 # RESET events seen so far
        self._reply()                   # the greeting
        self.execute("qmp_capabilities")

    def _message(self):
        while b"\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("QMP socket closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def _reply(self):
        """The next message that is not an asynchronous event."""
        while True:
            msg = self._message()
            if "event" not in msg:
                return msg
            if msg["event"] == "RESET":
                self.resets += 1

    def execute(self, command, **arguments):
        req = {"execute": command}
        if arguments:
            req["arguments"] = arguments
        self.sock.sendall(json.dumps(req).encode() + b"\n")
        reply = self._reply()
        if "error" in reply:
            raise IOError(f"QMP {command}: {reply['error']}")
        return reply.get("return")

    def read32(self, addr):
        """The little-endian word at guest-physical `addr`."""
        out = self.execute("human-monitor-command",
                           **{"command-line": f"xp /1wx 0x{addr:x}"})
        m = re.search(r":\s*0x([0-9a-fA-F]+)", out)
        if not m:
            raise IOError(f"QMP xp 0x{addr:x}: unexpected answer {out!r}")
        return int(m.group(1), 16)

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
