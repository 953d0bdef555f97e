#!/usr/bin/env python3
"""Times fundledger, ledger-cli, hledger and the floors side by side (called by bench/run.sh).

    measure.py --data DIR --fundledger BIN --floor BIN [--xlsx-floor BIN]
               --sizes 10000,100000 [--runs 5] [--peer-runs 3] [--peer-max 1000000]
               [--only-check] [--markdown OUT.md]

For each size, every tool runs once per round and the rounds alternate the
tools (a, b, c, a, b, c, ...), so a slow spell of the machine spreads over
all of them.  Wall time is measured here (perf_counter around the process),
peak RSS by /usr/bin/time -v.  Every run's output is checked against the
generator's expected.json: a tool whose totals differ is reported as WRONG,
and the script exits 1.  With --only-check nothing is timed: each tool runs
once and only the totals are checked (the ctest smoke test).
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal

TOP_LEVEL = ["NS", "LG", "TD", "DN", "CD", "KH"]


class Wrong(Exception):
    pass


def expect_totals(expected, got, what):
    """got: {code: Decimal} with the top-level codes and NTM."""
    want = {t: Decimal(v) for t, v in expected["by_top_level"].items()}
    want["NTM"] = Decimal(expected["grand_total"])
    for code, value in want.items():
        if code not in got:
            raise Wrong(f"{what}: no total for {code}")
        if got[code] != value:
            raise Wrong(f"{what}: {code} is {got[code]}, expected {value}")


def sum_accounts(pairs):
    """[(account 'CD:TM', Decimal)] -> totals by top-level code and NTM."""
    got = {t: Decimal(0) for t in TOP_LEVEL}
    for account, value in pairs:
        top = account.split(":")[0]
        if top not in got:
            raise Wrong(f"unexpected account {account}")
        got[top] += value
    got["NTM"] = sum(got[t] for t in TOP_LEVEL)
    return got


def verify_ledger(out, expected):
    # "     1234567.500 VND  CD:TM", then a rule and the total
    pairs = []
    for line in out.splitlines():
        m = re.match(r"^\s*(-?[0-9.]+) VND  (\S.*)$", line)
        if m:
            pairs.append((m.group(2).strip(), Decimal(m.group(1))))
    expect_totals(expected, sum_accounts(pairs), "ledger bal")


def verify_hledger(out, expected):
    pairs = []
    for line in out.splitlines():
        m = re.match(r"^\s*(-?[0-9.]+) VND  (\S+)\s*$", line)
        if m:
            pairs.append((m.group(2), Decimal(m.group(1))))
    expect_totals(expected, sum_accounts(pairs), "hledger bal")


def verify_floor(out, expected):
    got = {}
    for line in out.splitlines():
        code, value = line.split()
        if code == "entries":
            if int(value) != expected["entries"]:
                raise Wrong(f"floor read {value} entries, expected {expected['entries']}")
        else:
            got[code] = Decimal(value)
    expect_totals(expected, got, "floor")


def verify_summary_json(text, expected, what):
    doc = json.loads(text, parse_float=Decimal)
    got = {"NTM": Decimal(doc["totals"]["NTM"]["actual"])}
    for row in doc["by_source"]:
        if row["code"] in TOP_LEVEL:
            got[row["code"]] = Decimal(row["actual"])
    expect_totals(expected, got, what)


def verify_check(out, expected):
    # --lang en: "\n8 claims: 8 hold, 0 fail; 5 rules: 0 broken"
    m = re.search(r"(\d+) claims: (\d+) hold, (\d+) fail.*; (\d+) rules: (\d+) broken", out)
    if not m:
        raise Wrong("check: no summary line")
    claims, hold, fail, _, broken = (int(g) for g in m.groups())
    if claims != expected["claims"] or hold != claims or fail or broken:
        raise Wrong(f"check: {m.group(0)!r} (expected {expected['claims']} claims, all holding)")


def verify_xlsx_floor(out, expected):
    if f"entries {expected['entries']}" not in out:
        raise Wrong(f"xlsx floor: {out.strip()!r}")


def verify_nothing(out, expected):
    pass


def fundledger_available(fl, command):
    help_text = subprocess.run([fl, "--help"], capture_output=True, text=True).stdout
    return re.search(r"^\s+" + command + r"\s", help_text, re.M) is not None


def tools_for(size_dir, args, expected, scratch):
    fl, d = args.fundledger, size_dir
    n = expected["entries"]
    j = lambda name: os.path.join(d, name)
    tools = []

    def add(name, argv, verify, kind, exit_ok=(0,), files=None):
        tools.append(dict(name=name, argv=argv, verify=verify, kind=kind, exit_ok=exit_ok,
                          files=files or []))

    add("C parse floor (vi CSV)", [args.floor, j("vi.csv"), "vi"], verify_floor, "floor")
    add("fundledger check, vi CSV",
        [fl, "check", "--quiet", "--lang", "en", "--claims", j("vi.claims"), j("vi.csv")],
        verify_check, "fl")
    add("fundledger check, en CSV",
        [fl, "check", "--quiet", "--lang", "en", "--locale", "en", "--claims", j("en.claims"),
         j("en.csv")], verify_check, "fl")
    add("fundledger check, journal",
        [fl, "check", "--quiet", "--lang", "en", "--claims", j("vi.claims"), j("district.journal")],
        verify_check, "fl")
    add("fundledger report, vi CSV", [fl, "report", "--format", "json", j("vi.csv")],
        lambda o, e: verify_summary_json(o, e, "report"), "fl")
    add("fundledger report, en CSV",
        [fl, "report", "--format", "json", "--locale", "en", j("en.csv")],
        lambda o, e: verify_summary_json(o, e, "report"), "fl")
    add("fundledger report, journal", [fl, "report", "--format", "json", j("district.journal")],
        lambda o, e: verify_summary_json(o, e, "report"), "fl")
    if n <= args.peer_max and not args.no_peers:
        add("ledger bal", ["ledger", "-f", j("peer.ledger"), "bal", "--flat"], verify_ledger,
            "peer")
        add("hledger bal", ["hledger", "-f", j("peer.ledger"), "bal"], verify_hledger, "peer")
    if n <= 1_000_000:
        xlsx = os.path.join(scratch, "floor.xlsx")
        if args.xlsx_floor:
            add("libxlsxwriter floor (the entries sheet's 11 cells/row)", [args.xlsx_floor, j("vi.csv"), xlsx],
                verify_xlsx_floor, "floor", files=[xlsx])
        if fundledger_available(fl, "export"):
            out_json = os.path.join(scratch, "export.json")
            out_xlsx = os.path.join(scratch, "export.xlsx")

            def verify_export(o, e, path=out_json):
                with open(path, encoding="utf-8") as f:
                    verify_summary_json(f.read(), e, "export --json")

            add("fundledger export --xlsx --json, vi CSV",
                [fl, "export", "--xlsx", out_xlsx, "--json", out_json, j("vi.csv")],
                verify_export, "fl", files=[out_json, out_xlsx])
            add("fundledger export --json, vi CSV", [fl, "export", "--json", out_json, j("vi.csv")],
                verify_export, "fl", files=[out_json])
        if fundledger_available(fl, "reconcile") and n == 1_000_000:
            # The same million entries on both sides, as CSV and as journal:
            # every entry matches by reference, so the result is empty (exit 0).
            add("fundledger reconcile 1M vs 1M", [fl, "reconcile", j("vi.csv"), j("district.journal")],
                verify_nothing, "fl")
        if fundledger_available(fl, "rollup"):
            add_rollup(add, fl, j("district.journal"), scratch)
    return tools


ROLLUP_DISTRICTS = 700


def add_rollup(add, fl, journal, scratch):
    """A province's roll-up: 700 district summaries made by gen_summaries.py (not timed) from
    the `export --json` of the Kim Sơn sample, a real district's shape (30 input files, 28
    units, estimates and revenue); every group total must be 700 times the template's."""
    journal = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples",
                           "kimson-2018")
    template = os.path.join(scratch, "rollup-template.json")
    folder = os.path.join(scratch, "summaries")
    out = os.path.join(scratch, "rollup.json")
    subprocess.run([fl, "export", "--json", template, journal], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "gen_summaries.py"),
                    template, folder, "--count", str(ROLLUP_DISTRICTS)], check=True)
    with open(os.path.join(folder, "expected.json"), encoding="utf-8") as f:
        want = json.load(f)["totals"]
    files = sorted(os.path.join(folder, n) for n in os.listdir(folder) if n.startswith("huyen-"))

    def verify_rollup(o, e):
        with open(out, encoding="utf-8") as f:
            got = json.load(f)["totals"]
        for group, kinds in want.items():
            for kind, value in kinds.items():
                if Decimal(got[group][kind]) != Decimal(value):
                    raise Wrong("rollup %s %s: %s, expected %s" % (group, kind,
                                                                       got[group][kind], value))

    add("fundledger rollup of %d summaries" % ROLLUP_DISTRICTS,
        [fl, "rollup", "--json", out] + files, verify_rollup, "fl", files=[out])


