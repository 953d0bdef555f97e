#!/usr/bin/env python3
"""fundledger export and rollup, end to end.

Exports samples/kimson-2018, recalculates the workbook with an independent
engine (gnumeric's ssconvert --recalc, one CSV per sheet) and checks every
total, subtotal and percentage against `fundledger report --format csv`,
exactly (decimal.Decimal, never float).  Checks byte-identical re-exports,
that bad input writes nothing (exit 2), that a failed write leaves the old
file untouched (exit 3), that every JSON the suite writes is valid against
docs/summary.schema.json and carries amounts as strings, and that a roll-up
of three district summaries equals the summary of all their entries loaded
together, figure for figure; a tampered summary is refused with
file:line:column and exit 2.

  test_export.py --fundledger PATH
"""

import argparse
import csv
import decimal
import glob
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal, ROUND_HALF_UP

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = "samples/kimson-2018"
FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL", what)


def run(args, env=None, **kw):
    e = dict(os.environ, LC_ALL="C.UTF-8", TZ="UTC")
    e.pop("SOURCE_DATE_EPOCH", None)
    if env:
        e.update(env)
    return subprocess.run(args, cwd=REPO, env=e, capture_output=True, text=True, **kw)


def report_csv(fl, by, inputs):
    p = run([fl, "report", "--by", by, "--format", "csv"] + inputs)
    assert p.returncode == 0, p.stderr
    return list(csv.DictReader(io.StringIO(p.stdout)))


def no_floats(text):
    def bad(_):
        raise ValueError("a JSON number with a fraction: amounts must be strings")
    return json.loads(text, parse_float=bad)


SCHEMA = json.load(open(os.path.join(REPO, "docs", "summary.schema.json")))


def validate(doc, name):
    try:
        import jsonschema
    except ImportError:  # a minimal check of what matters most
        for k in SCHEMA["required"]:
            check(k in doc, f"{name}: {k} missing")
        return
    try:
        jsonschema.validate(doc, SCHEMA, cls=jsonschema.Draft202012Validator)
    except jsonschema.ValidationError as e:
        check(False, f"{name}: not valid against docs/summary.schema.json: {e.message}")


