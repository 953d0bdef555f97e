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

The province workbook (`rollup --xlsx`) is recalculated the same way and
compared with the roll-up's JSON; its cached values must be what the
recalculation gives.  Both workbooks of small fixed ledgers are compared part
by part (every XML part of the zip) with reviewed files under tests/golden/
(--update rewrites them: review the diff before committing).  Text over
32,767 characters is cut with a note; memos that look like formulas stay
text; --xlsx with --json replaces both files or neither.

  test_export.py --fundledger PATH [--update]
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
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal, ROUND_HALF_UP

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLE = "samples/kimson-2018"
FAILURES = []
FL_FOR_GOLDEN = None


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


def sheets_as_csv(xlsx, out_dir, recalc=True):
    """Every sheet, recalculated by gnumeric (else its cached values), as rows of raw values."""
    for old in glob.glob(os.path.join(out_dir, "sheet.*.csv")):
        os.remove(old)
    p = subprocess.run(["ssconvert"] + (["--recalc"] if recalc else []) + ["-S", "-O", "format=raw separator=,",
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
    check(same_values(sheets, sheets_as_csv(xlsx, tmp, recalc=False)),
          "workbook: every cached value is what a recalculation gives")
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
    return [kimson_json] + sums, rolled


# --- the province workbook -----------------------------------------------------------------------

def same_values(recalculated, cached):
    """Cells equal; a ratio (not an integer) to 14 significant digits: libxlsxwriter writes a
    formula's cached double with 15, gnumeric recalculates in long double."""
    def close(a, b):
        try:
            x, y = Decimal(a), Decimal(b)
        except decimal.InvalidOperation:
            return False
        return x == y or (x != x.to_integral_value() and abs(x - y) <= abs(x) * Decimal("1e-14"))
    if len(recalculated) != len(cached):
        return False
    for s1, s2 in zip(recalculated, cached):
        for r1, r2 in zip(s1, s2):
            if len(r1) != len(r2) or any(a != b and not close(a, b) for a, b in zip(r1, r2)):
                print("recalculated", r1, "\ncached      ", r2)
                return False
    return True


def test_rollup_workbook(fl, tmp, summaries, rolled_json):
    """rollup --xlsx: recalculated by gnumeric, every figure equals the roll-up's JSON exactly."""
    xlsx = os.path.join(tmp, "province.xlsx")
    pair_json = os.path.join(tmp, "province.json")
    p = run([fl, "rollup", "--xlsx", xlsx, "--json", pair_json] + summaries)
    check(p.returncode == 0 and p.stderr == "", f"rollup --xlsx: {p.returncode} {p.stderr}")
    check(open(pair_json, "rb").read() == open(rolled_json, "rb").read(),
          "rollup --xlsx --json writes the same JSON as --json alone")
    r = no_floats(open(rolled_json, encoding="utf-8").read())
    sheets = sheets_as_csv(xlsx, tmp)
    cached = sheets_as_csv(xlsx, tmp, recalc=False)
    check(same_values(sheets, cached),
          "province workbook: every cached value is what a recalculation gives")
    check(len(sheets) == 3, f"3 sheets, not {len(sheets)}")
    by_district, by_source, checks = sheets[:3]
    check(by_district[2][0] == "Đơn vị tính: đồng", "province workbook: the unit line")

    # The districts' own summaries: each district's figure for each top-level code.
    own = {}
    for path in summaries:
        doc = no_floats(open(path, encoding="utf-8").read())
        name = [u["name"] for u in doc["units"] if u["kind"] not in ("xa", "phuong", "thi-tran")]
        name = name[0] if len(name) == 1 else os.path.basename(path)[:-5]
        for s in doc["by_source"]:
            if s["code"] and "." not in s["code"]:
                own[(name, s["code"], "actual")] = Decimal(s["actual"])
                own[(name, s["code"], "estimate")] = Decimal(s["estimate"])
    unit_total = {(u["unit"], u["group"], k): Decimal(u[k]) for u in r["by_unit"]
                  for k in ("actual", "estimate")}
    top = {(s["code"], k): Decimal(s[k]) for s in r["by_source"] for k in ("actual", "estimate")}
    districts = [u["name"] for u in r["units"]]
    blocks, group, kind, header, seen = 0, None, None, None, 0
    for row in by_district[3:]:
        if row and " – " in row[0] and row[0].split(" – ")[1] in ("thực hiện", "dự toán"):
            group, kind = row[0].split(" – ")
            kind = "actual" if kind == "thực hiện" else "estimate"
            blocks += 1
        elif row and row[0] == "Huyện":
            header = [h.split(" – ")[0] for h in row[1:] if h]
            rows_seen = []
        elif group and header and row and row[0]:
            codes, total = header[:-1], row[len(header)]
            if row[0] == "Cộng":
                check(rows_seen == districts, f"{group} {kind}: one row per district {rows_seen}")
                for code, value in zip(codes, row[1:]):
                    check(Decimal(value) == top[(code, kind)], f"{group} {kind} {code} total")
                check(Decimal(total) == Decimal(r["totals"][group][kind]), f"{group} {kind} total")
                seen += 1
            else:
                rows_seen.append(row[0])
                for code, value in zip(codes, row[1:]):
                    check(Decimal(value) == own.get((row[0], code, kind), Decimal(0)),
                          f"{row[0]} {code} {kind}: {value}")
                check(Decimal(total) == unit_total.get((row[0], group, kind), Decimal(0)),
                      f"{row[0]} {group} {kind} total {total}")
    check(seen == blocks and blocks >= 3, f"by district: {seen} of {blocks} blocks checked")
    check(not any(row and row[0] == "NTM" for row in by_district), "groups are not added together")

    # Theo nguồn: every code, each group's total, đạt % as the JSON rounds it.
    codes = {row[0]: row for row in by_source[5:] if row and row[0]}
    for s in r["by_source"]:
        row = codes.get(s["code"])
        check(row is not None, f"by source: no row for {s['code']}")
        if row:
            check(Decimal(row[2]) == Decimal(s["actual"]) and Decimal(row[3]) == Decimal(s["estimate"]),
                  f"by source {s['code']}: {row[2:4]}")
            if s["percent_of_estimate"] is not None:
                check(pct(row[4]) == Decimal(s["percent_of_estimate"]), f"by source {s['code']} đạt")
    for g, pair in r["totals"].items():
        row = codes.get(g)
        check(row and Decimal(row[2]) == Decimal(pair["actual"]) and Decimal(row[3]) == Decimal(pair["estimate"]),
              f"by source: total of {g}")
    flat = [c for row in checks for c in row]
    for path in summaries:
        check(path in flat, f"checks: {path} listed")

    # Reproducible, A4 landscape, document properties.
    again = os.path.join(tmp, "province2.xlsx")
    run([fl, "rollup", "--xlsx", again] + summaries)
    check(open(xlsx, "rb").read() == open(again, "rb").read(), "province workbook is byte-identical")
    with zipfile.ZipFile(xlsx) as z:
        sheet1 = z.read("xl/worksheets/sheet1.xml").decode()
        core = z.read("docProps/core.xml").decode()
    check('paperSize="9"' in sheet1 and 'orientation="landscape"' in sheet1 and "<f>SUM(" in sheet1,
          "province workbook: A4 landscape, SUM formulas")
    check("2000-01-01T00:00:00Z" in core and "fundledger" in core and "tỉnh" in core,
          "province workbook: document properties")
    p = run([fl, "rollup", "--xlsx", os.path.join(tmp, "en.xlsx"), "--lang", "en", "--scale", "ty"]
            + summaries)
    with zipfile.ZipFile(os.path.join(tmp, "en.xlsx")) as z:
        check("By district" in z.read("xl/workbook.xml").decode() and
              'formatCode="#,##0.000,,,"' in z.read("xl/styles.xml").decode(),
              "rollup --lang en --scale ty")


def test_pairs(fl, tmp, summaries):
    """--xlsx with --json: when the second file cannot be replaced, the first is put back."""
    for old_text in ("old workbook\n", None):
        x = os.path.join(tmp, "pair.xlsx")
        j = os.path.join(tmp, "pair-json")
        if os.path.exists(x):
            os.remove(x)
        if old_text:
            open(x, "w").write(old_text)
        os.makedirs(j, exist_ok=True)  # a folder: the JSON's rename fails
        for cmd in ([fl, "export", "--xlsx", x, "--json", j, SAMPLE],
                    [fl, "rollup", "--xlsx", x, "--json", j] + summaries):
            p = run(cmd)
            check(p.returncode == 3 and "neither file was changed" in p.stderr,
                  f"pair {cmd[1]}: {p.returncode} {p.stderr}")
            if old_text:
                check(open(x).read() == old_text, f"pair {cmd[1]}: the old workbook is back")
            else:
                check(not os.path.exists(x), f"pair {cmd[1]}: no workbook left")
            left = [f for f in os.listdir(tmp) if f.startswith(".pair")]
            check(not left, f"pair {cmd[1]}: temporary files left: {left}")
    p = run([fl, "export", "--xlsx", os.path.join(tmp, "ok.xlsx"), "--json", "-", SAMPLE])
    check(p.returncode == 0 and no_floats(p.stdout)["schema"] == "fundledger.summary/1"
          and os.path.exists(os.path.join(tmp, "ok.xlsx")), "export --json - prints the summary")


# --- text in cells ------------------------------------------------------------------------------

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def cells_of(z, sheet):
    """{cell: (type, value, formula)} of one worksheet, strings resolved."""
    strings = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            strings.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    out = {}
    for c in ET.fromstring(z.read(sheet)).iter("{%s}c" % NS["m"]):
        v, f = c.find("m:v", NS), c.find("m:f", NS)
        t = c.get("t")
        value = v.text if v is not None else None
        if t == "s" and value is not None:
            value = strings[int(value)]
        elif t == "inlineStr":
            value = "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"]))
        out[c.get("r")] = (t, value, f.text if f is not None else None)
    return out


