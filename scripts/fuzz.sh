#!/usr/bin/env bash
# Fuzzes one target for a while under ASan + UBSan:  scripts/fuzz.sh TARGET SECONDS [libFuzzer options...]
# Targets: amount calc csv journal journal_append claims summary (tests/fuzz/fuzz_TARGET.c).
# Builds build-fuzz (clang, -DFUNDLEDGER_FUZZ=ON -DFUNDLEDGER_SANITIZE=ON) when needed.  New
# corpus entries go to build-fuzz/corpus/TARGET (the seeds in tests/fuzz/corpus/TARGET are read,
# not written); crashes to build-fuzz/crashes/TARGET/.  The log is build-fuzz/fuzz-TARGET.log.
set -euo pipefail
target=${1:?usage: scripts/fuzz.sh TARGET SECONDS}
seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS}
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
if [ ! -x "$build/tests/fuzz/fuzz_$target" ]; then
  CC=clang bash "$root/scripts/build.sh" "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
    -DFUNDLEDGER_SANITIZE=ON -DFUNDLEDGER_FUZZ=ON >/dev/null
fi
mkdir -p "$build/corpus/$target" "$build/crashes/$target"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/fuzz/lsan.supp}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd "$build/crashes/$target"
"$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/crashes/$target/" "$@" \
  "$build/corpus/$target" "$root/tests/fuzz/corpus/$target" 2>&1 | tee "$build/fuzz-$target.log" |
  grep -E "^(#[0-9]+ *(DONE|INITED)|stat::|==[0-9]+==|SUMMARY|artifact_prefix|Test unit written)" || true
