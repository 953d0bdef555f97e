#!/usr/bin/env bash
# Times `fundledger reconcile` on two generated ledgers of N entries each
# (default 1,000,000): B is A shuffled, with 1,000 amounts changed, 1,000
# entries removed, 1,000 added and 500 payments split in two.  Not run in CI.
#
#   bench/reconcile_bench.sh [FUNDLEDGER] [N] [WORKDIR]
#
# Prints /usr/bin/time -v's wall clock and peak RSS for the ref pass alone and
# for --match auto; record the figures in bench/RECONCILE.md.
set -euo pipefail
fundledger=${1:-build-rel/fundledger}
n=${2:-1000000}
work=${3:-$(mktemp -d)}
mkdir -p "$work"

python3 - "$work" "$n" <<'PY'
import random, sys
work, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(20180101)
units = ["Phát Diệm", "Bình Minh", "Ân Hòa", "Chất Bình", "Chính Tâm", "Cồn Thoi", "Định Hóa",
         "Đồng Hướng", "Hồi Ninh", "Hùng Tiến", "Kim Chính", "Kim Đông", "Kim Định", "Kim Hải",
         "Kim Mỹ", "Kim Tân", "Kim Trung", "Lai Thành", "Lưu Phương", "Như Hòa", "Quang Thiện",
         "Tân Thành", "Thượng Kiệm", "Văn Hải", "Xuân Thiện", "Yên Lộc", "Yên Mật"]
sources = ["CD.TM", "NS.DP.XA", "NS.DP.HUYEN", "NS.DP.TINH", "LG", "DN", "TD.CS", "KH.TT"]
header = "Ngày;Đơn vị;Nguồn;Số tiền;Loại;Số chứng từ;Nội dung\n"

def row(e):
    d, u, s, amount, ref = e
    return "%s;%s;%s;%d;thực hiện;%s;bench\n" % (d, u, s, amount, ref)

entries = []
for i in range(n):
    entries.append(("2018-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28)),
                    units[rng.randrange(len(units))], sources[rng.randrange(len(sources))],
                    rng.randint(1, 5_000_000) * 1000 + i % 1000, "CT-%07d" % i))
b = list(entries)
picked = rng.sample(range(n), 3500)
changed, removed, split = picked[:1000], set(picked[1000:2000]), picked[2000:2500]
for i in changed:
    d, u, s, amount, ref = b[i]
    b[i] = (d, u, s, amount + 9000, ref)
extra = []
for i in split:
    d, u, s, amount, ref = b[i]
    part = amount // 3
    b[i] = (d, u, s, part, "PT-%07d-1" % i)
    extra.append((d, u, s, amount - part, "PT-%07d-2" % i))
b = [e for k, e in enumerate(b) if k not in removed] + extra
for k in range(1000):
    b.append(("2018-12-%02d" % rng.randint(1, 28), units[k % len(units)], "CD.TM",
              rng.randint(1, 5_000_000) * 1000 + 7, "NEW-%05d" % k))
rng.shuffle(b)
with open(work + "/a.csv", "w", encoding="utf-8") as f:
    f.write(header)
    f.writelines(row(e) for e in entries)
with open(work + "/b.csv", "w", encoding="utf-8") as f:
    f.write(header)
    f.writelines(row(e) for e in b)
PY

ls -l "$work"/a.csv "$work"/b.csv
for match in ref auto; do
    echo "== --match $match"
    set +e
    /usr/bin/time -v "$fundledger" reconcile --match "$match" --date-window 3 \
        "$work/a.csv" "$work/b.csv" >"$work/out-$match.txt" 2>"$work/time-$match.txt"
    code=$?
    set -e
    echo "exit $code (1 expected: the ledgers differ)"
    grep -E "Elapsed \(wall clock\)|Maximum resident set size" "$work/time-$match.txt"
    sed -n '/^Tóm tắt/,/^$/p' "$work/out-$match.txt"
done
