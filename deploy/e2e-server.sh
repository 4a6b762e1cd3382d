#!/usr/bin/env bash
# Runs a real Huhang server for the Playwright end-to-end tests
# (web/playwright.config.ts starts this as its webServer).
#
# Every run gets a freshly dropped and recreated database "huhang_e2e" on the
# server of HUHANG_DATABASE_URL, so tests never see data of an earlier run and
# never touch the development database. Redis keys go under a per-process
# prefix for the same reason.
#
# Usage: bash deploy/e2e-server.sh      (after `make build`)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '[e2e-server] %s\n' "$*" >&2; }
die() {
	printf '[e2e-server] ERROR: %s\n' "$*" >&2
	exit 1
}

[[ -x bin/huhang ]] || die "bin/huhang not found in $(pwd); run 'make build' first"
# The client is embedded at `go build` time, so a binary older than the last
# `npm run build` would test yesterday's UI and fail in confusing ways.
if [[ internal/webui/dist/index.html -nt bin/huhang ]]; then
	log "WARNING: internal/webui/dist is newer than bin/huhang; the server embeds the old client (run 'make build')"
fi
command -v psql >/dev/null 2>&1 || die "psql is required to create the e2e database; install postgresql-client"

# HUHANG_E2E_PORT (default 18080) lets two checkouts run browser tests side by side.
readonly E2E_PORT="${HUHANG_E2E_PORT:-18080}"
[[ "$E2E_PORT" =~ ^[0-9]+$ ]] || die "HUHANG_E2E_PORT must be a port number"
readonly E2E_DB="huhang_e2e_$E2E_PORT"
readonly E2E_ADDR="127.0.0.1:$E2E_PORT"
admin_url="${HUHANG_DATABASE_URL:-postgres://huhang:huhang@127.0.0.1:5432/huhang?sslmode=disable}"

# Split scheme://authority[/dbname][?query] so the database name can be
# swapped while credentials, host and options stay as given.
query=""
if [[ "$admin_url" == *\?* ]]; then
	query="?${admin_url#*\?}"
fi
base="${admin_url%%\?*}"
[[ "$base" =~ ^(postgres(ql)?://[^/]+)(/[^/]*)?$ ]] ||
	die "HUHANG_DATABASE_URL must look like postgres://user:pass@host:port/dbname (key=value DSNs are not supported here)"
authority="${BASH_REMATCH[1]}"
maintenance_url="$authority/postgres$query"
e2e_url="$authority/$E2E_DB$query"

# Fail fast rather than letting Playwright's webServer timeout hide the cause.
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-5}"

log "recreating database $E2E_DB"
# FORCE ends connections a crashed earlier run may have left open.
psql -w -X -q -v ON_ERROR_STOP=1 "$maintenance_url" \
	-c "DROP DATABASE IF EXISTS $E2E_DB WITH (FORCE)" \
	-c "CREATE DATABASE $E2E_DB" >/dev/null ||
	die "could not recreate $E2E_DB; does the role of HUHANG_DATABASE_URL exist with CREATEDB? (bash deploy/services.sh sets it up)"

export HUHANG_DATABASE_URL="$e2e_url"
export HUHANG_ENV=dev
export HUHANG_HTTP_ADDR="$E2E_ADDR"
export HUHANG_REDIS_PREFIX="e2e:$$:"
# One access-log line per request would bury the test report; warnings and errors still show.
export HUHANG_LOG_LEVEL="${HUHANG_LOG_LEVEL:-warn}"
# Fixed keys for tests only, so runs are reproducible. Never use these anywhere else.
export HUHANG_JWT_KEY=e2e0000000000000000000000000000000000000000000000000000000000001
export HUHANG_PII_KEY=e2e0000000000000000000000000000000000000000000000000000000000002
# Uploads of a run go to a fresh directory, like the database.
HUHANG_FILES_DIR="$(mktemp -d -t huhang-e2e-files.XXXXXX)"
export HUHANG_FILES_DIR

log "migrating and seeding $E2E_DB"
bin/huhang migrate up
bin/huhang seed demo

log "serving on http://$E2E_ADDR"
# exec, so the signal Playwright sends on teardown reaches the server itself.
# The worker runs in the same process, as with `make run`: alerts reach the
# inboxes only through its relay and consumer.
exec bin/huhang serve --with-worker