def test_text_limits(fl, tmp):
    """A memo past 32,767 characters is cut at a character boundary with a note; =, +, -, @ stay text."""
    folder = os.path.join(tmp, "long")
    os.makedirs(folder)
    long_memo = ("Đường ắ " * 5001)[:39999] + "x"  # multi-byte letters: the cut counts characters
    memos = ["=SUM(A1)", "+1", "-5", "@x", "=1+2", long_memo]
    rows = ["Ngày;Đơn vị;Nguồn;Số tiền;Loại;Số chứng từ;Nội dung"]
    for i, memo in enumerate(memos):
        rows.append(f"0{i + 1}/03/2018;Kim Chính;CD.TM;1.000.000;thực hiện;R{i};{memo}")
    open(os.path.join(folder, "long.csv"), "w", encoding="utf-8").write("\n".join(rows) + "\n")
    xlsx = os.path.join(tmp, "long.xlsx")
    p = run([fl, "export", "--xlsx", xlsx, folder])
    check(p.returncode == 0, f"long memo export: {p.stderr}")
    with zipfile.ZipFile(xlsx) as z:
        entries = cells_of(z, "xl/worksheets/sheet5.xml")
        checks = cells_of(z, "xl/worksheets/sheet6.xml")
    memo_cells = {v: (t, f) for (t, v, f) in
                  (entries[f"M{6 + i}"] for i in range(len(memos)))}
    for memo in memos[:5]:
        check(memo in memo_cells and memo_cells[memo] == ("s", None),
              f"memo {memo!r} stays a text cell, never a formula: {memo_cells.get(memo)}")
    cut = entries["M11"][1]
    check(cut == long_memo[:32767], f"long memo cut to 32,767 characters, not {len(cut or '')}")
    notes = [v for (_, v, _) in checks.values() if v and "bị cắt còn 32767 ký tự" in v]
    check(len(notes) == 1 and "Chi tiết!M11" in notes[0] and "40000" in notes[0],
          f"the Checks sheet notes the cut: {notes}")


