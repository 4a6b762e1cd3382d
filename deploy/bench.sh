#!/usr/bin/env bash
# The load run of `make bench`: a generated province in its own database
# (kept between runs: generating 500,000 students takes minutes), a real
# huhang server and the stack's ceiling (cmd/huhang-ceiling) on loopback,
# and cmd/huhang-bench driving both with vegeta. Prints one table.
#
#   BENCH_STUDENTS (500000), BENCH_DAYS (30), BENCH_SEED (1),
#   BENCH_DURATION (10s per attack), BENCH_PORT (18190; the ceiling takes the next)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[bench] %s\n' "$*" >&2; }

students="${BENCH_STUDENTS:-500000}"
days="${BENCH_DAYS:-30}"
seed="${BENCH_SEED:-1}"
duration="${BENCH_DURATION:-10s}"
port="${BENCH_PORT:-18190}"
ceiling_port=$((port + 1))
admin_url="${HUHANG_DATABASE_URL:-postgres://huhang:huhang@127.0.0.1:5432/huhang?sslmode=disable}"
base="${admin_url%%\?*}"
query=""
[[ "$admin_url" == *\?* ]] && query="?${admin_url#*\?}"
authority="${base%/*}"
db="huhang_bench_${students}_${days}_${seed}"
bench_url="$authority/$db$query"
export PGCONNECT_TIMEOUT=5
export HUHANG_ENV=dev
# Fixed keys for the bench database only, like the e2e ones. Never use these anywhere else.
export HUHANG_JWT_KEY=bec0000000000000000000000000000000000000000000000000000000000001
export HUHANG_PII_KEY=bec0000000000000000000000000000000000000000000000000000000000002

mkdir -p bin
go build -o bin/huhang-ceiling ./cmd/huhang-ceiling
go build -o bin/huhang-bench ./cmd/huhang-bench

# The province is generated once per size and seed, and its duty ends on the
# day it was generated; a run on a later day generates it again, because the
# check-ins must be owed today.
today="$(TZ=Asia/Shanghai date +%F)"
ready="$(psql -w -X -qtA "$authority/postgres$query" -c \
	"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$db'" 2>/dev/null || true)"
if [[ "$ready" != "huhang bench $today" ]]; then
	log "generating $students students and $days days of duty into $db (once per day; minutes at 500,000)"
	psql -w -X -q -v ON_ERROR_STOP=1 "$authority/postgres$query" \
		-c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
	HUHANG_DATABASE_URL="$bench_url" bin/huhang migrate up >/dev/null
	started=$(date +%s)
	HUHANG_DATABASE_URL="$bench_url" bin/huhang seed scale --students "$students" --days "$days" --seed "$seed" >&2
	log "generated in $(($(date +%s) - started)) s"
	started=$(date +%s)
	HUHANG_DATABASE_URL="$bench_url" bin/huhang stats refresh >&2
	log "dashboards summarised in $(($(date +%s) - started)) s"
	psql -w -X -q "$bench_url" -c "VACUUM ANALYZE" -c "COMMENT ON DATABASE $db IS 'huhang bench $today'" >/dev/null
fi

# The ledger export's peak memory, from its own test (100,000 findings).
log "measuring the ledger export"
export_peak="$(go test -count=1 -run '^TestExportHundredThousandFindings$' -v ./internal/inspections/ |
	sed -n 's/.*export xlsx of .* peak heap \([0-9.]*\) MB.*/\1/p' | head -1)"

pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
}
trap cleanup EXIT
# The check-ins the issue is about are a city's teachers at 08:00 on a
# working day: in their window, by day, each one clean. The server runs as
# if started at 08:00 of today (Beijing), whatever the hour of the run; at
# night the same requests would each be a night check-in outside its window,
# two alerts more to write, and the figure would depend on the hour. (On a
# weekend or holiday they are rest-day work, one alert each: run it on a
# working day to measure the 08:00 of the issue.)
clock_at="$(TZ=Asia/Shanghai date +%F)T08:00:00+08:00"
HUHANG_DATABASE_URL="$bench_url" HUHANG_HTTP_ADDR="127.0.0.1:$port" HUHANG_LOG_LEVEL=error \
	HUHANG_DEV_CLOCK_AT="$clock_at" HUHANG_REDIS_PREFIX="huhang-bench-$$:" bin/huhang serve >/dev/null 2>bin/bench-load-server.log &
pids+=($!)
HUHANG_DATABASE_URL="$bench_url" bin/huhang-ceiling --addr "127.0.0.1:$ceiling_port" 2>bin/bench-ceiling.log &
pids+=($!)
for _ in $(seq 1 120); do
	curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null && break
	sleep 0.5
done
for _ in $(seq 1 60); do
	curl -s -o /dev/null "http://127.0.0.1:$ceiling_port/" 2>/dev/null && break
	sleep 0.5
done

HUHANG_DATABASE_URL="$bench_url" bin/huhang-bench --server "http://127.0.0.1:$port" \
	--ceiling "http://127.0.0.1:$ceiling_port" \
	--duration "$duration" --export-peak-mb "${export_peak:-0}" --at "$clock_at"
