#!/usr/bin/env python3
"""tools/bench's budget checks: each compares the exact figure of the
statistic it names with <=, a missing figure fails, KNOWN_OVER tolerates
only the footprint and x86 boot budgets up to their ceilings, and
--strict tolerates nothing; the report's table shows each budget as
checked, and a run that fails fails bench, whatever it printed."""
import importlib.machinery
import importlib.util
import json
import os
import sys

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
loader = importlib.machinery.SourceFileLoader(
    "bench", os.path.join(TOP, "tools", "bench"))
spec = importlib.util.spec_from_loader("bench", loader)
bench = importlib.util.module_from_spec(spec)
loader.exec_module(bench)

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def bench_line(metric, freq, ticks):
    """A BENCH line as apps/latency prints it: every sample `ticks`, or
    (typical, max): all but one sample typical, or each statistic by name
    (min, median, p99, max)."""
    if isinstance(ticks, dict):
        st = ticks
    else:
        typ, top = ticks if isinstance(ticks, tuple) else (ticks, ticks)
        st = {"min": typ, "median": typ, "p99": typ, "max": top}
    return "BENCH " + json.dumps({
        "metric": metric, "load": "none", "freq_hz": freq, "n": 300,
        "min": st["min"], "avg_x100": (st["median"] * 299 + st["max"]) * 100 // 300,
        "median": st["median"], "p99": st["p99"], "max": st["max"],
        "hist_lo": st["min"], "hist_width": st["max"] - st["min"] + 1,
        "hist": [299, 1]})


ARM_OK = {"timer-irq": 14, "irq-sem": 91, "wake": 88, "switch-sem": 63,
          "scale-8": 63, "scale-256": 63, "scale-wake-8": 90,
          "scale-wake-32": 90, "scale-wake-128": 90, "scale-wake-256": 90}
X86_OK = {"timer-irq": 370, "irq-sem": 1738, "wake": 1522, "scale-8": 1096,
          "scale-256": 1096, "scale-wake-8": 1700, "scale-wake-32": 1700,
          "scale-wake-128": 1700, "scale-wake-256": 1700}


def results(arm=None, x86=None, text=None, x86_boot=None, cell_boot=None,
            idle_irqs=0):
    """A full set of figures within every budget, with overrides;
    x86_boot: (first byte, first thread) in instructions from reset;
    cell_boot: the same from an x86 cell's entry stamp."""
    arm_t = dict(ARM_OK, **(arm or {}))
    x86_t = dict(X86_OK, **(x86 or {}))
    arm_out = "\n".join(bench_line(k, 62500000, v) for k, v in arm_t.items())
    x86_out = "\n".join(bench_line(k, x86_t.get("freq", 1000000000), v)
                        for k, v in x86_t.items() if k != "freq")
    idle = ('BENCH {"metric":"idle-irqs","load":"none","per_second":%d}'
            % idle_irqs)
    res = {"runs": {}, "loads": {}, "footprint": {}}
    boot = bench.parse_boot("counter at 62500000 Hz\nboot: first console "
                            "byte at counter 4369, first thread at 21278; "
                            "entered at 13")
    # At 1 GHz under icount shift 3: 8 TSC ticks an instruction.
    x86_boot = bench.parse_boot(
        "counter at 1000000000 Hz\nboot: first console byte at counter "
        "%d, first thread at %d; entered at 13" %
        tuple(8 * n for n in (x86_boot or (8738, 42556))))
    for run, out, b in ((bench.ARM, arm_out, boot),
                        (bench.X86, x86_out, x86_boot),
                        (bench.X86_32, x86_out, x86_boot)):
        key = f"{run[0]}/{run[1]}"
        lat, irqs = bench.parse_latency(out + "\n" + idle)
        res["runs"][key] = {"latency": lat, "idle_irqs": irqs, "boot": b}
        res["loads"][key + "/all"] = bench.parse_latency(out)[0]
    # An x86 cell: the stand-in firmware runs first (7M instructions),
    # the figures count from the entry stamp.
    entry = 7063086
    cell_boot = bench.parse_boot(
        "counter at 1000000000 Hz\nboot: first console byte at counter "
        "%d, first thread at %d; entered at %d" %
        tuple(8 * (entry + n) for n in (*(cell_boot or (9000, 45000)), 0)))
    for run in (bench.X86_CELL, bench.X86_32_CELL):
        res["runs"][f"{run[0]}/{run[1]}"] = {"boot": cell_boot}
    res["footprint"]["qemu-arm-virt"] = {
        "tasks": {"text": (text or {}).get("tasks", 20 * 1024), "zero_run": 604},
        "hello": {"text": (text or {}).get("hello", 12 * 1024), "zero_run": 348}}
    return res