def run_once(tool, scratch, pin=None):
    rss_file = os.path.join(scratch, "time.txt")
    argv = tool["argv"]
    if pin and "reconcile" not in tool["name"]:
        # every single-threaded tool on the same CPU (reconcile reads its two sides
        # on two threads, so it keeps both)
        argv = ["taskset", "-c", pin] + argv
    for f in tool["files"]:
        if os.path.exists(f):
            os.remove(f)
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-v", "-o", rss_file] + argv,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t0
    with open(rss_file) as f:
        text = f.read()
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    rss_kib = int(m.group(1)) if m else 0
    user = re.search(r"User time \(seconds\): ([0-9.]+)", text)
    system = re.search(r"System time \(seconds\): ([0-9.]+)", text)
    cpu = (float(user.group(1)) if user else 0.0) + (float(system.group(1)) if system else 0.0)
    return p, elapsed, rss_kib, cpu


def fmt_time(s):
    return f"{s:.3f}" if s < 10 else f"{s:.1f}"


def fmt_rate(n, s):
    r = n / s
    return f"{r / 1e6:.2f} M" if r >= 1e6 else f"{r / 1e3:.0f} k"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--fundledger", required=True)
    ap.add_argument("--floor", required=True)
    ap.add_argument("--xlsx-floor")
    ap.add_argument("--sizes", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--peer-runs", type=int, default=3)
    ap.add_argument("--peer-max", type=int, default=1_000_000)
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--only-check", action="store_true")
    ap.add_argument("--markdown")
    ap.add_argument("--tools", help="only the tools whose name matches this regular expression")
    ap.add_argument("--pin", help="run every single-threaded tool on these CPUs (taskset -c): "
                    "virtual CPUs of one machine can differ in speed (see bench/README.md)")
    args = ap.parse_args()

    failures = 0
    tables = []
    medians = {}
    scratch = tempfile.mkdtemp(prefix="fl-bench-")
    try:
        for size in [int(s) for s in args.sizes.split(",")]:
            size_dir = os.path.join(args.data, str(size))
            with open(os.path.join(size_dir, "expected.json"), encoding="utf-8") as f:
                expected = json.load(f)
            tools = tools_for(size_dir, args, expected, scratch)
            if args.tools:
                tools = [t for t in tools if re.search(args.tools, t["name"])]
            runs = 1 if args.only_check else args.runs
            times = {t["name"]: [] for t in tools}
            rss = {t["name"]: [] for t in tools}
            cpu = {t["name"]: [] for t in tools}
            wrong = {}
            for r in range(runs):
                for t in tools:
                    if t["name"] in wrong:
                        continue
                    if t["kind"] == "peer" and r >= args.peer_runs:
                        continue
                    p, elapsed, rss_kib, cpu_s = run_once(t, scratch, args.pin)
                    out = p.stdout.decode("utf-8", "replace")
                    err_text = p.stderr.decode("utf-8", "replace")
                    if p.returncode != 0 and re.search(r"not (written|implemented) yet", err_text):
                        # a command registered ahead of its engine: not a wrong total
                        wrong[t["name"]] = "n/a: " + err_text.strip().splitlines()[-1]
                        print(f"n/a {t['name']} at {size}: {err_text.strip()}", file=sys.stderr)
                        continue
                    try:
                        if p.returncode not in t["exit_ok"]:
                            raise Wrong(f"exit code {p.returncode}: "
                                        + p.stderr.decode("utf-8", "replace")[-500:])
                        if r == 0:
                            t["verify"](out, expected)
                    except Wrong as e:
                        wrong[t["name"]] = str(e)
                        print(f"WRONG {t['name']} at {size}: {e}", file=sys.stderr)
                        failures += 1
                        continue
                    times[t["name"]].append(elapsed)
                    rss[t["name"]].append(rss_kib)
                    cpu[t["name"]].append(cpu_s)
                    if not args.only_check:
                        print(f"  {size:>9} {t['name']:<40} {elapsed:8.3f} s {rss_kib / 1024:8.1f} MiB",
                              file=sys.stderr)
            if args.only_check:
                na = sum(1 for v in wrong.values() if v.startswith("n/a"))
                print(f"{size}: {len(tools) - len(wrong)} of {len(tools) - na} tools give the "
                      f"expected totals" + (f" ({na} not implemented yet)" if na else ""))
                continue
            med = {k: statistics.median(v) for k, v in times.items() if v}
            ref = {
                "ledger": med.get("ledger bal"),
                "hledger": med.get("hledger bal"),
                "floor": med.get("C parse floor (vi CSV)"),
            }
            lines = [
                f"### {size:,} entries".replace(",", " "),
                "",
                "| tool | median s | min–max s | CPU s | entries/s | peak MiB | × ledger | × hledger | ÷ floor |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            ]
            for t in tools:
                name = t["name"]
                if name in wrong:
                    label = wrong[name] if wrong[name].startswith("n/a") else "WRONG: " + wrong[name]
                    lines.append(f"| {name} | {label[:90]} | | | | | | | |")
                    continue
                m = med[name]
                peak = max(rss[name]) / 1024
                vs_peers = t["kind"] == "fl" or name.startswith("C parse floor")
                x_ledger = f"{ref['ledger'] / m:.1f}" if ref["ledger"] and vs_peers else ""
                x_hledger = f"{ref['hledger'] / m:.1f}" if ref["hledger"] and vs_peers else ""
                floor_ref = ref["floor"]
                if name.startswith("fundledger export --xlsx"):
                    floor_ref = med.get("libxlsxwriter floor (the entries sheet's 11 cells/row)")
                over_floor = f"{m / floor_ref:.1f}" if floor_ref and t["kind"] == "fl" else ""
                lines.append(
                    f"| {name} | {fmt_time(m)} | {fmt_time(min(times[name]))}–{fmt_time(max(times[name]))} "
                    f"| {fmt_time(statistics.median(cpu[name]))} | {fmt_rate(size, m)} | {peak:.1f} | {x_ledger} | {x_hledger} | {over_floor} |")
            lines.append("")
            lines.append(f"Runs: {args.runs} (ledger, hledger: {args.peer_runs}); "
                         "× ledger / × hledger = how many times faster than the peer; "
                         "÷ floor = how many times slower than the floor (the export "
                         "against the libxlsxwriter floor, the rest against the C parse floor); "
                         "times are wall-clock medians, CPU s the median user + system time; "
                         "peak MiB the largest maximum RSS of the runs.")
            lines.append("")
            table = "\n".join(lines)
            print(table)
            sys.stdout.flush()
            tables.append(table)
            medians[size] = med
        if 1_000_000 in medians and 10_000_000 in medians:
            lines = ["### Linearity: 10M time ÷ 1M time (target ≤ 11)", ""]
            for name, m1 in medians[1_000_000].items():
                m10 = medians[10_000_000].get(name)
                if m10:
                    lines.append(f"- {name}: {m10 / m1:.1f}")
            lines.append("")
            table = "\n".join(lines)
            print(table)
            tables.append(table)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if args.markdown and tables:
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write("\n".join(tables))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
