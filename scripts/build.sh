#!/usr/bin/env bash
# Configures and builds one build folder: scripts/build.sh DIR [cmake options...]
set -euo pipefail
dir=$1; shift
cmake -S "$(dirname "$0")/.." -B "$dir" -DFUNDLEDGER_WERROR=ON "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)"
