#!/usr/bin/env python3
"""Writes N district summaries for timing `fundledger rollup` (issue 7: a province
rolls up about 700 districts).

The template is a real `fundledger export --json` summary (measure.py makes it from
samples/kimson-2018: 30 input files, 28 units).  Copy i renames the district ("Huyện Kim Sơn"
-> "Huyện Mẫu 001", code 1001), and gives its inputs their own path and SHA-256, so
the roll-up takes them as N different districts; every amount is unchanged, so the
expected grand total of each group is N times the template's, which is written to
OUT/expected.json for measure.py to check.

    bench/gen_summaries.py TEMPLATE.json OUT_DIR --count 700
"""
import argparse
from decimal import Decimal
import hashlib
import json
import os


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("template")
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=700)
    args = ap.parse_args()
    with open(args.template, encoding="utf-8") as f:
        text = f.read()
    doc = json.loads(text)
    district = [u for u in doc["units"] if u.get("kind") not in ("xa", "phuong", "thi-tran")]
    if len(district) != 1:
        raise SystemExit("the template must declare exactly one district unit")
    old_name = district[0]["name"]
    os.makedirs(args.out, exist_ok=True)
    for i in range(1, args.count + 1):
        d = json.loads(text)
        name = "Huyện Mẫu %03d" % i
        for u in d["units"]:
            if u["name"] == old_name:
                u["name"] = name
                u["code"] = str(1000 + i)
        for row in d.get("by_unit", []):
            if row["unit"] == old_name:
                row["unit"] = name
        for k, inp in enumerate(d["inputs"]):
            inp["path"] = "huyen-%03d/%s" % (i, os.path.basename(inp["path"]))
            inp["sha256"] = hashlib.sha256(("%d/%d/%s" % (i, k, inp["sha256"])).encode()).hexdigest()
        with open(os.path.join(args.out, "huyen-%03d.json" % i), "w", encoding="utf-8") as f:
            json.dump(d, f, ensure_ascii=False, indent=2)
            f.write("\n")
    expected = {g: {kind: str(Decimal(v) * args.count) for kind, v in t.items()}
                for g, t in doc["totals"].items()}
    with open(os.path.join(args.out, "expected.json"), "w", encoding="utf-8") as f:
        json.dump({"count": args.count, "totals": expected}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