def test_notes_capped(fl, tmp):
    """1,500 amounts with thousandths (not exact doubles, written as text): the Checks sheet
    lists the first 1,000 notes and says how many more there are; every cell is still text."""
    folder = os.path.join(tmp, "notes")
    os.makedirs(folder)
    rows = ["Ngày;Đơn vị;Nguồn;Số tiền;Loại;Số chứng từ;Nội dung"]
    for i in range(1500):
        rows.append(f"{1 + i % 28:02d}/03/2018;Kim Chính;CD.TM;1.{i // 1000:03d}.{i % 1000:03d},{1 + i % 9}01;"
                    f"thực hiện;N{i};x")
    open(os.path.join(folder, "notes.csv"), "w", encoding="utf-8").write("\n".join(rows) + "\n")
    xlsx = os.path.join(tmp, "notes.xlsx")
    p = run([fl, "export", "--lang", "en", "--xlsx", xlsx, folder])
    check(p.returncode == 0, f"notes export: {p.stderr}")
    with zipfile.ZipFile(xlsx) as z:
        entries = cells_of(z, "xl/worksheets/sheet5.xml")
        checks = cells_of(z, "xl/worksheets/sheet6.xml")
    texts = [v for (t, v, _) in entries.values() if t == "s" and v and v.startswith("100")]
    check(len(texts) == 1500, f"all 1,500 amounts are text cells, not {len(texts)}")
    listed = [v for (_, v, _) in checks.values() if v and "written as text" in v]
    more = [v for (_, v, _) in checks.values() if v and "more notes like these" in v]
    check(len(listed) == 1000, f"the first 1,000 notes are listed, not {len(listed)}")
    # 1,500 amounts, and the totals whose parts cannot be added exactly (written as values)
    unlisted = int(more[0].split(" and ")[1].split()[0]) if len(more) == 1 else 0
    check(len(more) == 1 and unlisted >= 500 and "first 1000" in more[0],
          f"the Checks sheet counts the rest (at least 500): {more}")


