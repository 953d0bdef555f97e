#!/usr/bin/env bash
# The README's first command: installs the dependencies, builds fundledger
# and runs the main job on the Kim Sơn 2018 sample.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh build -DCMAKE_BUILD_TYPE=Release >&2
fl=build/fundledger

echo "== Kim Sơn 2018: check every file of the sample and the article's figures =="
echo "\$ fundledger check samples/kimson-2018"
$fl check samples/kimson-2018
echo
echo "== Kim Sơn 2018: where the money came from (tỷ đồng, exact) =="
echo "\$ fundledger report --scale ty samples/kimson-2018"
$fl report --scale ty samples/kimson-2018
echo
echo "== Kim Sơn 2018: budget revenue against the estimate =="
echo "\$ fundledger report --by kind --scale ty samples/kimson-2018"
$fl report --by kind --scale ty samples/kimson-2018
echo
echo "== Kim Sơn 2018: the workbook and JSON summary for the province =="
mkdir -p out
echo "\$ fundledger export --xlsx out/kimson-2018.xlsx --json out/kimson-2018.json samples/kimson-2018"
$fl export --xlsx out/kimson-2018.xlsx --json out/kimson-2018.json samples/kimson-2018
ls -l out/kimson-2018.xlsx out/kimson-2018.json
echo
echo "== the article's arithmetic, checked with the exact calculator =="
echo "\$ fundledger calc --places 2 \"(261,8 - 151,8) / 151,8 * 100\"   # vượt % dự toán"
$fl calc --places 2 "(261,8 - 151,8) / 151,8 * 100"