def failed(res, strict=False):
    return bench.check_budgets(res, strict)[1]


check(failed(results()) == [], "figures within every budget pass")
check(failed(results(arm={"scale-wake-256": 100})) == ["arm-scaling-wake"],
      "a timeout wake 11.1 % slower with 256 threads fails its budget")
# The wake with other timeouts pending: the worst crowd size counts.
check(failed(results(arm={"scale-wake-32": 101})) == ["arm-wake-pending-median"],
      "ARM wake at 101 ticks with other timeouts pending fails its median")
check(failed(results(arm={"scale-wake-128": (90, 121)})) == ["arm-wake-pending-max"],
      "ARM wake: one sample at 121 ticks with other timeouts pending fails its max")
# 2008 TSC ticks at 1 GHz: 251 instructions.
check(failed(results(x86={"scale-wake-128": 2008})) ==
      ["x86_64-wake-pending-median", "i686-wake-pending-median"],
      "x86 wake at 251 instructions with other timeouts pending fails")
check(failed(results(x86={"scale-wake-256": 1878})) ==
      ["x86_64-scaling-wake", "i686-scaling-wake"],
      "so does an x86 one at 110.0 % + 1 instruction")
check(failed(results(arm={"timer-irq": 15})) == [],
      "a figure equal to its limit passes (<=)")
check("arm-timer-irq" in failed(results(arm={"timer-irq": 16})),
      "ARM timer interrupt at 16 ticks fails")
check("arm-irq-thread-max" in failed(results(arm={"irq-sem": 121})),
      "ARM interrupt to thread at 121 ticks fails its max budget")
# 481 ticks at 1.0015 GHz is 60.035 instructions: 60.0 once rounded.
check("x86_64-timer-irq" in failed(results(x86={"freq": 1001500000,
                                                "timer-irq": 481})),
      "x86 timer interrupt at 60.035 instructions fails (exact, not rounded)")
check("arm-switch-sem" in failed(results(arm={"switch-sem": (63, 76)})),
      "ARM switch: one sample at 152 instructions fails (no median named)")
res = results()
del res["runs"]["qemu-arm-virt/virt-a15"]["latency"]["irq-sem"]
check({"arm-irq-thread-median", "arm-irq-thread-max"} <= set(failed(res)),
      "a figure that was not measured fails its budgets")
res = results()
res["runs"]["qemu-arm-virt/virt-a15"]["latency"]["timer-irq"]["clipped"] = 1
check("arm-timer-irq" in failed(res),
      "a metric with a clipped sample (its max a clamped value) fails")

# A clipped sample under one of several loads: not measured, the budget
# fails (it crashed the report before).
res = results()
loads = res["loads"]
arm_all = [k for k in loads if k.startswith("qemu-arm-virt/") and k.endswith("/all")][0]
busy = json.loads(json.dumps(loads[arm_all]))
busy["timer-irq"]["clipped"] = 1
loads[arm_all[:-len("all")] + "busy"] = busy
check("arm-timer-irq-load" in failed(res),
      "a clipped sample under one load fails the loaded budget, no crash")
# A load that ran without giving the metric is not skipped: the worst
# case over the loads would be taken over fewer of them than ran.
res = results()
res["loads"][arm_all[:-len("all")] + "cache"] = {}
check("arm-timer-irq-load" in failed(res),
      "a load that ran without the timer metric fails the loaded budget")
check("arm-timer-irq-load" not in failed(results()),
      "loads this mode did not run (quick: only 'all') are not asked for")
# x86 under -icount: the TSC counts virtual ns, 1 GHz exactly; the
# guest's calibrated figure (a few ppm off) is not used for instructions.
b = bench.parse_boot("counter at 999988630 Hz\nboot: first console byte at "
                     "counter %d, first thread at %d; entered at %d" %
                     (8 * 7078312, 8 * 8393948, 8 * 7063086),
                     bench.counter_hz("q35-max"))
check(b["first_byte_insn"] == 7078312 and b["entry_first_byte_insn"] == 15226,
      "x86 boot figures are exact counts at the virtual 1 GHz: got "
      f"{b['first_byte_insn']}, {b['entry_first_byte_insn']}")
