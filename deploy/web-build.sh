#!/usr/bin/env bash
# Builds the web client into internal/webui/dist, installing npm packages
# from the committed lock file first when node_modules is missing or stale.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../web"

command -v npm >/dev/null 2>&1 || {
	echo "[web] npm is missing: install Node.js 20 (apt-get install nodejs npm, or from nodejs.org)" >&2
	exit 1
}
# npm records what it installed in node_modules/.package-lock.json; a lock
# file newer than that means the installed packages are out of date.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
	echo "[web] npm ci"
	npm ci --no-audit --no-fund
fi
if [[ "${1:-}" != "--deps-only" ]]; then
	echo "[web] npm run build"
	npm run build
fi
