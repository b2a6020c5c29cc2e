#!/usr/bin/env bash
# Configures, builds and runs every test (unit + integration) and prints ctest's summary.
#   scripts/test.sh                  # preset "release" (RelWithDebInfo)
#   scripts/test.sh --preset dev     # the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   scripts/test.sh -L unit          # extra arguments go to ctest (-L label, -R regex, ...)
# Integration tests start their own nats-server and PostgreSQL on free loopback ports.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
preset=release
ctest_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --preset) preset="$2"; shift 2 ;;
    --preset=*) preset="${1#--preset=}"; shift ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) ctest_args+=("$1"); shift ;;
  esac
done
case "$preset" in release|dev|tsan) ;; *) echo "test: unknown preset '$preset' (release, dev, tsan)" >&2; exit 2 ;; esac

cd "$root"
jobs=$(nproc)
scripts/configure.sh "$preset" >/dev/null
cmake --build --preset "$preset" -j"$jobs"
# Sanitizers: fail on the first report, keep going past none.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/scripts/lsan.supp}
ctest --preset "$preset" -j"${PORTCULLIS_TEST_JOBS:-$jobs}" --timeout 300 "${ctest_args[@]}"