lat_x86 = bench.parse_latency(bench_line("wake", 999988630, 1490),
                              bench.counter_hz("q35-max"))[0]["wake"]
check(lat_x86["insn"]["median"] == 186.2 and
      lat_x86["reported_freq_hz"] == 999988630,
      f"x86 latency at the exact rate: {lat_x86['insn']['median']}")
check(bench.counter_hz("virt-a15") is None,
      "ARM keeps the guest's counter rate (CNTFRQ, exact)")
# A histogram bin of width 1 at 90 ticks of 62.5 MHz is 180 instructions.
check(bench.ticks_to_insn(bench.bin_centre(90, 1), 62500000) == 180.0 and
      bench.bin_centre(97, 2) == 97.5,
      "histogram bars sit at their bin's centre")

over = results(text={"tasks": 30000, "hello": 30000})
check(failed(over) == [], "footprint over budget, under its ceiling: known")
check({"arm-footprint-tasks", "arm-footprint-hello"} <= set(failed(over, True)),
      "--strict fails the known footprint overruns")
check("arm-footprint-tasks" in failed(results(text={"tasks": 50 * 1024})),
      "footprint past its ceiling fails")
# Bare q35 boots through SeaBIOS and the -kernel loader: ~7.06M first.
q35 = results(x86_boot=(7080586, 8395576))
check(failed(q35) == [], "x86 boot from reset over budget, under its ceiling: known")
check({"x86_64-boot-first-byte", "i686-boot-first-thread"} <= set(failed(q35, True)),
      "--strict fails the known x86 boot overruns")
check("x86_64-boot-first-thread" in failed(results(x86_boot=(7080586, 9000000))),
      "x86 boot past its ceiling fails")
check(set(bench.KNOWN_OVER) == {"arm-footprint-tasks", "arm-footprint-hello",
                                "x86_64-boot-first-byte", "x86_64-boot-first-thread",
                                "i686-boot-first-byte", "i686-boot-first-thread",
                                "x86_64-cell-first-byte", "x86_64-cell-first-thread",
                                "i686-cell-first-byte", "i686-cell-first-thread"},
      "KNOWN_OVER holds only the footprint and x86 boot budgets")
# An x86 cell counts from its entry stamp, not from counter 0 (before the
# stand-in firmware): within the budgets, it passes.
check(not [b for b in failed(results(cell_boot=(10000, 50000))) if "cell" in b],
      "x86 cell boot at its budgets, counted from the entry stamp, passes")
check({"x86_64-cell-first-byte", "i686-cell-first-thread"} <=
      set(failed(results(cell_boot=(13000, 66000)), True)),
      "--strict fails the known x86 cell boot overruns")
ids = {b[0] for b in bench.BUDGETS}
check(set(bench.KNOWN_OVER) <= ids, "every KNOWN_OVER entry is a budget")

# Nothing measured: every budget fails, none passes on a default.
empty = {"runs": {}, "loads": {}, "footprint": {}}
check(set(failed(empty)) == ids,
      "with no figures at all every budget fails: "
      f"{sorted(ids - set(failed(empty)))} passed")
check({"arm-tickless", "x86_64-tickless"} <= set(failed(results(idle_irqs=3))),
      "3 timer interrupts in a second of sleep fail the tickless budgets")
res = results()
res["runs"]["qemu-x86_64/q35-max"]["latency"]["timer-irq"]["clipped"] = 1
check("x86_64-timer-irq" in failed(res),
      "an x86 metric with a clipped sample fails too")
# The worst load counts: one load over budget fails however the others do.
res = results()
arm_all = [k for k in res["loads"] if k.startswith("qemu-arm-virt/")][0]
res["loads"][arm_all[:-len("all")] + "busy"] = bench.parse_latency(
    bench_line("timer-irq", 62500000, 16))[0]
check("arm-timer-irq-load" in failed(res),
      "a timer interrupt at 16 ticks under one load fails the loaded budget")
check("arm-wake-max" in failed(results(arm={"wake": (88, 121)})),
      "one timeout wake at 121 ticks fails its max (the median is 88)")
