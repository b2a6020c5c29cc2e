#!/usr/bin/env bash
# libs/bus figures: request/reply round trips/s and p50/p99 for raw libnats and libs/bus (one
# client, one service instance, 200-byte payload), and acknowledged audit publishes/s.
# Starts its own nats-server on a free loopback port and stops it (by pid) on exit.
# Env: BUILD_DIR (set by scripts/bench.sh), BUS_BENCH_SECONDS (default 3), BUS_BENCH_ROUNDS (2).
set -euo pipefail
: "${BUILD_DIR:?run through scripts/bench.sh bus}"
bench="$BUILD_DIR/libs/bus/bus_bench"
[ -x "$bench" ] || { echo "bench/bus: $bench not built" >&2; exit 1; }
work=$(mktemp -d /tmp/portcullis-bench-bus-XXXXXX)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
nats-server -js -a 127.0.0.1 -p "$port" -sd "$work/js" >"$work/nats.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.05
done
echo "nats-server $(nats-server --version | awk '{print $2}') on 127.0.0.1:$port, $(nproc) cpus"
"$bench" --nats "nats://127.0.0.1:$port" --seconds "${BUS_BENCH_SECONDS:-3}" \
  --rounds "${BUS_BENCH_ROUNDS:-2}" --audit-events 20000 --spool-dir "$work"
