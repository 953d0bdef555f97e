#!/usr/bin/env bash
# Installs what fundledger needs to build and test, from Debian's packages.
# Idempotent: does nothing when everything is already there.
set -euo pipefail

packages=(build-essential cmake pkg-config clang clang-format python3
          libgmp-dev libxlsxwriter-dev libcjson-dev libutf8proc-dev libssl-dev
          libcmocka-dev gnumeric unzip python3-jsonschema valgrind)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "installing: ${missing[*]}" >&2
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
