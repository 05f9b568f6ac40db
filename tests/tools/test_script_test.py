#!/usr/bin/env python3
"""tools/test, the README's test command: it runs every configure preset
of CMakePresets.json, and refuses an unknown preset name before it
installs or builds anything (a typo used to cost a package install and
end in cmake's usage text, reported as a failed build). tools/lint, which
takes no arguments, says so rather than lint the whole tree anyway."""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, "..", ".."))
TOOL = os.path.join(TOP, "tools", "test")

failures = []


def check(what, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'} {what}{': ' + detail if detail and not ok else ''}")
    if not ok:
        failures.append(what)


def run(*args):
    # No package install may start: a short timeout would catch one.
    return subprocess.run([TOOL, *args], capture_output=True, text=True,
                          timeout=20, cwd=TOP)


r = run("--help")
check("--help exits 0", r.returncode == 0, f"status {r.returncode}")
listed = []
for line in r.stdout.splitlines():
    if line.startswith("Presets:"):
        listed = line.split()[1:]
with open(os.path.join(TOP, "CMakePresets.json")) as f:
    configure = [p["name"] for p in json.load(f)["configurePresets"]
                 if not p.get("hidden")]
check("--help lists every configure preset of CMakePresets.json",
      sorted(listed) == sorted(configure) and len(listed) == len(set(listed)),
      f"listed {listed}, CMakePresets.json {configure}")

r = run("qemu-arm-virt", "no-such-preset")
check("an unknown preset is refused with status 2", r.returncode == 2,
      f"status {r.returncode}")
check("the refusal names the preset and the valid ones",
      "unknown preset 'no-such-preset'" in r.stderr
      and "qemu-arm-virt-tick" in r.stderr, r.stderr)
check("nothing is built for a refused run", r.stdout == "", r.stdout)

LINT = os.path.join(TOP, "tools", "lint")
r = subprocess.run([LINT, "--help"], capture_output=True, text=True,
                   timeout=20, cwd=TOP)
check("tools/lint --help exits 0 with its usage",
      r.returncode == 0 and "Usage: tools/lint" in r.stdout,
      f"status {r.returncode}: {r.stdout}{r.stderr}")
r = subprocess.run([LINT, "common/sched.c"], capture_output=True,
                   text=True, timeout=20, cwd=TOP)
check("tools/lint refuses an argument (status 2) without linting",
      r.returncode == 2 and "no arguments" in r.stderr and r.stdout == "",
      f"status {r.returncode}: {r.stdout}{r.stderr}")

sys.exit(1 if failures else 0)