# The ceilings are exact: at the ceiling known, one past it failed.
for bid, over in (("arm-footprint-tasks", {"text": {"tasks": 45 * 1024}}),
                  ("arm-footprint-hello", {"text": {"hello": 43 * 1024}}),
                  ("i686-boot-first-thread", {"x86_boot": (7080000, 8420000)}),
                  ("x86_64-boot-first-byte", {"x86_boot": (7090000, 8400000)}),
                  ("x86_64-cell-first-thread", {"cell_boot": (13000, 70000)}),
                  ("i686-cell-first-byte", {"cell_boot": (18000, 70000)})):
    at = results(**over)
    past = results(**{k: ({n: x + 1 for n, x in v.items()} if k == "text"
                          else (v[0] + 1, v[1] + 1)) for k, v in over.items()})
    check(bid not in failed(at) and bid in failed(past),
          f"{bid}: its ceiling {bench.KNOWN_OVER[bid][1]} passes, one more fails")
check(all(bench.counter_hz(c) == 10**9 for c in
          ("q35-max", "q35-xapic", "q35-qboot", "q35-cell-max")),
      "every x86 configuration is converted at the TSC's virtual 1 GHz")
check(bench.parse_latency("log: x " + bench_line("wake", 62500000, 88))[0] == {},
      "a BENCH line only counts at the start of a line")
check(bench.verdict(["arm-timer-irq"], []) == 1 and bench.verdict([], ["x"]) == 0,
      "a failed budget makes the exit status 1, known overruns do not")

# Which statistic of which metrics each latency budget reads; its
# description (the report's) names the same one.
READS = {"arm-switch-sem": (["switch-sem"], "max"),
         "arm-irq-thread-max": (["irq-sem"], "max"),
         "arm-wake-max": (["wake"], "max"),
         "arm-wake-pending-max": (bench.SCALE_WAKE, "max")}
for arch in ("arm", "x86_64", "i686"):
    READS.update({
        f"{arch}-timer-irq": (["timer-irq"], "max"),
        f"{arch}-timer-irq-load": (["timer-irq"], "max"),
        f"{arch}-irq-thread-median": (["irq-sem"], "median"),
        f"{arch}-wake-median": (["wake"], "median"),
        f"{arch}-wake-pending-median": (bench.SCALE_WAKE, "median"),
        f"{arch}-scaling": (["scale-256"], "median"),
        f"{arch}-scaling-wake": (["scale-wake-256"], "median")})
check(set(READS) == {b[0] for b in bench.BUDGETS
                     if any(w in b[1] for w in ("median", "max", "every sample"))},
      "every budget on a statistic is in READS")
check(all((stat == "median") == ("median" in b[1])
          for b in bench.BUDGETS for stat in [READS.get(b[0], (0, None))[1]]
          if stat), "a budget on the median says so, one on the max does not")


def at_limit(bid, unit, limit, metric):
    """Ticks of `metric` at the budget's limit and one tick past it."""
    ok = X86_OK if not bid.startswith("arm-") else ARM_OK
    if unit.startswith("%"):        # 256 threads against 8's median
        base = ok[metric.replace("-256", "-8")]
        return int(base * limit / 100), int(base * limit / 100) + 1
    if unit == "instructions":      # ARM: 2 a tick; x86: 8 a tick at 1 GHz
        ticks = limit // 2 if bid.startswith("arm-") else 8 * limit
        return ticks, ticks + 1
    return limit, limit + 1


def with_stats(bid, metrics, stats):
    over = {m: stats for m in metrics}
    return results(arm=over) if bid.startswith("arm-") else results(x86=over)


