#!/usr/bin/env python3
"""Deterministic generator of district ledgers for the benchmark harness.

    bench/gen.py --entries 1000000 --out build-bench/data [--seed 7]

writes into OUT/N/ (N = the number of entries):

    vi.csv            ";"-separated, Vietnamese numbers ("1.234.567,5"), BOM,
                      Vietnamese headers, dates DD/MM/YYYY
    en.csv            ","-separated, English numbers ("1,234,567.5", quoted),
                      English headers, ISO dates: read it with --locale en
    district.journal  the native journal (locale vi)
    peer.ledger       the same entries for ledger-cli and hledger: one
                      unbalanced virtual posting per entry, "(CD:TM)  1234567.5 VND"
    vi.claims         "total source=X == ..." for every top-level source and
    en.claims         for the group, in each number convention
    expected.json     exact totals: per top-level source, per leaf, the grand
                      total (group NTM), the entry count; amounts as exact
                      decimal strings in đồng

Every entry is an actual (thực hiện) NTM entry on a leaf source, dated in
2018, with a unique reference, so every audit rule holds.  Amounts are in
thousandths of a đồng internally: most are whole thousands of đồng, some
whole đồng, one in ten carries thousandths ("1.234.567,125").  The mean is
about 1 billion đồng, so at 1M entries the total in thousandths is above
INT64_MAX / 15, and at 10M it is above INT64_MAX: an int64 accumulator that
does not fall back to big integers gives a wrong total.

The same seed and size always give byte-identical files.  A folder whose
expected.json records the same seed, size and generator version is reused.
"""

import argparse
import datetime
import json
import os
import random
import sys

GENERATOR_VERSION = 1
INT64_MAX = 2**63 - 1

UNITS = [
    "Phát Diệm", "Bình Minh", "Ân Hòa", "Chất Bình", "Chính Tâm", "Cồn Thoi",
    "Định Hóa", "Đồng Hướng", "Hồi Ninh", "Hùng Tiến", "Kim Chính", "Kim Đông",
    "Kim Định", "Kim Hải", "Kim Mỹ", "Kim Tân", "Kim Trung", "Lai Thành",
    "Lưu Phương", "Như Hòa", "Quang Thiện", "Tân Thành", "Thượng Kiệm",
    "Văn Hải", "Xuân Thiện", "Yên Lộc", "Yên Mật",
]

# Leaf codes of the built-in NTM tree (docs/sources.md): money is never
# posted on a parent code, so the parent-sum rule holds.
SOURCES = [
    "NS.TW.DTPT", "NS.TW.SN", "NS.TW.TPCP", "NS.DP.TINH", "NS.DP.HUYEN",
    "NS.DP.XA", "LG", "TD.CS", "TD.TM", "DN", "CD.TM", "CD.NC", "CD.HD",
    "CD.VT", "CD.TDT", "KH.TT", "KH.NN",
]
TOP_LEVEL = ["NS", "LG", "TD", "DN", "CD", "KH"]

MEMOS = [
    "Làm đường giao thông nông thôn",
    "Kiên cố hóa kênh mương nội đồng",
    "Xây dựng nhà văn hóa thôn",
    "Cải tạo trường mầm non",
    "Điện chiếu sáng đường làng",
    "Nhân dân đóng góp tiền mặt",
    "Hỗ trợ xi măng làm đường",
    "Chỉnh trang nhà ở và vườn",
]


def group(n, sep):
    """12345678 -> '12.345.678' with sep '.'."""
    return f"{n:,}".replace(",", sep)


def amount_text(milli, thousands_sep, decimal_mark):
    whole, frac = divmod(milli, 1000)
    text = group(whole, thousands_sep)
    if frac:
        text += decimal_mark + f"{frac:03d}".rstrip("0")
    return text


def plain(milli):
    """Exact canonical decimal text of an amount in thousandths: '1234567.5'."""
    sign = "-" if milli < 0 else ""
    whole, frac = divmod(abs(milli), 1000)
    if frac:
        return f"{sign}{whole}." + f"{frac:03d}".rstrip("0")
    return f"{sign}{whole}"


def draw_amount(rng):
    """An amount in thousandths of a đồng, mean about 1e9 đồng."""
    r = rng.random()
    dong_thousands = rng.randint(1_000, 2_000_000)  # 1 million .. 2 billion đồng
    if r < 0.6:
        return dong_thousands * 1000 * 1000
    if r < 0.9:
        return (dong_thousands * 1000 + rng.randint(0, 999)) * 1000
    return (dong_thousands * 1000 + rng.randint(0, 999)) * 1000 + rng.randint(1, 999)


