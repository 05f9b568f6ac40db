"""What the host tools' tests share: a device tree blob from .dts text,
and a tool's run with the text its refusal must say."""
import os
import subprocess
import sys
import tempfile


def dtb(tmp, dts_text, name="t"):
    """`dts_text` compiled by dtc into `tmp`; the blob's path."""
    dts, out = os.path.join(tmp, name + ".dts"), os.path.join(tmp, name + ".dtb")
    with open(dts, "w") as f:
        f.write(dts_text)
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", out, dts],
                   check=True)
    return out


def run_tool(tool, args, **kw):
    """`tool` (a Python script) run with `args`, its output captured."""
    return subprocess.run([sys.executable, tool] + list(args),
                          capture_output=True, text=True, **kw)


def said(r, status, message):
    """None when the run ended with `status` (None: any but 0) and its
    output holds `message`, else what it did instead."""
    out = (r.stdout + r.stderr).strip()
    ok = r.returncode != 0 if status is None else r.returncode == status
    if ok and message in out:
        return None
    return (f"expected status {'non-zero' if status is None else status} and "
            f"'{message}', got {r.returncode}: {out}")


def run_cases(tool, cases):
    """Each (what, dts text, status, message) of `cases`: `tool` run on the
    tree, judged by said(); prints a line per case and a total, and
    returns the exit status (1 if any case failed)."""
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for what, text, status, message in cases:
            problem = said(run_tool(tool, [dtb(tmp, text)]), status, message)
            if problem:
                print(f"FAIL {what}: {problem}")
                failed += 1
            else:
                print(f"ok   {what}")
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0
