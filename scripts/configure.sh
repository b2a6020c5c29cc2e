#!/usr/bin/env bash
# Configures a preset's tree build/<PRESET>: scripts/configure.sh PRESET [cmake -D...].
# The presets generate for Ninja since 2026-11; a tree made earlier by Unix Makefiles is one cmake
# refuses to reconfigure in place, so its cache is dropped (--fresh) instead of failing. Files
# kept in the tree (build/fuzz/corpus, artifacts) stay.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
preset=${1:?usage: scripts/configure.sh PRESET [cmake args]}
shift
cache="$root/build/$preset/CMakeCache.txt"
fresh=()
if [ -f "$cache" ] && ! grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' "$cache"; then
  fresh=(--fresh)
fi
cd "$root"
cmake --preset "$preset" "${fresh[@]}" "$@"
