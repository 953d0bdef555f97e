#!/usr/bin/env bash
# The README's second command: the whole test suite, twice -- a strict build
# (warnings are errors) and a build under AddressSanitizer + UBSan -- and the
# clang-format check.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

echo "== clang-format check =="
files=$(git ls-files 'src/*.c' 'src/*.h' 'include/*.h' 'tests/*.c' 'tests/*.h' 2>/dev/null || true)
if [ -n "$files" ]; then
  # shellcheck disable=SC2086
  clang-format --dry-run --Werror $files
fi

echo "== strict build and tests =="
bash scripts/build.sh build
(cd build && ctest --output-on-failure -j2)

echo "== ASan + UBSan build and tests =="
bash scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DFUNDLEDGER_SANITIZE=ON
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j2)
