#!/usr/bin/env bash
# The benchmark harness: builds fundledger in Release, generates the ledgers,
# and times fundledger against ledger-cli, hledger and the floors, side by side.
#
#   bench/run.sh [--sizes 10000,100000,1000000,10000000] [--runs 5]
#                [--peer-runs 3] [--peer-max 1000000] [--no-peers]
#                [--no-install] [--smoke] [--build DIR] [--tools REGEX]
#                [--pin CPUS]
#
#   --smoke       only checks every tool's totals at 10k (no timing, no peers
#                 unless installed); what the bench.smoke ctest runs
#   --no-install  do not apt-get install ledger, hledger and time
#   --tools RE    time only the tools whose name matches RE (e.g. 'floor|vi CSV')
#   --pin CPUS    run every single-threaded tool on these CPUs (taskset -c), so
#                 all tools get the same one: a VM's CPUs may differ in speed
#
# Writes the tables to stdout and to BUILD/bench-results.md; bench/README.md
# keeps the latest published table.  Exits 1 if any tool's totals are wrong.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
sizes=10000,100000,1000000,10000000
runs=5
peer_runs=3
peer_max=1000000
no_peers=
install=1
smoke=
build=$root/build-bench
tools=()
pin=()

while [ $# -gt 0 ]; do
    case $1 in
    --sizes) sizes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --peer-runs) peer_runs=$2; shift 2 ;;
    --peer-max) peer_max=$2; shift 2 ;;
    --no-peers) no_peers=--no-peers; shift ;;
    --no-install) install=; shift ;;
    --smoke) smoke=1; install=; sizes=10000; shift ;;
    --build) build=$2; shift 2 ;;
    --tools) tools=(--tools "$2"); shift 2 ;;
    --pin) pin=(--pin "$2"); shift 2 ;;
    -h | --help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

# --- the peers and GNU time, from Debian ---
if [ -n "$install" ]; then
    missing=
    command -v ledger >/dev/null || missing="$missing ledger"
    command -v hledger >/dev/null || missing="$missing hledger"
    [ -x /usr/bin/time ] || missing="$missing time"
    if [ -n "$missing" ]; then
        echo "run.sh: installing$missing" >&2
        sudo_cmd=
        [ "$(id -u)" -ne 0 ] && sudo_cmd=sudo
        $sudo_cmd apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq $missing >/dev/null
    fi
fi
if [ -z "$no_peers" ] && ! { command -v ledger >/dev/null && command -v hledger >/dev/null; }; then
    echo "run.sh: ledger or hledger is not installed; running without the peers" >&2
    no_peers=--no-peers
fi
if [ ! -x /usr/bin/time ]; then
    echo "run.sh: /usr/bin/time (GNU time) is needed for peak memory" >&2
    exit 2
fi

# --- fundledger in Release, and the floors ---
if [ -z "$smoke" ]; then
    if ! bash "$root/scripts/build.sh" "$build" -DCMAKE_BUILD_TYPE=Release >&2; then
        # Timing does not depend on -Werror; a new warning at -O3 (someone
        # else's work in progress) should not stop the benchmark.
        echo "run.sh: the strict Release build failed; retrying without -Werror" >&2
        bash "$root/scripts/build.sh" "$build" -DCMAKE_BUILD_TYPE=Release \
            -DFUNDLEDGER_WERROR=OFF >&2
    fi
fi
fl=$build/fundledger
mkdir -p "$build/bench"
cc -O2 -std=gnu11 -Wall -Wextra -o "$build/bench/floor" "$here/floor.c"
xlsx_floor=
if pkg-config --exists xlsxwriter; then
    # shellcheck disable=SC2046
    cc -O2 -std=gnu11 -Wall -Wextra -o "$build/bench/xlsx_floor" "$here/xlsx_floor.c" \
        $(pkg-config --cflags --libs xlsxwriter)
    xlsx_floor="--xlsx-floor $build/bench/xlsx_floor"
fi

# --- the data ---
data=$build/data
gen_args=()
for n in ${sizes//,/ }; do gen_args+=(--entries "$n"); done
python3 "$here/gen.py" --out "$data" "${gen_args[@]}"

if [ -n "$smoke" ]; then
    # shellcheck disable=SC2086
    exec python3 "$here/measure.py" --data "$data" --fundledger "$fl" \
        --floor "$build/bench/floor" $xlsx_floor --sizes "$sizes" --only-check $no_peers
fi

{
    echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr)"
    echo "fundledger ${FL_BENCH_REV:-$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet -- src include 2>/dev/null || echo '+changes')}, $(ledger --version 2>/dev/null | head -1 | cut -d, -f1), $(hledger --version 2>/dev/null | cut -d, -f1), $(cc --version | head -1)"
    echo
} | tee "$build/bench-results.md"
# shellcheck disable=SC2086
python3 "$here/measure.py" --data "$data" --fundledger "$fl" --floor "$build/bench/floor" \
    $xlsx_floor --sizes "$sizes" --runs "$runs" --peer-runs "$peer_runs" --peer-max "$peer_max" \
    $no_peers "${tools[@]}" "${pin[@]}" --markdown "$build/bench-results.tables.md"
cat "$build/bench-results.tables.md" >>"$build/bench-results.md"