for bid, what, run, get, unit, limit in bench.BUDGETS:
    if bid not in READS:
        continue
    metrics, stat = READS[bid]
    ok, past = at_limit(bid, unit, limit, metrics[0])
    far = 3 * past
    if stat == "median":
        # The tail far out, the median at the limit: passes. The median
        # one past it (the least sample still at the limit): fails.
        spread = with_stats(bid, metrics, {"min": ok, "median": ok, "p99": far, "max": far})
        median_over = with_stats(bid, metrics, {"min": ok, "median": past,
                                                "p99": past, "max": past})
        check(bid not in failed(spread) and bid in failed(median_over),
              f"{bid} reads the median: at its limit with p99 and max at {far} "
              "ticks passes, one tick past it fails")
        if unit.startswith("%"):
            # The 8 threads' median too: their min halved and their tail
            # tripled change nothing.
            lo = metrics[0].replace("-256", "-8")
            base = (ARM_OK if bid.startswith("arm-") else X86_OK)[lo]
            eight = {"min": base // 2, "median": base, "p99": 3 * base, "max": 3 * base}
            res_ok, res_past = (
                results(**{"arm" if bid.startswith("arm-") else "x86":
                           {lo: eight, metrics[0]: v}}) for v in (ok, past))
            check(bid not in failed(res_ok) and bid in failed(res_past),
                  f"{bid} reads the 8 threads' median")
    else:
        # Every sample but the last at the limit: the max alone decides.
        max_over = with_stats(bid, metrics, {"min": ok, "median": ok, "p99": ok,
                                             "max": past})
        at = with_stats(bid, metrics, {"min": ok, "median": ok, "p99": ok, "max": ok})
        check(bid in failed(max_over) and bid not in failed(at),
              f"{bid} reads the max: one sample past its limit fails, all at it pass")

# The worst crowd counts, from 8 threads to 256: any one's wake alone
# over budget (the 8-thread one close enough for the scaling ratio) fails.
for n in (8, 32, 128, 256):
    check(failed(results(arm={f"scale-wake-{n}": (90, 121)})) == ["arm-wake-pending-max"],
          f"ARM wake: one sample at 121 ticks with {n} threads fails its max")
check(failed(results(x86={"scale-wake-8": 1900, "scale-wake-256": 2008})) ==
      ["x86_64-wake-pending-median", "i686-wake-pending-median"],
      "x86 wake at 251 instructions with 256 threads fails its median")


# The report's budget table: a row per budget, in order, with its
# figure as measured, its limit, unit and verdict.
res = results(arm={"timer-irq": 16}, text={"tasks": 30000})
del res["runs"]["qemu-arm-virt/virt-a15"]["latency"]["irq-sem"]
for app in res["footprint"]["qemu-arm-virt"].values():
    app.update(code=1, rodata=1, data=1, bss=1, bin=1)
res.update(samples=300, commit="abc")
rows = bench.check_budgets(res, False)[0]
md = bench.report_md(res, rows, type("Args", (), {"quick": True}), None)
table = md.split("## Budgets\n\n", 1)[1].split("\n\n", 1)[0].splitlines()[2:]
check(len(table) == len(bench.BUDGETS) and all(
    line.startswith(f"| {b[1]} | ") for line, b in zip(table, bench.BUDGETS)),
      f"the report has a row per budget, in order: {len(table)} rows")
for want in ("| ARM timer interrupt latency, every sample | virt-a15 | 16 | 15 | ticks "
             "| OVER |",
             "| ARM interrupt to highest-priority thread (handler gives a semaphore), "
             "median | virt-a15 | - | 100 | ticks | not measured |",
             "| ARM one-way switch through a semaphore, every sample | virt-a15 | 126 "
             "| 150 | instructions | ok |",
             "| tasks text (A32) | qemu-arm-virt | 30000 | 20480 | bytes | over (known: "
             "docs/perf.md#footprint; ceiling 46080) |",
             # 370 ticks at 1 GHz: 46.25 instructions, to one decimal.
             "| x86_64 timer interrupt latency, every sample | q35-max | 46.2 | 60 | "
             "instructions | ok |"):
    check(want in table, f"the report's budget table has {want}")


def fake_run(code, out):
    """run_app() against a qemu-run that prints `out` and exits with
    `code`: its output, or the exit status bench dies with."""
    class Ran:
        returncode, stdout = code, out
    real_sh, bench.sh = bench.sh, lambda cmd, **kw: Ran()
    err, sys.stderr = sys.stderr, open(os.devnull, "w")
    try:
        return bench.run_app("build/x", {}, "virt-a15", "latency", "samples=300")
    except SystemExit as e:
        return f"exit {e.code}"
    finally:
        bench.sh, sys.stderr = real_sh, err


line = bench_line("wake", 62500000, 88)
check(fake_run(0, line) == line, "a run's output is its figures")
check(fake_run(1, line + "\nqemu-run: FAIL: timed out\n") == "exit 2",
      "a run that fails after its BENCH lines fails bench (status 2)")


# A fresh build directory: the x86 cell's firmware is built with the apps.
commands = []


class Done:
    returncode = 0
    stdout = "... hello tasks x86_cell_fw other"


def fake_sh(cmd, **kw):
    commands.append(cmd)
    return Done()


real_sh, bench.sh = bench.sh, fake_sh
try:
    bench.build("x86_64-cell", 2, open(os.devnull, "w"))
finally:
    bench.sh = real_sh
built = [c for c in commands if c[:2] == ["cmake", "--build"] and "help" not in c]
check(bool(built) and "x86_cell_fw" in built[-1] and "hello" in built[-1],
      "build() builds the x86 cell firmware its boot runs need")

if failures:
    sys.exit(f"{len(failures)} failed")
print("PASS")
