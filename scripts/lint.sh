#!/usr/bin/env bash
# Static checks CI relies on:
#  1. service logic includes no transport or storage headers (NATS, Pistache, pqxx, msgpack):
#     only adapters/, testing/, main.cpp and adapter tests may (../shared/STYLE.md);
#  2. pure libraries stay pure: libs/token and libs/crypto include none of them either;
#  3. clang-format is applied;
#  4. clang-tidy (.clang-tidy) over our sources (pass --tidy to run it; it takes minutes), or over
#     the files named after it: scripts/lint.sh --tidy libs/common/src/config.cpp
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
status=0
transport='#include *[<"](pistache/|nats|pqxx/|msgpack|curl/)'

leaks=$(git ls-files 'services/*.cpp' 'services/*.h' | grep -vE '/(adapters|testing)/|main\.cpp$|_(pg|nats|http|e2e)?test\.cpp$' \
  | xargs -r grep -lE "$transport" || true)
if [ -n "$leaks" ]; then
  echo "lint: service logic includes transport/storage headers (move them behind an adapter):"
  echo "$leaks" | sed 's/^/  /'
  status=1
fi
pure=$(git ls-files 'libs/token/*' 'libs/crypto/*' 'libs/common/*' | grep -E '\.(cpp|h)$' \
  | xargs -r grep -lE "$transport" || true)
if [ -n "$pure" ]; then
  echo "lint: pure libraries include transport/storage headers:"
  echo "$pure" | sed 's/^/  /'
  status=1
fi
if ! scripts/format.sh --check >/dev/null 2>&1; then
  echo "lint: files not clang-formatted (run scripts/format.sh):"
  git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run 2>&1 | grep -oE '^[^:]+\.(cpp|h)' | sort -u | sed 's/^/  /'
  status=1
fi
if [ "${1:-}" = "--tidy" ]; then
  shift
  # clang-tidy needs one compile command per source file. The release/dev presets build unity
  # TUs (unity_*.cxx), so a non-unity tree is configured just for its compile_commands.json:
  # configure only, nothing is compiled there (no generated sources exist).
  if ! cmake --preset release -B build/tidy -DCMAKE_UNITY_BUILD=OFF >/dev/null; then
    echo "lint: --tidy could not configure build/tidy"; status=1
  else
    if [ $# -gt 0 ]; then
      printf '%s\n' "$@"
    else
      git ls-files 'libs/*.cpp' 'services/*.cpp' 'tests/*.cpp' | grep -v '_fuzzer\.cpp$'
    fi | xargs -r -P"$(nproc)" -n 4 clang-tidy -p build/tidy --quiet || status=1
  fi
fi
[ $status -eq 0 ] && echo "lint: ok"
exit $status
