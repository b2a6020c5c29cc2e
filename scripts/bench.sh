#!/usr/bin/env bash
# Prints the figures the issues ask for. Usage: scripts/bench.sh <suite> [<suite>...]
# Each suite is scripts/bench/<suite>.sh; it gets the release+benchmark build in $BUILD_DIR.
# Benchmarks run on loopback only and are bounded in time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
suites=()
for f in "$root"/scripts/bench/*.sh; do [ -e "$f" ] && suites+=("$(basename "$f" .sh)"); done
if [ $# -eq 0 ] || [ "$1" = "--help" ]; then
  echo "usage: scripts/bench.sh <suite>...   suites: ${suites[*]:-none}"
  [ $# -eq 0 ] && exit 2 || exit 0
fi
for s in "$@"; do
  [ -f "$root/scripts/bench/$s.sh" ] || { echo "bench: unknown suite '$s' (have: ${suites[*]})" >&2; exit 2; }
done
export BUILD_DIR="$root/build/bench"
"$root/scripts/configure.sh" bench >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)" >/dev/null
for s in "$@"; do
  echo "== bench: $s =="
  bash "$root/scripts/bench/$s.sh"
done
