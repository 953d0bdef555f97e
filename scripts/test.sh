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

echo "== valgrind memcheck: every CLI fixture, zero errors and zero leaks =="
python3 tests/cli/run_cli_tests.py --valgrind --fundledger build/fundledger --cases tests/cli/cases

echo "== install check: pkg-config and the CMake package =="
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake -S . -B build-install -DCMAKE_INSTALL_PREFIX="$prefix" -DFUNDLEDGER_WERROR=ON >/dev/null
cmake --build build-install -j"$(nproc)" >/dev/null
cmake --install build-install >/dev/null
PKG_CONFIG_PATH="$prefix/lib/pkgconfig" \
  cc -std=c11 -Wall -Werror tests/install/consumer.c \
  $(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs fundledger) \
  -o "$prefix/consumer-pc"
"$prefix/consumer-pc"
cmake -S tests/install -B "$prefix/consumer-build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$prefix/consumer-build" >/dev/null
"$prefix/consumer-build/consumer"
