#!/usr/bin/env bash
# Gateway figures (issue 7): `wrk -t2 -c64 -d10s` on /api/ping
#   direct   at demo-upstream (a Bearer token, which it must verify)
#   engine   through libs/proxy alone (proxy_front: Pistache + the engine, no auth logic)
#   cookie   through auth-gateway with a session cookie (login flow run with curl)
#   bearer   through auth-gateway with a Bearer token (client_credentials from dev-idp)
# req/s, p50, p99, the ratios to direct, and the CPU time per request of the proxy process and of
# demo-upstream (from /proc/<pid>/stat: steadier than req/s on a shared machine), in one table. Targets: >= 0.5 of direct throughput
# and <= 2 ms added p99 at 64 connections.
# Starts its own NATS, PostgreSQL, dev-idp, session-store, demo-upstream, proxy_front and
# auth-gateway on free loopback ports under a temp dir, and stops each by pid on exit. Rows whose
# binaries are not built are skipped with a note (auth-gateway and session-store land with
# issue 7's other parts).
# The machine is shared (wrk, the proxy and the upstream on the same 2 cpus, builds beside them),
# so BENCH_ROUNDS > 1 repeats the four runs in turn and keeps each path's best round.
# Env: BUILD_DIR (set by scripts/bench.sh), BENCH_SECONDS (10), BENCH_CONNECTIONS (64),
#      BENCH_THREADS (2), BENCH_ROUNDS (1), GATEWAY_BENCH_KEEP=1 keeps the temp dir (logs).
set -euo pipefail
: "${BUILD_DIR:?run through scripts/bench.sh gateway}"
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-64}
wrk_threads=${BENCH_THREADS:-2}
rounds=${BENCH_ROUNDS:-1}
tenant=6f2a1c3e-8b4d-4e7a-9c15-2d3e4f5a6b7c
client_secret=dev-gateway-secret-NOT-FOR-PRODUCTION

dev_idp="$BUILD_DIR/services/dev-idp/dev-idp"
upstream="$BUILD_DIR/services/demo-upstream/demo-upstream"
front="$BUILD_DIR/libs/proxy/proxy_front"
session_store="$BUILD_DIR/services/session-store/session-store"
gateway="$BUILD_DIR/services/auth-gateway/auth-gateway"
for b in "$dev_idp" "$upstream" "$front"; do
  [ -x "$b" ] || { echo "bench/gateway: $b not built" >&2; exit 1; }
done
command -v wrk >/dev/null || { echo "bench/gateway: wrk not installed (scripts/setup.sh)" >&2; exit 1; }
with_gateway=1
for b in "$session_store" "$gateway"; do
  [ -x "$b" ] || { echo "note: $b not built: the cookie and bearer rows are skipped"; with_gateway=0; }
done