# --- golden workbooks ----------------------------------------------------------------------------

GOLDEN = os.path.join(REPO, "tests", "golden")


def version_free(data):
    """The only normalisation: fundledger's version, which changes with each release."""
    out = run([FL_FOR_GOLDEN, "--version"]).stdout.split()[-1]
    return data.replace(f"fundledger {out}".encode(), b"fundledger VERSION")


def compare_parts(xlsx, name, update):
    expected_dir = os.path.join(GOLDEN, name, "xlsx")
    with zipfile.ZipFile(xlsx) as z:
        parts = {n: version_free(z.read(n)) for n in z.namelist() if n.endswith((".xml", ".rels"))}
    if update:
        shutil.rmtree(expected_dir, ignore_errors=True)
        for n, data in parts.items():
            os.makedirs(os.path.dirname(os.path.join(expected_dir, n)), exist_ok=True)
            open(os.path.join(expected_dir, n), "wb").write(data)
        print(f"golden: rewrote {len(parts)} parts of {name}")
        return
    want = sorted(os.path.relpath(os.path.join(d, f), expected_dir)
                  for d, _, fs in os.walk(expected_dir) for f in fs)
    check(want == sorted(parts), f"golden {name}: parts {sorted(set(want) ^ set(parts))}")
    for n in want:
        if n not in parts:
            continue
        expected = open(os.path.join(expected_dir, n), "rb").read()
        if expected != parts[n]:
            import difflib
            split = lambda b: b.decode("utf-8", "replace").replace("><", ">\n<").splitlines()
            diff = list(difflib.unified_diff(split(expected), split(parts[n]), n + " (expected)",
                                             n + " (actual)", lineterm="", n=1))
            print("\n".join(diff[:40]))
            check(False, f"golden {name}: {n} differs")


def test_golden(fl, tmp, update):
    xlsx = os.path.join(tmp, "golden-export.xlsx")
    p = run([fl, "export", "--xlsx", xlsx, "tests/golden/export/ledger.csv"])
    check(p.returncode == 0, f"golden export: {p.stderr}")
    compare_parts(xlsx, "export", update)
    sums = []
    for district in ("yen-khanh", "yen-mo"):
        out = os.path.join(tmp, district + ".json")
        p = run([fl, "export", "--json", out, f"tests/golden/rollup/{district}.csv"])
        check(p.returncode == 0, f"golden summary {district}: {p.stderr}")
        sums.append(district + ".json")
    p = subprocess.run([fl, "rollup", "--xlsx", "golden-rollup.xlsx"] + sums, cwd=tmp,
                       env=dict(os.environ, LC_ALL="C.UTF-8", TZ="UTC", SOURCE_DATE_EPOCH=""),
                       capture_output=True, text=True)
    check(p.returncode == 0, f"golden rollup: {p.stderr}")
    compare_parts(os.path.join(tmp, "golden-rollup.xlsx"), "rollup", update)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fundledger", required=True)
    ap.add_argument("--update", action="store_true", help="rewrite the golden workbooks' parts")
    args = ap.parse_args()
    fl = os.path.abspath(args.fundledger)
    global FL_FOR_GOLDEN
    FL_FOR_GOLDEN = fl
    if not shutil.which("ssconvert"):
        print("ssconvert (gnumeric) is needed: scripts/install-deps.sh installs it")
        return 1
    tmp = tempfile.mkdtemp(prefix="fl-export-")
    try:
        test_golden(fl, tmp, args.update)
        if args.update:
            return 0
        test_text_limits(fl, tmp)
        test_notes_capped(fl, tmp)
        test_workbook(fl, tmp)
        kimson = test_json(fl, tmp)
        test_failures(fl, tmp)
        summaries, rolled = test_rollup(fl, tmp, kimson)
        test_rollup_workbook(fl, tmp, summaries, rolled)
        test_pairs(fl, tmp, summaries)
    finally:
        for root, dirs, _ in os.walk(tmp):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)
        shutil.rmtree(tmp)
    print(f"test_export: {len(FAILURES)} failure(s)")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