def sheets_as_csv(xlsx, out_dir):
    """Every sheet, recalculated by gnumeric, as rows of raw values."""
    p = subprocess.run(["ssconvert", "--recalc", "-S", "-O", "format=raw separator=,",
                        "--export-type=Gnumeric_stf:stf_assistant", xlsx,
                        os.path.join(out_dir, "sheet.%n.csv")], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    sheets = []
    for i in range(100):
        path = os.path.join(out_dir, f"sheet.{i}.csv")
        if not os.path.exists(path):
            break
        with open(path, encoding="utf-8") as f:
            sheets.append(list(csv.reader(f)))
    return sheets


def pct(value):
    return (Decimal(value) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_workbook(fl, tmp):
    xlsx = os.path.join(tmp, "k.xlsx")
    p = run([fl, "export", "--xlsx", xlsx, "--scale", "trieu", SAMPLE])
    check(p.returncode == 0 and p.stderr == "", f"export --xlsx: {p.returncode} {p.stderr}")
    sheets = sheets_as_csv(xlsx, tmp)
    check(len(sheets) == 6, f"6 sheets, not {len(sheets)}")
    summary, by_unit, by_month, estimate, entries, checks = sheets[:6]

    # Tổng hợp: every code's actual and estimate, each group's total, shares within 0.01
    # (the report's shares are largest-remainder; the sheet's are per-line ratios).
    src = report_csv(fl, "source", [SAMPLE])
    seen = 0
    for r in src:
        code = r["code"] or r["group"]
        rows = [row for row in summary[5:] if row and row[0] == code and row[1] == r["label"]
                and row[3] != ""]  # not the chart's data block
        check(rows, f"summary: no row for {code}")
        for row in rows:
            check(Decimal(row[2]) == Decimal(r["actual"]), f"summary {code} actual {row[2]} != {r['actual']}")
            check(Decimal(row[3]) == Decimal(r["estimate"]), f"summary {code} estimate")
            if r["share"] and row[4]:
                check(abs(pct(row[4]) - Decimal(r["share"])) <= Decimal("0.01"),
                      f"summary {code} share {row[4]} vs {r['share']}")
            seen += 1
    check(seen >= len(src), "summary rows checked")
    check(any("Đơn vị tính: triệu đồng" in (row[0] if row else "") for row in summary[:4]),
          "summary: the unit line")

    # Theo đơn vị: every unit x top-level code, each row total and each column total.
    unit_rows = report_csv(fl, "unit", [SAMPLE])
    want = {(r["group"], r["unit"], r["code"]): Decimal(r["actual"]) for r in unit_rows}
    got, group, header = {}, None, None
    for row in by_unit[3:]:
        if row and " – thực hiện" in row[0]:
            group, header = row[0].split(" – ")[0], None
        elif row and " – dự toán" in row[0]:
            group, header = None, None
        elif row and row[0] == "Đơn vị":
            header = [h.split(" – ")[0] if h != "Tổng cộng" else "" for h in row[1:]]
        elif group and header and row and row[0]:
            unit = "" if row[0] == "Cộng" else row[0]
            for code, value in zip(header, row[1:]):
                if value != "":
                    got[(group, unit, code)] = Decimal(value)
    for key, value in got.items():
        if key in want:
            check(want[key] == value, f"by unit {key}: {value} != {want[key]}")
    units_checked = [k for k in got if k in want]
    check(len(units_checked) >= len(want) - 2, f"by unit: {len(units_checked)} of {len(want)} cells")
    ntm_total = [r for r in src if r["group"] == "NTM" and r["code"] == ""][0]
    check(got.get(("NTM", "", "")) == Decimal(ntm_total["actual"]), "by unit: grand total = NTM total")

    # Theo tháng
    months = report_csv(fl, "month", [SAMPLE])
    head = by_month[4]
    for r in months:
        label = "Cộng" if r["month"] == "" else f"{r['month'][5:]}/{r['month'][:4]}"
        row = [x for x in by_month[5:] if x and x[0] == label]
        col = head.index(f"{r['group']} – thực hiện")
        check(row and Decimal(row[0][col]) == Decimal(r["actual"]), f"by month {label} {r['group']}")

    # Dự toán – thực hiện: amounts exact, đạt % and vượt % as the report rounds them.
    kinds = report_csv(fl, "kind", [SAMPLE])
    for r in kinds:
        code = r["code"] or r["group"]
        row = [x for x in estimate[5:] if x and x[0] == code]
        check(row, f"estimate: no row for {code}")
        if row:
            row = row[0]
            check(Decimal(row[2]) == Decimal(r["estimate"]) and Decimal(row[3]) == Decimal(r["actual"]),
                  f"estimate {code} amounts")
            check(pct(row[4]) == Decimal(r["percent_of_estimate"]), f"estimate {code} đạt {row[4]}")
            check(pct(row[5]) == Decimal(r["percent_over_estimate"]), f"estimate {code} vượt {row[5]}")

    # Chi tiết: every entry once; amounts add up to the groups' totals.
    data = [row for row in entries[5:] if row and row[0].isdigit()]
    count = sum(1 for row in data)
    j = run([fl, "report", "--format", "json", SAMPLE])
    total = sum(Decimal(row[6]) for row in data)
    groups = no_floats(j.stdout)["totals"]
    check(total == sum(Decimal(g["actual"]) + Decimal(g["estimate"]) for g in groups.values()),
          f"entries add up: {total}")
    check(count > 200, f"entries: {count}")

    # Kiểm tra: every rule and claim is there.
    flat = [c for row in checks for c in row]
    for rule in ["parent-sum", "duplicate-refs", "in-kind-value", "fiscal-year", "estimate-present"]:
        check(rule in flat, f"checks: rule {rule}")
    check(sum(1 for c in flat if c in ("đúng", "SAI")) == 10, "checks: 10 claims")

    # Reproducible: the same bytes again; SOURCE_DATE_EPOCH changes only the date.
    again = os.path.join(tmp, "k2.xlsx")
    run([fl, "export", "--xlsx", again, "--scale", "trieu", SAMPLE])
    check(open(xlsx, "rb").read() == open(again, "rb").read(), "re-export is byte-identical")
    dated = os.path.join(tmp, "k3.xlsx")
    run([fl, "export", "--xlsx", dated, "--scale", "trieu", SAMPLE], env={"SOURCE_DATE_EPOCH": "1546300800"})
    core = subprocess.run(["unzip", "-p", dated, "docProps/core.xml"], capture_output=True, text=True).stdout
    check("2019-01-01T00:00:00Z" in core, "SOURCE_DATE_EPOCH sets the creation date")
    props = subprocess.run(["unzip", "-p", xlsx, "docProps/core.xml"], capture_output=True, text=True).stdout
    check("2000-01-01T00:00:00Z" in props and "fundledger" in props, "document properties")
    sheet1 = subprocess.run(["unzip", "-p", xlsx, "xl/worksheets/sheet1.xml"], capture_output=True,
                            text=True).stdout
    setup = sheet1[sheet1.find("<pageSetup"):].split("/>")[0]
    check("<f>SUM(" in sheet1 and 'paperSize="9"' in setup and 'orientation="landscape"' in setup
          and 'fitToHeight="0"' in setup and 'fitToPage="1"' in sheet1,
          "SUM formulas, A4 landscape, fit to width")
    check('formatCode="#,##0.00,,"' in subprocess.run(["unzip", "-p", xlsx, "xl/styles.xml"],
          capture_output=True, text=True).stdout, "triệu through the number format")
    listing = subprocess.run(["unzip", "-l", xlsx], capture_output=True, text=True).stdout
    check("xl/charts/chart1.xml" in listing, "a native chart")


def test_json(fl, tmp):
    out = os.path.join(tmp, "k.json")
    p = run([fl, "export", "--json", out, SAMPLE])
    check(p.returncode == 0, f"export --json: {p.stderr}")
    text = open(out, encoding="utf-8").read()
    doc = no_floats(text)
    validate(doc, "export --json")
    keys = list(doc)
    check(keys == ["schema", "currency", "generator", "inputs", "period", "units", "totals",
                   "by_source", "by_unit", "by_month", "claims", "rules"], f"key order {keys}")
    for i in doc["inputs"]:
        data = open(os.path.join(REPO, i["path"]), "rb").read()
        check(hashlib.sha256(data).hexdigest() == i["sha256"], f"sha256 of {i['path']}")
    src = {(r["group"], r["code"]): r for r in report_csv(fl, "source", [SAMPLE])}
    for s in doc["by_source"]:
        r = src[(s["group"], s["code"])]
        check(Decimal(s["actual"]) == Decimal(r["actual"]), f"json {s['code']} actual")
    for g, pair in doc["totals"].items():
        check(Decimal(pair["actual"]) == Decimal(src[(g, "")]["actual"]), f"json total {g}")
    p = run([fl, "export", "--json", out, SAMPLE])
    check(open(out, encoding="utf-8").read() == text, "JSON re-export identical")
    rep = run([fl, "report", "--format", "json", SAMPLE])
    validate(no_floats(rep.stdout), "report --format json")
    left = [f for f in os.listdir(tmp) if f.startswith(".k.json")]
    check(not left, f"temporary files left: {left}")
    return out


def test_failures(fl, tmp):
    # Bad input: exit 2, nothing written.
    bad = os.path.join(tmp, "bad")
    shutil.copytree(os.path.join(REPO, SAMPLE), bad)
    path = os.path.join(bad, "03-an-hoa.csv")
    text = open(path, encoding="utf-8-sig").read().replace("234.748.000", "234.748,0,00", 1)
    open(path, "w", encoding="utf-8").write(text)
    x, j = os.path.join(tmp, "bad.xlsx"), os.path.join(tmp, "bad.json")
    p = run([fl, "export", "--xlsx", x, "--json", j, bad])
    check(p.returncode == 2, f"bad input exit {p.returncode}")
    check("03-an-hoa.csv:2:" in p.stderr and "nothing was written" in p.stderr, f"bad input message {p.stderr}")
    check(not os.path.exists(x) and not os.path.exists(j), "bad input: no file written")
    check(not [f for f in os.listdir(tmp) if f.startswith(".bad")], "bad input: no temporary file")
    p = run([fl, "export", SAMPLE])
    check(p.returncode == 2 and "--xlsx" in p.stderr, "export without an output: exit 2")

    # The destination cannot be replaced (it is a folder): exit 3, nothing changed or left.
    d = os.path.join(tmp, "taken.xlsx")
    os.mkdir(d)
    p = run([fl, "export", "--xlsx", d, SAMPLE])
    check(p.returncode == 3 and "cannot replace the file" in p.stderr, f"rename failure: {p.returncode} {p.stderr}")
    check(os.path.isdir(d) and not [f for f in os.listdir(tmp) if f.startswith(".taken")],
          "rename failure: destination untouched, temporary file removed")
    # A folder that does not exist.
    p = run([fl, "export", "--json", os.path.join(tmp, "no", "such", "k.json"), SAMPLE])
    check(p.returncode == 3 and "No such file or directory" in p.stderr, f"missing folder: {p.stderr}")

    # An unwritable folder with an old file: exit 3, the old file untouched.
    ro = os.path.join(tmp, "ro")
    os.mkdir(ro)
    old = os.path.join(ro, "k.json")
    open(old, "w").write("old\n")
    os.chmod(ro, 0o555)
    cmd = [fl, "export", "--json", old, SAMPLE]
    if os.geteuid() == 0 and shutil.which("setpriv"):  # root ignores permissions: drop them
        os.chmod(tmp, 0o755)
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + cmd
    if os.geteuid() != 0 or cmd[0] == "setpriv":
        p = run(cmd)
        check(p.returncode == 3 and "Permission denied" in p.stderr, f"unwritable: {p.returncode} {p.stderr}")
        check(open(old).read() == "old\n" and os.listdir(ro) == ["k.json"], "unwritable: old file untouched")
    os.chmod(ro, 0o755)


def write_district(folder, name, units, seed):
    """A small district ledger: one CSV, units that belong to no other district."""
    os.makedirs(folder)
    rows = ["Ngày;Đơn vị;Nguồn;Số tiền;Loại;Số chứng từ;Nội dung"]
    n = 0
    for i, unit in enumerate(units):
        for code, amount in [("CD.TM", 1_234_567_000 + 1000 * seed + i), ("NS.DP.XA", 2_000_000_000 + i),
                             ("LG", 500_000_000 * (i + 1))]:
            n += 1
            rows.append(f"{(n % 27) + 1:02d}/{(n % 12) + 1:02d}/2018;{unit};{code};"
                        f"{amount:,}".replace(",", ".") + f";thực hiện;{name}-{n};Khoản {n}")
    rows.append(f"15/01/2018;{units[0]};THU.ND.PHI;{700_000_000 + seed:,}".replace(",", ".") +
                f";dự toán;{name}-DT;Dự toán thu phí")
    rows.append(f"15/11/2018;{units[0]};THU.ND.PHI;{812_345_000 + seed:,}".replace(",", ".") +
                f";thực hiện;{name}-TH;Thu phí")
    open(os.path.join(folder, f"{name}.csv"), "w", encoding="utf-8").write("\n".join(rows) + "\n")


def test_rollup(fl, tmp, kimson_json):
    a, b = os.path.join(tmp, "yen-khanh"), os.path.join(tmp, "yen-mo")
    write_district(a, "yen-khanh", ["Khánh An", "Khánh Hòa"], 1)
    write_district(b, "yen-mo", ["Yên Phong", "Yên Từ", "Yên Thắng"], 2)
    sums = []
    for folder in (a, b):
        out = folder + ".json"
        p = run([fl, "export", "--json", out, folder])
        check(p.returncode == 0, f"export {folder}: {p.stderr}")
        sums.append(out)
    rolled = os.path.join(tmp, "ninh-binh.json")
    p = run([fl, "rollup", "--json", rolled, kimson_json] + sums)
    check(p.returncode == 0, f"rollup: {p.stderr}")
    r = no_floats(open(rolled, encoding="utf-8").read())
    validate(r, "rollup --json")
    # The same entries loaded together.
    together = no_floats(run([fl, "report", "--format", "json", SAMPLE, a, b]).stdout)
    for key in ("totals", "by_source", "by_month"):
        check(r[key] == together[key], f"rollup {key} equals the summary of all entries together")
    check([u["unit"] for u in r["by_unit"]][:1] == ["Huyện Kim Sơn"] and len(r["units"]) == 3,
          "each district is a unit of the roll-up")
    for g in r["totals"]:
        s = sum(Decimal(u["actual"]) for u in r["by_unit"] if u["group"] == g)
        check(s == Decimal(r["totals"][g]["actual"]), f"rollup districts add up in {g}")
    # A roll-up rolls up again, unchanged in its figures.
    p = run([fl, "rollup", rolled])
    check(p.returncode == 0 and no_floats(p.stdout)["totals"] == r["totals"], "rollup of a rollup")

    # Refusals: the same district twice, a tampered figure, another schema, not JSON.
    p = run([fl, "rollup", kimson_json, kimson_json])
    check(p.returncode == 2 and "already in the roll-up" in p.stderr, f"twice: {p.stderr}")
    text = open(kimson_json, encoding="utf-8").read()
    tampered = os.path.join(tmp, "tampered.json")
    open(tampered, "w", encoding="utf-8").write(text.replace('"77562160000"', '"77562160001"', 1))
    p = run([fl, "rollup", tampered])
    lines = text.split("\n")
    # CD.TM changed, so its parent CD no longer adds up: the message points at CD's actual.
    line_no = next(i for i, l in enumerate(lines, 1) if l.strip() == '"code":\t"CD",') + 2
    check(p.returncode == 2 and f"tampered.json:{line_no}:" in p.stderr and "does not add up" in p.stderr
          and "^" in p.stderr, f"tampered: {p.stderr}")
    other = os.path.join(tmp, "other.json")
    open(other, "w", encoding="utf-8").write(text.replace("fundledger.summary/1", "fundledger.summary/2", 1))
    p = run([fl, "rollup", other])
    check(p.returncode == 2 and "other.json:2:" in p.stderr and "schema" in p.stderr, f"schema: {p.stderr}")
    broken = os.path.join(tmp, "broken.json")
    open(broken, "w", encoding="utf-8").write(text.replace('"151463210000"', '151463210000.5', 1))
    p = run([fl, "rollup", broken])
    check(p.returncode == 2 and "broken.json:" in p.stderr, f"number: {p.stderr}")
    check(not os.path.exists(os.path.join(tmp, "none.json")), "nothing written")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fundledger", required=True)
    args = ap.parse_args()
    fl = os.path.abspath(args.fundledger)
    if not shutil.which("ssconvert"):
        print("ssconvert (gnumeric) is needed: scripts/install-deps.sh installs it")
        return 1
    tmp = tempfile.mkdtemp(prefix="fl-export-")
    try:
        test_workbook(fl, tmp)
        kimson = test_json(fl, tmp)
        test_failures(fl, tmp)
        test_rollup(fl, tmp, kimson)
    finally:
        for root, dirs, _ in os.walk(tmp):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)
        shutil.rmtree(tmp)
    print(f"test_export: {len(FAILURES)} failure(s)")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