def generate(n, out_dir, seed):
    os.makedirs(out_dir, exist_ok=True)
    expected_path = os.path.join(out_dir, "expected.json")
    if os.path.exists(expected_path):
        with open(expected_path, encoding="utf-8") as f:
            old = json.load(f)
        if (old.get("generator_version") == GENERATOR_VERSION and old.get("seed") == seed
                and old.get("entries") == n):
            return old

    rng = random.Random(seed * 1_000_003 + n)
    day0 = datetime.date(2018, 1, 1)
    days = [day0 + datetime.timedelta(days=d) for d in range(365)]
    vi_dates = [d.strftime("%d/%m/%Y") for d in days]
    iso_dates = [d.isoformat() for d in days]
    peer_accounts = [s.replace(".", ":") for s in SOURCES]

    leaf_totals = {s: 0 for s in SOURCES}
    paths = {k: os.path.join(out_dir, k + ".tmp") for k in ("vi", "en", "journal", "peer")}
    files = {k: open(p, "w", encoding="utf-8", newline="\n") for k, p in paths.items()}
    vi, en, jr, peer = files["vi"], files["en"], files["journal"], files["peer"]

    vi.write("\ufeffNgày;Đơn vị;Nguồn;Số tiền;Loại;Số chứng từ;Nội dung\n")
    en.write("date,unit,source,amount,kind,ref,memo\n")
    jr.write("# Generated by bench/gen.py: %d entries, seed %d\n" % (n, seed))
    jr.write("locale vi\nfiscal-year 2018\n\n")
    jr.write('unit "Huyện Kim Sơn" code=376 kind=huyen\n')
    for u in UNITS:
        kind = "thi-tran" if u in ("Phát Diệm", "Bình Minh") else "xa"
        jr.write(f'unit "{u}" kind={kind}\n')
    jr.write("\n")
    peer.write(f"; Generated by bench/gen.py: {n} entries, seed {seed}\n\n")

    batch_vi, batch_en, batch_jr, batch_peer = [], [], [], []
    for i in range(n):
        d = rng.randrange(365)
        u = rng.randrange(len(UNITS))
        s = rng.randrange(len(SOURCES))
        memo = MEMOS[rng.randrange(len(MEMOS))]
        milli = draw_amount(rng)
        leaf_totals[SOURCES[s]] += milli
        ref = f"B{i + 1:08d}"
        unit = UNITS[u]
        source = SOURCES[s]
        vi_amount = amount_text(milli, ".", ",")
        en_amount = amount_text(milli, ",", ".")
        batch_vi.append(f"{vi_dates[d]};{unit};{source};{vi_amount};thực hiện;{ref};{memo}\n")
        if "," in en_amount:
            en_amount = '"' + en_amount + '"'
        batch_en.append(f"{iso_dates[d]},{unit},{source},{en_amount},actual,{ref},{memo}\n")
        batch_jr.append(f'{iso_dates[d]} "{unit}" {source} {vi_amount} ref={ref} memo="{memo}"\n')
        batch_peer.append(f"{iso_dates[d]} ({ref}) {unit}  ; {memo}\n"
                          f"    ({peer_accounts[s]})  {plain(milli)} VND\n\n")
        if len(batch_vi) == 20000:
            vi.write("".join(batch_vi))
            en.write("".join(batch_en))
            jr.write("".join(batch_jr))
            peer.write("".join(batch_peer))
            batch_vi, batch_en, batch_jr, batch_peer = [], [], [], []
    vi.write("".join(batch_vi))
    en.write("".join(batch_en))
    jr.write("".join(batch_jr))
    peer.write("".join(batch_peer))
    for f in files.values():
        f.close()
    finals = {"vi": "vi.csv", "en": "en.csv", "journal": "district.journal", "peer": "peer.ledger"}
    for k, p in paths.items():
        os.replace(p, os.path.join(out_dir, finals[k]))

    top_totals = {t: 0 for t in TOP_LEVEL}
    for s, v in leaf_totals.items():
        top_totals[s.split(".")[0]] += v
    grand = sum(top_totals.values())

    for name, thousands_sep, decimal_mark in (("vi", ".", ","), ("en", ",", ".")):
        with open(os.path.join(out_dir, name + ".claims"), "w", encoding="utf-8") as f:
            f.write("# Exact totals of the generated ledger (bench/gen.py)\n")
            for t in TOP_LEVEL:
                f.write(f"total source={t} == "
                        f"{amount_text(top_totals[t], thousands_sep, decimal_mark)}\n")
            f.write(f"total source=NTM == {amount_text(grand, thousands_sep, decimal_mark)}\n")
            f.write(f"count source=NTM == {n}\n")

    expected = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "entries": n,
        "currency": "VND",
        "grand_total": plain(grand),
        "by_top_level": {t: plain(top_totals[t]) for t in TOP_LEVEL},
        "by_leaf": {s: plain(leaf_totals[s]) for s in SOURCES},
        "grand_total_thousandths_over_int64_max": grand / INT64_MAX,
        "claims": len(TOP_LEVEL) + 2,
    }
    with open(expected_path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)
        f.write("\n")
    os.replace(expected_path + ".tmp", expected_path)
    return expected


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--entries", type=int, action="append", required=True,
                    help="number of entries (repeatable)")
    ap.add_argument("--out", required=True, help="output folder (a subfolder per size)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    for n in args.entries:
        e = generate(n, os.path.join(args.out, str(n)), args.seed)
        print(f"gen: {n} entries in {os.path.join(args.out, str(n))}: total {e['grand_total']} "
              f"đồng ({e['grand_total_thousandths_over_int64_max']:.3f} × INT64_MAX in "
              f"thousandths)", file=sys.stderr)


if __name__ == "__main__":
    main()