work=$(mktemp -d /tmp/portcullis-bench-gateway-XXXXXX)
chmod 755 "$work"  # PostgreSQL runs as the postgres user and must reach its data dir
pids=()
declare -A pid_of=()
pg_data=""
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  local i
  for ((i=${#pids[@]}-1; i>=0; i--)); do
    kill "${pids[$i]}" 2>/dev/null || true
    wait "${pids[$i]}" 2>/dev/null || true
  done
  if [ -n "$pg_data" ]; then as_pg "$PG_BIN/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true; fi
  if [ "${GATEWAY_BENCH_KEEP:-0}" = 1 ]; then echo "logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  local i
  for i in $(seq 1 200); do (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.05; done
  echo "bench/gateway: $2 did not listen on $1; log:" >&2; tail -n 20 "$work/$2.log" >&2; exit 1
}
b64key() { python3 -c 'import os,base64; print(base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("="))'; }
start() {  # name port command...: runs with stdout+stderr in $work/name.log
  local name=$1 port=$2; shift 2
  "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  pid_of[$name]=$!
  [ "$port" = - ] || wait_port "$port" "$name"
}

idp_port=$(free_port); up_port=$(free_port); front_port=$(free_port); gw_port=$(free_port)
idp="http://127.0.0.1:$idp_port"
issuer="$idp/$tenant/v2.0"
gw="http://127.0.0.1:$gw_port"
# dev-idp only redirects to registered URIs: register this run's gateway port.
python3 - "$root/deploy/local/dev-idp.json" "$work/dev-idp.json" "$gw" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
for c in doc["clients"]:
    if c["client_id"] == "portcullis-gateway":
        c["redirect_uris"].append(sys.argv[3] + "/auth/callback")
        c["post_logout_redirect_uris"].append(sys.argv[3] + "/")
json.dump(doc, open(sys.argv[2], "w"))
EOF
start dev-idp "$idp_port" "$dev_idp" --port "$idp_port" --config "$work/dev-idp.json"
start demo-upstream "$up_port" env PORTCULLIS_DEMO_UPSTREAM_LOG_LEVEL=warning \
  "$upstream" --port "$up_port" --issuer "$issuer"
start proxy_front "$front_port" "$front" --port "$front_port" --upstream "http://127.0.0.1:$up_port"

token=$(curl -sf -X POST "$idp/$tenant/oauth2/v2.0/token" -d grant_type=client_credentials \
  -d client_id=portcullis-gateway -d "client_secret=$client_secret" \
  --data-urlencode scope=api://portcullis-gateway/.default \
  | python3 -c 'import sys, json; print(json.load(sys.stdin)["access_token"])')
[ -n "$token" ] || { echo "bench/gateway: no token from dev-idp" >&2; exit 1; }

cookie=""
if [ $with_gateway = 1 ]; then
  [ -n "$PG_BIN" ] || { echo "bench/gateway: PostgreSQL binaries not found" >&2; exit 1; }
  nats_port=$(free_port); pg_port=$(free_port)
  start nats "$nats_port" nats-server -js -a 127.0.0.1 -p "$nats_port" -sd "$work/js"
  pg_data="$work/pg/data"
  mkdir -p "$work/pg/run"
  [ "$(id -u)" -eq 0 ] && chown -R postgres: "$work/pg"
  as_pg "$PG_BIN/initdb" -D "$pg_data" -U postgres --auth=trust -E UTF8 --no-locale >"$work/initdb.log" 2>&1
  as_pg "$PG_BIN/pg_ctl" -D "$pg_data" -l "$pg_data/postgres.log" -w -t 30 \
    -o "-p $pg_port -k $work/pg/run -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  psql "host=127.0.0.1 port=$pg_port user=postgres dbname=postgres" -qc "CREATE DATABASE portcullis"
  start session-store - env \
    PORTCULLIS_SESSION_STORE_NATS_URL="nats://127.0.0.1:$nats_port" \
    PORTCULLIS_SESSION_STORE_DATABASE_URL="host=127.0.0.1 port=$pg_port user=postgres dbname=portcullis" \
    PORTCULLIS_SESSION_STORE_MIGRATIONS_DIR="$root/migrations/session-store" \
    PORTCULLIS_SESSION_STORE_KEYS="k1:$(b64key);active=k1" \
    PORTCULLIS_SESSION_STORE_ISSUER="$issuer" \
    PORTCULLIS_SESSION_STORE_CLIENT_ID=portcullis-gateway \
    PORTCULLIS_SESSION_STORE_CLIENT_SECRET="$client_secret" \
    PORTCULLIS_SESSION_STORE_AUDIT_SPOOL="$work/session-store-audit.spool" \
    PORTCULLIS_SESSION_STORE_LOG_LEVEL=warning \
    "$session_store"
  start auth-gateway "$gw_port" env \
    PORTCULLIS_GATEWAY_PORT="$gw_port" \
    PORTCULLIS_GATEWAY_PUBLIC_BASE_URL="$gw" \
    PORTCULLIS_GATEWAY_ISSUER="$issuer" \
    PORTCULLIS_GATEWAY_CLIENT_SECRET="$client_secret" \
    PORTCULLIS_GATEWAY_CSRF_KEY="$(b64key)" \
    PORTCULLIS_GATEWAY_COOKIE_ALLOW_INSECURE_LOCALHOST=true \
    PORTCULLIS_GATEWAY_ROUTES="/api/ http://127.0.0.1:$up_port" \
    PORTCULLIS_GATEWAY_NATS_URL="nats://127.0.0.1:$nats_port" \
    PORTCULLIS_GATEWAY_LOG_LEVEL=warning \
    "$gateway"
  # The login flow as a browser would run it: cookie jar, following redirects, a login hint.
  for _ in $(seq 1 50); do
    code=$(curl -s -o "$work/me.json" -w '%{http_code}' -c "$work/jar" -b "$work/jar" -L \
      "$gw/auth/login?return_to=/auth/me&login_hint=alice@portcullis.dev" || true)
    [ "$code" = 200 ] && break
    sleep 0.2  # session-store may still be connecting to NATS
  done
  [ "$code" = 200 ] || { echo "bench/gateway: login flow ended with HTTP $code" >&2; tail -n 20 "$work/auth-gateway.log" >&2; exit 1; }
  cookie=$(awk '($0 !~ /^#/ || $0 ~ /^#HttpOnly_/) && NF >= 7 && ($6 == "portcullis" || $6 == "__Host-portcullis") { print $6 "=" $7 }' "$work/jar" | tail -n 1)
fi

check() {  # label url header...: one request must answer 200 before wrk runs
  local label=$1 url=$2; shift 2
  local args=() h
  for h in "$@"; do args+=(-H "$h"); done
  local code; code=$(curl -s -o "$work/check.out" -w '%{http_code}' "${args[@]}" "$url" || true)
  if [ "$code" != 200 ]; then
    echo "bench/gateway: $label answered HTTP $code before the run: $(head -c 200 "$work/check.out")" >&2
    return 1
  fi
}

# CPU seconds (user + system) a process has used so far; "-" without one.
cpu_seconds() {
  [ -n "${1:-}" ] && [ -r "/proc/$1/stat" ] || { echo -; return; }
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) / hz }' "/proc/$1/stat"
}

rows=()
run() {  # label proxy-process url header...   (proxy-process: whose CPU is the proxy's, or -)
  local label=$1 proxy=$2 url=$3; shift 3
  local args=(-t"$wrk_threads" -c"$conns" -d"${seconds}s" --latency -H "Connection: keep-alive") h
  for h in "$@"; do args+=(-H "$h"); done
  check "$label" "$url" "$@" || { rows+=("$label - - - - - -"); return; }
  local proxy_pid="${pid_of[$proxy]:-}" up_pid="${pid_of[demo-upstream]}"
  local proxy0 up0 proxy1 up1
  proxy0=$(cpu_seconds "$proxy_pid"); up0=$(cpu_seconds "$up_pid")
  wrk "${args[@]}" "$url" >"$work/wrk-$label.txt"
  proxy1=$(cpu_seconds "$proxy_pid"); up1=$(cpu_seconds "$up_pid")
  local line
  line=$(python3 - "$work/wrk-$label.txt" "$proxy0" "$proxy1" "$up0" "$up1" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
count = int(re.search(r"(\d+) requests in", text).group(1))
def per_request(a, b):  # CPU microseconds per request, "-" without a process
    return "-" if "-" in (a, b) else f"{(float(b) - float(a)) * 1e6 / max(count, 1):.1f}"
def ms(v):
    n, u = re.match(r"([\d.]+)(us|ms|s)", v).groups()
    return float(n) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[u]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = ms(re.search(r"\s50%\s+(\S+)", text).group(1))
p99 = ms(re.search(r"\s99%\s+(\S+)", text).group(1))
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
errs = re.search(r"Socket errors:.*", text)
print(f"{rps:.0f} {p50:.2f} {p99:.2f} {bad.group(1) if bad else 0}{'+sock' if errs else ''} "
      f"{per_request(sys.argv[2], sys.argv[3])} {per_request(sys.argv[4], sys.argv[5])}")
EOF
)
  rows+=("$label $line")
}

echo "wrk -t$wrk_threads -c$conns -d${seconds}s --latency -H 'Connection: keep-alive' .../api/ping  ($(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg), best of $rounds)"
for _ in $(seq 1 "$rounds"); do
  run direct - "http://127.0.0.1:$up_port/api/ping" "Authorization: Bearer $token"
  run engine proxy_front "http://127.0.0.1:$front_port/api/ping" "Authorization: Bearer $token"
  if [ $with_gateway = 1 ]; then
    run cookie auth-gateway "$gw/api/ping" "Cookie: $cookie"
    run bearer auth-gateway "$gw/api/ping" "Authorization: Bearer $token"
  fi
done

python3 - "${rows[@]}" <<'EOF'
import sys
best = {}
for r in sys.argv[1:]:
    row = r.split()
    old = best.get(row[0])
    if old is None or (row[1] != "-" and (old[1] == "-" or float(row[1]) > float(old[1]))):
        best[row[0]] = row
rows = list(best.values())
direct = best["direct"]
print(f"{'path':<8} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} {'x direct':>9} {'+p99 ms':>8} "
      f"{'proxy us':>9} {'up us':>6}  target")
for label, rps, p50, p99, bad, proxy_us, up_us in rows:
    if rps == "-":
        print(f"{label:<8} {'-':>9} {'-':>8} {'-':>8} {'-':>8} {'-':>9} {'-':>8} {'-':>9} {'-':>6}  (check failed)")
        continue
    cpu = f"{proxy_us:>9} {up_us:>6}"
    if label == "direct" or direct[1] == "-":
        print(f"{label:<8} {float(rps):>9,.0f} {float(p50):>8.2f} {float(p99):>8.2f} {bad:>8} {'':>9} {'':>8} {cpu}")
        continue
    ratio = float(rps) / float(direct[1])
    added = float(p99) - float(direct[3])
    ok = "ok" if ratio >= 0.5 and added <= 2.0 else "MISSED"
    print(f"{label:<8} {float(rps):>9,.0f} {float(p50):>8.2f} {float(p99):>8.2f} {bad:>8} {ratio:>9.2f} {added:>+8.2f} {cpu}  >=0.5, <=+2ms {ok}")
# Paired view: each round's ratio against that round's own direct run, which drift on a shared
# machine (the best-of table above may pair a quiet direct round with a noisy proxied one).
rounds = {}
current = -1
for r in sys.argv[1:]:
    row = r.split()
    if row[0] == "direct":
        current += 1
    rounds.setdefault(current, {})[row[0]] = row
for label in [l for l in best if l != "direct"]:
    ratios = [float(rd[label][1]) / float(rd["direct"][1]) for rd in rounds.values()
              if label in rd and "direct" in rd and rd[label][1] != "-" and rd["direct"][1] != "-"]
    if ratios:
        ordered = sorted(ratios)
        median = ordered[len(ordered) // 2] if len(ordered) % 2 else \
            (ordered[len(ordered) // 2 - 1] + ordered[len(ordered) // 2]) / 2
        print(f"{label:<8} x direct by round: {' '.join(f'{x:.2f}' for x in ratios)}  (median {median:.2f})")
print("proxy us / up us: CPU microseconds (user + system, /proc/<pid>/stat) per request of the proxy "
      "(proxy_front or auth-gateway) and of demo-upstream during that run")
EOF
