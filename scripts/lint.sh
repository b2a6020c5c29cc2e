#!/usr/bin/env bash
# Static checks CI relies on:
#  1. service logic includes no transport or storage headers (NATS, Pistache, pqxx, msgpack):
#     only adapters/, testing/, main.cpp and adapter tests may (../shared/STYLE.md);
#  2. pure libraries stay pure: libs/token and libs/crypto include none of them either;
#  3. clang-format is applied;
#  4. clang-tidy (.clang-tidy) over our sources, when a build with compile_commands.json exists
#     (pass --tidy to run it; it takes minutes).
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
  db=$(ls -d build/*/compile_commands.json 2>/dev/null | head -n 1)
  if [ -z "$db" ]; then
    echo "lint: --tidy needs a configured build (scripts/test.sh first)"; status=1
  else
    git ls-files 'libs/*.cpp' 'services/*.cpp' 'tests/*.cpp' | grep -v '_fuzzer\.cpp$' \
      | xargs -r -P"$(nproc)" -n 4 clang-tidy -p "$(dirname "$db")" --quiet || status=1
  fi
fi
[ $status -eq 0 ] && echo "lint: ok"
exit $status
