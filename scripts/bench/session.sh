#!/usr/bin/env bash
# session-store figures: `get` and `access_token` (no refresh needed) requests/s and p50/p99 over
# NATS, two session-store instances, 16 concurrent clients (issue 6). Starts its own nats-server
# and PostgreSQL cluster on free loopback ports and stops them (by pid) on exit. The provider is
# never called (tokens are valid for an hour), so none is started.
# Env: BUILD_DIR (set by scripts/bench.sh), SESSION_BENCH_SECONDS (default 5),
#      SESSION_BENCH_CLIENTS (16), SESSION_BENCH_INSTANCES (2).
set -euo pipefail
: "${BUILD_DIR:?run through scripts/bench.sh session}"
root=$(cd "$(dirname "$0")/../.." && pwd)
bench="$BUILD_DIR/services/session-store/session_bench"
service="$BUILD_DIR/services/session-store/session-store"
for b in "$bench" "$service"; do [ -x "$b" ] || { echo "bench/session: $b not built" >&2; exit 1; }; done
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pg_bin" ] || { echo "bench/session: PostgreSQL binaries not found" >&2; exit 1; }
work=$(mktemp -d /tmp/portcullis-bench-session-XXXXXX)
pids=()
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -f "$work/pg/postmaster.pid" ]; then as_pg "$pg_bin/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 200); do (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done; return 1; }

nats_port=$(free_port)
nats-server -a 127.0.0.1 -p "$nats_port" >"$work/nats.log" 2>&1 &
pids+=($!)
wait_port "$nats_port" || { echo "bench/session: nats-server did not start" >&2; exit 1; }

pg_port=$(free_port)
mkdir -p "$work/pg" "$work/sock"
[ "$(id -u)" -eq 0 ] && chown -R postgres: "$work"
as_pg "$pg_bin/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 --no-locale >"$work/initdb.log" 2>&1
as_pg "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/sock/pg.log" -w -t 30 \
  -o "-p $pg_port -k $work/sock -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
conninfo="host=127.0.0.1 port=$pg_port user=postgres dbname=postgres"

prefix="bench"
instances=${SESSION_BENCH_INSTANCES:-2}
for i in $(seq 1 "$instances"); do
  env PORTCULLIS_SESSION_STORE_NATS_URL="nats://127.0.0.1:$nats_port" \
    PORTCULLIS_SESSION_STORE_PREFIX="$prefix" \
    PORTCULLIS_SESSION_STORE_DATABASE_URL="$conninfo" \
    PORTCULLIS_SESSION_STORE_MIGRATIONS_DIR="$root/migrations/session-store" \
    PORTCULLIS_SESSION_STORE_KEYS="bench:$(printf 'BENCH-ONLY session-store key 001' | basenc --base64url | tr -d '=')" \
    PORTCULLIS_SESSION_STORE_TOKEN_ENDPOINT="http://127.0.0.1:9/never-called" \
    PORTCULLIS_SESSION_STORE_CLIENT_ID=bench PORTCULLIS_SESSION_STORE_CLIENT_SECRET=bench \
    PORTCULLIS_SESSION_STORE_AUDIT_SPOOL="$work/audit-$i.spool" \
    PORTCULLIS_SESSION_STORE_LOG_LEVEL=info \
    "$service" >"$work/session-store-$i.log" 2>&1 &
  pids+=($!)
  sleep 0.5  # the first instance applies the migrations; the others find them applied
done
for _ in $(seq 1 100); do
  n=$(grep -l "serving" "$work"/session-store-*.log 2>/dev/null | wc -l || true)
  [ "$n" -ge "$instances" ] && break
  sleep 0.1
done
echo "nats-server $(nats-server --version | awk '{print $2}'), PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}'), $instances session-store instances, $(nproc) cpus"
"$bench" --nats "nats://127.0.0.1:$nats_port" --prefix "$prefix" \
  --clients "${SESSION_BENCH_CLIENTS:-16}" --seconds "${SESSION_BENCH_SECONDS:-5}"
