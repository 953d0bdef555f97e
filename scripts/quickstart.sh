#!/usr/bin/env bash
# The README's first command: installs the dependencies, builds fundledger
# and runs the main job on the Kim Sơn 2018 sample.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh build -DCMAKE_BUILD_TYPE=Release >&2
fl=build/fundledger

echo "== Kim Sơn 2018: checking the article's figures with fundledger calc =="
echo "\$ fundledger calc --places 2 \"(261,8 - 151,8) / 151,8 * 100\"   # vượt % dự toán"
$fl calc --places 2 "(261,8 - 151,8) / 151,8 * 100"
echo "\$ fundledger calc --places 2 \"261,8 / 1,7246\"                  # dự toán (tỷ)"
$fl calc --places 2 "261,8 / 1,7246"
echo "\$ fundledger calc \"151,463 tỷ + 1.908 tỷ\""
$fl calc "151,463 tỷ + 1.908 tỷ"
echo "\$ fundledger calc --plain \"151,463 tỷ\""
$fl calc --plain "151,463 tỷ"
