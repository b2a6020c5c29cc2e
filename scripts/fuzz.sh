#!/usr/bin/env bash
# Runs the libFuzzer targets under ASan + UBSan. Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
# SECONDS defaults to 60 per target; TARGETs default to every *_fuzzer the fuzz preset defines.
# Each target starts from its committed seed corpus (libs/*/fuzz/corpus/<target>/, copied into
# build/fuzz/corpus so runs do not dirty the tree). Exits non-zero on the first finding; the
# crashing input is kept in build/fuzz/artifacts/<target>/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
[ $# -gt 0 ] && shift
case "$seconds" in '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2; exit 2 ;; esac
build="$root/build/fuzz"

# The library code needs libFuzzer's coverage instrumentation too (fuzzer-no-link), not only the
# harness, or the fuzzer runs blind; the helper adds -fsanitize=fuzzer to the fuzzer binaries.
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer"
"$root/scripts/configure.sh" fuzz -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" >/dev/null

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  # "... x_fuzzer" from Unix Makefiles' help, "x_fuzzer: phony" from Ninja's.
  mapfile -t targets < <(cmake --build "$build" --target help \
    | sed -n -E 's/^(\.\.\. )?([A-Za-z0-9_]+_fuzzer)(: phony)?$/\2/p' | sort -u)
fi
[ ${#targets[@]} -gt 0 ] || { echo "fuzz: no *_fuzzer targets" >&2; exit 1; }
cmake --build "$build" -j"$(nproc)" --target "${targets[@]}" >/dev/null

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for t in "${targets[@]}"; do
  bin=$(find "$build" -type f -name "$t" -perm -u+x | head -n1)
  [ -n "$bin" ] || { echo "fuzz: $t was not built" >&2; exit 1; }
  work="$build/corpus/$t"
  artifacts="$build/artifacts/$t/"
  mkdir -p "$work" "$artifacts"
  seeds=$(find "$root/libs" -path "*/fuzz/corpus/$t" -type d | head -n1)
  [ -n "$seeds" ] && cp -n "$seeds"/* "$work"/ 2>/dev/null || true
  echo "== fuzz: $t for ${seconds}s (seeds: ${seeds:-none})"
  if "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 \
      -print_final_stats=1 -artifact_prefix="$artifacts" "$work" >"$build/$t.log" 2>&1; then
    grep -E "^(stat::number_of_executed_units|stat::new_units_added|stat::peak_rss_mb)" \
      "$build/$t.log" | tr '\n' ' '
    echo "-> no finding"
  else
    echo "-> FINDING (see $build/$t.log and $artifacts)"
    tail -n 40 "$build/$t.log"
    status=1
  fi
done
exit $status
