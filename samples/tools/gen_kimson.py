#!/usr/bin/env python3
"""Writes the Kim Sơn 2018 sample ledger (samples/kimson-2018/).

Deterministic (fixed seed), integer arithmetic only.  The line items are
invented but realistic; their totals are pinned to the figures of the
article (shared/seed): NTM mobilization "trên 429 tỷ đồng", of which the
community "151,463 tỷ đồng"; budget revenue 261,8 tỷ against an estimate of
151,8 tỷ ("vượt 72,46% dự toán HĐND huyện giao").

Run from the repository root:  python3 samples/tools/gen_kimson.py
"""
import os
import random

OUT = os.path.join(os.path.dirname(__file__), "..", "kimson-2018")
RNG = random.Random(2018)

TOWNS = ["Phát Diệm", "Bình Minh"]
COMMUNES = ["Ân Hòa", "Chất Bình", "Chính Tâm", "Cồn Thoi", "Định Hóa", "Đồng Hướng",
            "Hồi Ninh", "Hùng Tiến", "Kim Chính", "Kim Đông", "Kim Định", "Kim Hải",
            "Kim Mỹ", "Kim Tân", "Kim Trung", "Lai Thành", "Lưu Phương", "Như Hòa",
            "Quang Thiện", "Tân Thành", "Thượng Kiệm", "Văn Hải", "Xuân Thiện", "Yên Lộc",
            "Yên Mật"]
DISTRICT = "Huyện Kim Sơn"

CD_TOTAL = 151_463_210_000        # rounds half up to 151,463 tỷ
NTM_TOTAL = 429_318_540_000       # "trên 429 tỷ"; CD share 35,28 % -> 35,3 %
THU_ESTIMATE = 151_800_000_000    # dự toán HĐND huyện giao
THU_ACTUAL = 261_800_000_000      # ước thực hiện

LABOUR_PRICE = 150_000            # đồng per labour day (local rate)
LAND_PRICE = 60_000               # đồng per m2 (provincial land price table, agricultural)

ASCII = str.maketrans("ÂĂÊÔƠƯĐâăêôơưđ", "AAEOOUDaaeooud")


def slug(name):
    import unicodedata
    s = unicodedata.normalize("NFD", name.translate(ASCII))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return s.lower().replace(" ", "-")


def vi(n):
    """Vietnamese grouping: 1250000000 -> 1.250.000.000."""
    return f"{n:,}".replace(",", ".")


def amount(lo, hi, step=1_000_000):
    return RNG.randrange(lo // step, hi // step + 1) * step


def split(total, parts, step=1_000_000):
    """Splits total into `parts` positive multiples of step (last takes the rest)."""
    weights = [RNG.randrange(60, 140) for _ in range(parts)]
    s = sum(weights)
    out = [total * w // s // step * step for w in weights]
    out[-1] = total - sum(out[:-1])
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    units = TOWNS + COMMUNES
    months = list(range(2, 12))

    # --- community contributions per unit (commune CSV files) ---------------------
    cd_shares = split(CD_TOTAL, len(units), step=1_000)
    community = {}
    for unit, share in zip(units, cd_shares):
        days = RNG.randrange(600, 2400)
        land_m2 = RNG.randrange(0, 6) * 250
        labour = days * LABOUR_PRICE
        land = land_m2 * LAND_PRICE
        materials = amount(150_000_000, 600_000_000)
        own = amount(1_500_000_000, 2_800_000_000)
        cash = share - labour - land - materials - own
        assert cash > 300_000_000, (unit, cash)
        community[unit] = (cash, days, labour, land_m2, land, materials, own)

    for n, unit in enumerate(units):
        cash, days, labour, land_m2, land, materials, own = community[unit]
        commune_budget = amount(800_000_000, 2_400_000_000)
        community[unit] = community[unit] + (commune_budget,)
        code = "TT" if unit in TOWNS else "XA"
        prefix = f"{code}-{n + 1:02d}"
        cash_parts = split(cash, 3, step=1_000)
        rows = []
        for k, part in enumerate(cash_parts):
            rows.append((f"{RNG.randrange(1, 28):02d}/{months[3 * k + 1]:02d}/2018", "CD.TM",
                         vi(part), "thực hiện", f"{prefix}-TM{k + 1}",
                         "Nhân dân đóng góp tiền mặt làm đường giao thông nông thôn", "", "", "", ""))
        rows.append((f"{RNG.randrange(1, 28):02d}/06/2018", "CD.NC", vi(labour), "thực hiện",
                     f"{prefix}-NC1", "Ngày công lao động làm kênh mương nội đồng",
                     vi(days), "ngày công", vi(LABOUR_PRICE), "Đơn giá ngày công lao động phổ thông của huyện năm 2018"))
        if land_m2:
            rows.append((f"{RNG.randrange(1, 28):02d}/07/2018", "CD.HD", vi(land), "thực hiện",
                         f"{prefix}-HD1", "Hộ dân hiến đất mở rộng đường thôn",
                         vi(land_m2), "m2", vi(LAND_PRICE), "Bảng giá đất nông nghiệp tỉnh Ninh Bình 2015-2019"))
        rows.append((f"{RNG.randrange(1, 28):02d}/08/2018", "CD.VT", vi(materials), "thực hiện",
                     f"{prefix}-VT1", "Vật tư, cát đá do nhân dân đóng góp quy đổi", "", "", "", ""))
        rows.append((f"{RNG.randrange(1, 28):02d}/10/2018", "CD.TDT", vi(own), "thực hiện",
                     f"{prefix}-TDT1", "Hộ gia đình tự chỉnh trang nhà ở, tường rào, công trình vệ sinh", "", "", "", ""))
        rows.append((f"{RNG.randrange(1, 28):02d}/03/2018", "NS.DP.XA", vi(commune_budget), "thực hiện",
                     f"{prefix}-NSX1", "Ngân sách xã chi xây dựng nông thôn mới", "", "", "", ""))
        header = ["Ngày", "Đơn vị", "Nguồn", "Số tiền", "Loại", "Số chứng từ", "Nội dung",
                  "Số lượng", "Đơn vị tính", "Đơn giá", "Căn cứ"]
        path = os.path.join(OUT, f"{n + 1:02d}-{slug(unit)}.csv")
        # Communes send what their Excel saves: ";" with a BOM and CRLF here.
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            f.write(";".join(header) + "\r\n")
            for r in rows:
                cells = [r[0], unit] + list(r[1:])
                f.write(";".join(f'"{c}"' if ";" in c or '"' in c else c for c in cells) + "\r\n")

    # --- district journal: state budget, integrated funds, credit, enterprises -----
    commune_budget_total = sum(v[7] for v in community.values())
    rest = NTM_TOTAL - CD_TOTAL - commune_budget_total
    lines_by_source = {
        "NS.TW.DTPT": 52_400_000_000, "NS.TW.SN": 9_650_000_000, "NS.TW.TPCP": 12_000_000_000,
        "NS.DP.TINH": 41_250_000_000, "NS.DP.HUYEN": 47_830_000_000, "LG": 36_120_000_000,
        "TD.CS": 14_300_000_000, "TD.TM": 9_870_000_000, "DN": 6_540_000_000, "KH.TT": 0,
    }
    lines_by_source["KH.TT"] = rest - sum(lines_by_source.values())
    assert lines_by_source["KH.TT"] > 0, lines_by_source
    memos = {
        "NS.TW.DTPT": "Vốn đầu tư phát triển Chương trình MTQG xây dựng NTM",
        "NS.TW.SN": "Vốn sự nghiệp Chương trình MTQG xây dựng NTM",
        "NS.TW.TPCP": "Vốn trái phiếu Chính phủ cho giao thông nông thôn",
        "NS.DP.TINH": "Ngân sách tỉnh hỗ trợ xi măng, kiên cố hóa kênh mương",
        "NS.DP.HUYEN": "Ngân sách huyện đối ứng xây dựng NTM",
        "LG": "Vốn lồng ghép chương trình nước sạch và vệ sinh môi trường",
        "TD.CS": "Ngân hàng Chính sách xã hội cho vay hộ nghèo, nước sạch",
        "TD.TM": "Tín dụng thương mại cho vay phát triển sản xuất",
        "DN": "Doanh nghiệp, hợp tác xã đầu tư hạ tầng sản xuất",
        "KH.TT": "Con em xa quê và nhà hảo tâm tài trợ",
    }
    out = []
    out.append("# Huyện Kim Sơn, tỉnh Ninh Bình: nguồn lực xây dựng nông thôn mới năm 2018")
    out.append("# Sổ của huyện. Số liệu các xã, thị trấn ở các tệp CSV cùng thư mục.")
    out.append("# (Dữ liệu mẫu: khoản mục giả định, tổng khớp số liệu bài báo.)")
    out.append("locale vi")
    out.append("fiscal-year 2018")
    out.append("")
    out.append(f'unit "{DISTRICT}" code=376 kind=huyen')
    for unit in TOWNS:
        out.append(f'unit "{unit}" kind=thi-tran display="{unit}"')
    for unit in COMMUNES:
        out.append(f'unit "{unit}" kind=xa display="{unit}"')
    out.append("")
    ref = 0
    for code, total in lines_by_source.items():
        out.append(f"# {memos[code]}")
        parts = split(total, 6, step=1_000_000)
        targets = RNG.sample(units, 6)
        for unit, part in zip(targets, parts):
            ref += 1
            date = f"2018-{RNG.choice(months):02d}-{RNG.randrange(1, 28):02d}"
            out.append(f'{date} "{unit}" {code} {vi(part)} ref=KS-{ref:03d} memo="{memos[code]}"')
        out.append("")
    with open(os.path.join(OUT, "kimson-2018.journal"), "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")

    # --- budget revenue: estimate and actual ---------------------------------------
    thu = {"THU.ND.NQD": 38_640_000_000, "THU.ND.SDD": 171_250_000_000,
           "THU.ND.TNCN": 6_180_000_000, "THU.ND.LPTB": 9_870_000_000,
           "THU.ND.PHI": 5_420_000_000}
    thu["THU.ND.KHAC"] = THU_ACTUAL - sum(thu.values())
    est = {"THU.ND.NQD": 32_500_000_000, "THU.ND.SDD": 90_000_000_000,
           "THU.ND.TNCN": 5_200_000_000, "THU.ND.LPTB": 8_300_000_000,
           "THU.ND.PHI": 4_900_000_000}
    est["THU.ND.KHAC"] = THU_ESTIMATE - sum(est.values())
    out = ["# Thu ngân sách nhà nước trên địa bàn huyện Kim Sơn năm 2018",
           "# Dự toán HĐND huyện giao và ước thực hiện cả năm.",
           "locale vi", "fiscal-year 2018", ""]
    for code in thu:
        out.append(f'2018-01-05 "{DISTRICT}" {code} {vi(est[code])} kind=estimate ref=NQ-DT-{code} memo="Dự toán HĐND huyện giao"')
    out.append("")
    for code in thu:
        out.append(f'2018-12-20 "{DISTRICT}" {code} {vi(thu[code])} ref=UTH-{code} memo="Ước thực hiện năm 2018"')
    with open(os.path.join(OUT, "revenue-2018.journal"), "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")

    kc = community["Kim Chính"]
    claims = f"""# Số liệu bài báo về huyện Kim Sơn năm 2018 (Báo Ninh Bình), kiểm tra với sổ.
# "huy động trên 429 tỷ đồng để xây dựng nông thôn mới"
total source=NS,LG,TD,DN,CD,KH > 429 tỷ
total source=NTM == {vi(NTM_TOTAL)}
# "vốn huy động, đóng góp từ cộng đồng dân cư là 151,463 tỷ đồng"
total source=CD = 151,463 tỷ
total source=CD == {vi(CD_TOTAL)}
share source=CD within source=NTM = 35,3 %
# "thu ngân sách nhà nước trên địa bàn ước đạt 261,8 tỷ đồng, vượt 72,46% dự toán HĐND huyện giao"
total source=THU = 261,8 tỷ
estimate source=THU = 151,8 tỷ
over-estimate source=THU = 72,46 %
of-estimate source=THU = 172,46 %
# Một xã, đến từng đồng
total source=CD.NC unit="Kim Chính" == {vi(kc[2])}
"""
    with open(os.path.join(OUT, "kimson-2018.claims"), "w", encoding="utf-8") as f:
        f.write(claims)


if __name__ == "__main__":
    main()
