#!/usr/bin/env bash
# Make PostgreSQL (>=15) and Redis (>=7) reachable for `make run` / `make test`,
# then make sure the application role and database from HUHANG_DATABASE_URL exist.
#
# Usage: bash deploy/services.sh
#
# Strategy per service (stop at the first that works):
#   0. it already answers                -> use it (fast path, touches nothing)
#   a. server binaries installed locally -> start on loopback (pg_ctlcluster / initdb, redis-server)
#   b. a Docker engine is available      -> docker compose up -d <service>
#   c. root on Debian/Ubuntu             -> apt-get install, then as (a)
#   d. otherwise                         -> print what to install, exit 1
#
# Safe to run repeatedly and while other processes use the servers: it never
# stops, restarts or reconfigures a server that already answers, and never
# rewrites the authentication of a cluster it did not create.
set -euo pipefail

DEFAULT_DB_URL='postgres://huhang:huhang@127.0.0.1:5432/huhang?sslmode=disable'
DEFAULT_REDIS_URL='redis://127.0.0.1:6379/0'
TIMEOUT="${HUHANG_SERVICES_TIMEOUT:-30}"
MIN_PG_MAJOR=15
MIN_REDIS_MAJOR=7

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
IS_ROOT=0
[[ "$(id -u)" == 0 ]] && IS_ROOT=1

# Value of KEY in the repository's git-ignored .env, if any. The binary falls
# back to that file when a variable is not in the environment, so the servers
# prepared here must be the ones it will use. Read, never sourced: it holds
# secrets and is not guaranteed to be valid shell.
dotenv_get() {
	local file="$REPO_ROOT/.env" line val found=""
	[[ -r "$file" ]] || return 0
	while IFS= read -r line || [[ -n "$line" ]]; do
		line="${line#"${line%%[![:space:]]*}"}"
		line="${line#export }"
		[[ "$line" == "$1="* ]] || continue
		val="${line#*=}"
		val="${val%"${val##*[![:space:]]}"}"
		if [[ "$val" == \"*\" || "$val" == \'*\' ]]; then
			val="${val:1:${#val}-2}"
		else
			val="${val%%[[:space:]]#*}"
			val="${val%"${val##*[![:space:]]}"}"
		fi
		found="$val" # last one wins, as in godotenv
	done <"$file"
	printf '%s' "$found"
}

DB_URL="${HUHANG_DATABASE_URL:-$(dotenv_get HUHANG_DATABASE_URL)}"
DB_URL="${DB_URL:-$DEFAULT_DB_URL}"
REDIS_URL="${HUHANG_REDIS_URL:-$(dotenv_get HUHANG_REDIS_URL)}"
REDIS_URL="${REDIS_URL:-$DEFAULT_REDIS_URL}"

# Fail fast instead of hanging on an unreachable host or a password prompt.
export PGCONNECT_TIMEOUT="${PGCONNECT_TIMEOUT:-5}"

log() { printf '[services] %s\n' "$*"; }
warn() { printf '[services] WARNING: %s\n' "$*" >&2; }
die() {
	printf '[services] ERROR: %s\n' "$*" >&2
	exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }

# Bounds a probe so a half-open port cannot stall the script; macOS has no
# coreutils timeout, and there the probe simply runs unbounded.
with_timeout() {
	local secs="$1"
	shift
	if have timeout; then timeout "$secs" "$@"; else "$@"; fi
}

# ---------------------------------------------------------------------------
# URL parsing
# ---------------------------------------------------------------------------

urldecode() {
	local s="${1//+/ }"
	printf '%b' "${s//%/\\x}"
}

# Splits scheme://[user[:pass]@]host[:port][/path][?query] into URL_* globals.
# Brackets around IPv6 literals are removed from URL_HOST.
parse_url() {
	local url="$1" rest userinfo hostport
	URL_SCHEME="${url%%://*}"
	rest="${url#*://}"
	URL_QUERY=""
	if [[ "$rest" == *\?* ]]; then
		URL_QUERY="${rest#*\?}"
		rest="${rest%%\?*}"
	fi
	URL_PATH=""
	if [[ "$rest" == */* ]]; then
		URL_PATH="${rest#*/}"
		rest="${rest%%/*}"
	fi
	URL_USER=""
	URL_PASS=""
	if [[ "$rest" == *@* ]]; then
		userinfo="${rest%@*}"
		hostport="${rest##*@}"
		if [[ "$userinfo" == *:* ]]; then
			URL_USER="$(urldecode "${userinfo%%:*}")"
			URL_PASS="$(urldecode "${userinfo#*:}")"
		else
			URL_USER="$(urldecode "$userinfo")"
		fi
	else
		hostport="$rest"
	fi
	URL_PORT=""
	if [[ "$hostport" == \[* ]]; then
		URL_HOST="${hostport#\[}"
		URL_HOST="${URL_HOST%%\]*}"
		[[ "$hostport" == *\]:* ]] && URL_PORT="${hostport##*\]:}"
	elif [[ "$hostport" == *:* ]]; then
		URL_HOST="${hostport%%:*}"
		URL_PORT="${hostport#*:}"
	else
		URL_HOST="$hostport"
	fi
}

query_param() { # query_param NAME QUERY
	local kv
	local IFS='&'
	for kv in $2; do
		if [[ "${kv%%=*}" == "$1" ]]; then
			urldecode "${kv#*=}"
			return 0
		fi
	done
	return 0
}

# Never echo secrets: replace the password part of a URL.
redact() { sed -E 's#(://[^:/@]*):[^@/]*@#\1:***@#' <<<"$1"; }

is_local_host() {
	case "$1" in
	'' | localhost | 127.0.0.1 | ::1 | 0.0.0.0) return 0 ;;
	*) return 1 ;;
	esac
}

is_uint() { [[ "$1" =~ ^[0-9]+$ ]]; }

parse_url "$DB_URL"
case "$URL_SCHEME" in postgres | postgresql) ;; *) die "HUHANG_DATABASE_URL must start with postgres:// (got $(redact "$DB_URL"))" ;; esac
PG_HOST="${URL_HOST:-127.0.0.1}"
PG_PORT="${URL_PORT:-5432}"
PG_USER="${URL_USER:-huhang}"
PG_PASS="$URL_PASS"
PG_DB="$(urldecode "${URL_PATH:-$PG_USER}")"
PG_SSLMODE="$(query_param sslmode "$URL_QUERY")"
is_uint "$PG_PORT" || die "bad port in HUHANG_DATABASE_URL: $PG_PORT"

parse_url "$REDIS_URL"
case "$URL_SCHEME" in redis | rediss) ;; *) die "HUHANG_REDIS_URL must start with redis:// or rediss:// (got $(redact "$REDIS_URL"))" ;; esac
REDIS_TLS=()
[[ "$URL_SCHEME" == rediss ]] && REDIS_TLS=(--tls)
REDIS_HOST="${URL_HOST:-127.0.0.1}"
REDIS_PORT="${URL_PORT:-6379}"
REDIS_USER="$URL_USER"
REDIS_PASS="$URL_PASS"
is_uint "$REDIS_PORT" || die "bad port in HUHANG_REDIS_URL: $REDIS_PORT"

log "PostgreSQL: $(redact "$DB_URL")"
log "Redis:      $(redact "$REDIS_URL")"

# ---------------------------------------------------------------------------
# Readiness probes
# ---------------------------------------------------------------------------

pg_answers() {
	if have pg_isready; then
		# Exit 0 = accepting connections; 1 = starting up / shutting down.
		pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2
	else
		(exec 3<>"/dev/tcp/$PG_HOST/$PG_PORT") 2>/dev/null
	fi
}

REDIS_LAST_REPLY=""
redis_answers() {
	local reply=""
	if have redis-cli; then
		reply="$(REDISCLI_AUTH="$REDIS_PASS" with_timeout 3 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ${REDIS_TLS[@]+"${REDIS_TLS[@]}"} \
			${REDIS_USER:+--user "$REDIS_USER"} --no-auth-warning ping 2>/dev/null || true)"
	elif ((${#REDIS_TLS[@]})); then
		# No client and TLS: an open port is the best evidence available.
		port_open "$REDIS_HOST" "$REDIS_PORT" && reply=PONG
	else
		# No client installed: speak RESP inline commands over bash's /dev/tcp.
		reply="$(
			exec 2>/dev/null
			exec 3<>"/dev/tcp/$REDIS_HOST/$REDIS_PORT" || exit 0
			if [[ -n "$REDIS_PASS" ]]; then
				printf 'AUTH %s %s\r\n' "${REDIS_USER:-default}" "$REDIS_PASS" >&3
				read -r -t 3 _ <&3 || true
			fi
			printf 'PING\r\n' >&3
			read -r -t 3 line <&3 || true
			printf '%s' "${line%$'\r'}"
		)" || true
		reply="${reply#+}"
	fi
	REDIS_LAST_REPLY="$reply"
	[[ "$reply" == PONG ]]
}

# Something accepts TCP connections on host:port (whatever it is).
port_open() {
	# shellcheck disable=SC2016 # expanded by the inner bash, on purpose
	with_timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

# Serialises the slow paths of concurrent runs (say `make run` and `make test`
# on a fresh machine), which would otherwise both start the same server or
# create the same cluster. Taken only when something has to change. Every
# command that may leave a daemon behind runs with `9>&-`, so no server
# inherits the descriptor and holds the lock forever.
LOCKED=0
take_lock() {
	((LOCKED)) && return 0
	have flock || return 0
	local file
	file="${TMPDIR:-/tmp}/huhang-services-$(id -u).lock"
	exec 9>>"$file" || return 0
	if ! flock -n 9; then
		log "another run of this script holds $file; waiting for it"
		flock -w $((TIMEOUT * 4)) 9 || die "timed out waiting for $file"
	fi
	LOCKED=1
}

# wait_for NAME PROBE_FUNCTION
wait_for() {
	local name="$1" probe="$2" start=$SECONDS
	while ! "$probe"; do
		if ((SECONDS - start >= TIMEOUT)); then
			return 1
		fi
		sleep 0.5
	done
	log "$name is answering (after $((SECONDS - start))s)"
}

# ---------------------------------------------------------------------------
# Starting servers
# ---------------------------------------------------------------------------

# Newest installed PostgreSQL server bin dir with major >= MIN_PG_MAJOR, or empty.
pg_bindir() {
	local d best="" best_ver=0 ver
	for d in /usr/lib/postgresql/*/bin; do
		[[ -x "$d/postgres" ]] || continue
		ver="$(basename "$(dirname "$d")")"
		ver="${ver%%.*}"
		is_uint "$ver" || continue
		if ((ver >= MIN_PG_MAJOR && ver > best_ver)); then
			best="$d"
			best_ver="$ver"
		fi
	done
	# Non-Debian layouts put initdb/pg_ctl on PATH.
	if [[ -z "$best" ]] && have pg_ctl && have initdb && have postgres; then
		ver="$(postgres --version | grep -oE '[0-9]+' | head -1)"
		if ((ver >= MIN_PG_MAJOR)); then best="$(dirname "$(command -v pg_ctl)")"; fi
	fi
	printf '%s' "$best"
}

PG_SOCKDIR="" # unix socket dir of a server we started via initdb/pg_ctl

# Start (or create and start) a Debian-managed cluster listening on PG_PORT.
pg_start_debian_cluster() {
	local bindir="$1" major ver name port status
	major="$(basename "$(dirname "$bindir")")"
	# An existing cluster configured for this port: start it as-is.
	while read -r ver name port status _; do
		[[ "$port" == "$PG_PORT" ]] || continue
		if [[ "$status" == online* ]]; then
			warn "cluster $ver/$name is online on port $PG_PORT but does not answer on $PG_HOST:$PG_PORT (check listen_addresses in /etc/postgresql/$ver/$name/postgresql.conf)"
			return 0
		fi
		log "starting existing cluster $ver/$name on port $PG_PORT"
		pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start 9>&- ||
			die "could not start cluster $ver/$name; see /var/log/postgresql/postgresql-$ver-$name.log"
		return 0
	done < <(pg_lsclusters -h 2>/dev/null || true)

	# No cluster for this port: create one. The default port gets the
	# conventional name "main" (if free) so tooling finds it; others are
	# namespaced so they are easy to recognise and drop.
	name="huhang_$PG_PORT"
	if [[ "$PG_PORT" == 5432 && ! -d "/etc/postgresql/$major/main" ]]; then
		name=main
	fi
	log "creating cluster $major/$name on port $PG_PORT (UTF8, peer auth on the socket, scram-sha-256 on loopback TCP)"
	# UTF8 matters: the app stores Chinese text, and a POSIX-locale container
	# would otherwise produce a SQL_ASCII cluster.
	pg_createcluster "$major" "$name" --port "$PG_PORT" --encoding UTF8 --locale C.UTF-8 \
		-- --auth-local=peer --auth-host=scram-sha-256 >/dev/null ||
		die "pg_createcluster $major $name failed"
	log "starting cluster $major/$name"
	pg_ctlcluster --skip-systemctl-redirect "$major" "$name" start 9>&- ||
		die "could not start cluster $major/$name; see /var/log/postgresql/postgresql-$major-$name.log"
}

# Data dir used by pg_start_initdb for this port; its socket lives there too.
initdb_base() {
	if ((IS_ROOT)); then echo /var/lib/huhang; else echo "${XDG_DATA_HOME:-$HOME/.local/share}/huhang"; fi
}

# Without postgresql-common: initdb a private data dir and run it with pg_ctl.
pg_start_initdb() {
	local bindir="$1" owner datadir base
	if ((IS_ROOT)); then
		# PostgreSQL refuses to run as root.
		id postgres >/dev/null 2>&1 || die "PostgreSQL must not run as root and there is no 'postgres' user; create one (useradd -r -m postgres) and re-run"
		owner=postgres
	else
		owner="$(id -un)"
	fi
	base="$(initdb_base)"
	datadir="$base/pg-$PG_PORT"
	PG_SOCKDIR="$datadir"
	as_owner() { if ((IS_ROOT)); then (cd / && runuser -u "$owner" -- "$@"); else "$@"; fi; }
	if [[ ! -s "$datadir/PG_VERSION" ]]; then
		log "initialising data dir $datadir (owner $owner; UTF8, peer auth on the socket, scram-sha-256 on loopback TCP)"
		mkdir -p "$datadir" || die "cannot create $datadir"
		if ((IS_ROOT)); then chown "$owner" "$base" "$datadir" || die "cannot chown $datadir"; fi
		chmod 700 "$datadir"
		# C.UTF-8 is not available everywhere (e.g. macOS); the C locale
		# still allows UTF8 encoding.
		local locale_args=(--no-locale)
		if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then locale_args=(--locale C.UTF-8); fi
		as_owner "$bindir/initdb" -D "$datadir" -U "$owner" --encoding UTF8 "${locale_args[@]}" \
			--auth-local=peer --auth-host=scram-sha-256 >/dev/null || die "initdb into $datadir failed"
	fi
	log "starting PostgreSQL from $datadir on port $PG_PORT"
	# pg_ctl hands -o to a shell, hence the inner quotes around the path.
	as_owner "$bindir/pg_ctl" -D "$datadir" -l "$datadir/server.log" -w -t "$TIMEOUT" \
		-o "-p $PG_PORT -k '$datadir' -c listen_addresses=localhost" start >/dev/null 9>&- ||
		die "pg_ctl start failed; see $datadir/server.log"
}

pg_start_local() {
	local bindir
	bindir="$(pg_bindir)"
	[[ -n "$bindir" ]] || return 1
	if have pg_ctlcluster && have pg_createcluster && have pg_lsclusters && ((IS_ROOT)); then
		pg_start_debian_cluster "$bindir"
	else
		pg_start_initdb "$bindir"
	fi
}

redis_start_local() {
	local ver dir logdir logfile rundir
	have redis-server || return 1
	ver="$(redis-server --version | sed -nE 's/.* v=([0-9]+).*/\1/p')"
	if [[ -n "$ver" ]] && ((ver < MIN_REDIS_MAJOR)); then
		warn "installed redis-server is v$ver (< $MIN_REDIS_MAJOR); not using it"
		return 1
	fi
	if ((IS_ROOT)); then
		dir=/var/lib/redis
		logdir=/var/log/redis
		rundir=/run/huhang
	else
		dir="${XDG_STATE_HOME:-$HOME/.local/state}/huhang/redis-$REDIS_PORT"
		logdir="$dir"
		rundir="$dir"
	fi
	if [[ "$REDIS_PORT" == 6379 ]]; then logfile="$logdir/huhang.log"; else logfile="$logdir/huhang-$REDIS_PORT.log"; fi
	mkdir -p "$dir" "$logdir" "$rundir" || die "cannot create redis dirs under $dir"
	log "starting redis-server on 127.0.0.1:$REDIS_PORT (no persistence; log $logfile)"
	# Persistence is off: this is a cache/queue for development and tests.
	# The explicit pidfile keeps a second instance from clobbering /var/run/redis.pid.
	local args=(--daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no
		--dir "$dir" --logfile "$logfile" --pidfile "$rundir/redis-$REDIS_PORT.pid")
	# Honour a password in the URL so the app's AUTH succeeds.
	[[ -n "$REDIS_PASS" && -z "$REDIS_USER" ]] && args+=(--requirepass "$REDIS_PASS")
	redis-server "${args[@]}" 9>&- || die "redis-server failed to start; see $logfile"
}

docker_usable() { have docker && docker info >/dev/null 2>&1; }

compose() {
	if docker compose version >/dev/null 2>&1; then
		docker compose "$@"
	elif have docker-compose; then
		docker-compose "$@"
	else
		return 1
	fi
}

# docker_start SERVICE DEFAULT_PORT URL_PORT
docker_start() {
	local svc="$1" published="$2" port="$3"
	# docker-compose.yml publishes only the default ports on loopback.
	[[ "$port" == "$published" ]] || return 1
	docker_usable || return 1
	[[ -f "$REPO_ROOT/docker-compose.yml" ]] || return 1
	log "starting '$svc' with docker compose"
	# Compose interpolates the whole file, and the app services demand real
	# keys; the databases never see these placeholders.
	(
		cd "$REPO_ROOT" || exit 1
		export HUHANG_JWT_KEY="${HUHANG_JWT_KEY:-unused-by-postgres-and-redis-placeholder}"
		export HUHANG_PII_KEY="${HUHANG_PII_KEY:-0000000000000000000000000000000000000000000000000000000000000000}"
		# The development URL's password; production sets its own (README).
		export HUHANG_DB_PASSWORD="${HUHANG_DB_PASSWORD:-huhang}"
		compose up -d --wait "$svc" || compose up -d "$svc"
	) 9>&-
}

os_is_debian_like() {
	[[ -r /etc/os-release ]] || return 1
	local ID="" ID_LIKE=""
	# shellcheck disable=SC1091
	. /etc/os-release
	[[ " $ID $ID_LIKE " == *" debian "* || " $ID $ID_LIKE " == *" ubuntu "* ]]
}

APT_UPDATED=0
apt_install() {
	((IS_ROOT)) && os_is_debian_like && have apt-get || return 1
	export DEBIAN_FRONTEND=noninteractive
	if ((!APT_UPDATED)); then
		log "apt-get update"
		apt-get update -qq 9>&- || die "apt-get update failed"
		APT_UPDATED=1
	fi
	log "apt-get install -y $*"
	# Package scripts may start daemons (9>&-, see take_lock) and create the
	# default cluster in the current locale; a bare container's POSIX locale
	# would make it SQL_ASCII instead of UTF8.
	LANG=C.UTF-8 LC_ALL=C.UTF-8 apt-get install -y -qq --no-install-recommends "$@" >/dev/null 9>&- ||
		die "apt-get install $* failed"
	hash -r
}

print_install_help() {
	cat >&2 <<EOF
[services] ERROR: $1 is not reachable and could not be started automatically.
[services] Install PostgreSQL >= $MIN_PG_MAJOR and Redis >= $MIN_REDIS_MAJOR, then re-run: bash deploy/services.sh
[services]   Debian/Ubuntu: sudo apt-get install -y postgresql redis-server
[services]   Fedora/RHEL:   sudo dnf install -y postgresql-server redis && sudo postgresql-setup --initdb
[services]   macOS:         brew install postgresql@16 redis && brew services start postgresql@16 && brew services start redis
[services]   Docker:        docker compose up -d postgres redis   (from the repository root)
[services] Or point HUHANG_DATABASE_URL / HUHANG_REDIS_URL at servers you already run.
EOF
	exit 1
}

ensure_pg() {
	if pg_answers; then
		log "PostgreSQL answers on $PG_HOST:$PG_PORT"
		return 0
	fi
	log "PostgreSQL does not answer on $PG_HOST:$PG_PORT"
	take_lock
	if pg_answers; then
		log "PostgreSQL answers on $PG_HOST:$PG_PORT (started by a concurrent run)"
		return 0
	fi
	if port_open "$PG_HOST" "$PG_PORT"; then
		# Probably a server still starting up; starting another would only
		# fail to bind.
		log "port $PG_PORT is open; waiting for the server there"
	elif ! is_local_host "$PG_HOST"; then
		log "$PG_HOST is not local; waiting for it instead of starting a server"
	elif pg_start_local; then
		:
	elif docker_start postgres 5432 "$PG_PORT"; then
		:
	elif apt_install postgresql postgresql-client && { pg_answers || pg_start_local; }; then
		:
	else
		print_install_help PostgreSQL
	fi
	wait_for PostgreSQL pg_answers ||
		die "PostgreSQL did not answer on $PG_HOST:$PG_PORT within ${TIMEOUT}s (check its log, and that it listens on $PG_HOST port $PG_PORT)"
}

ensure_redis() {
	if redis_answers; then
		log "Redis answers on $REDIS_HOST:$REDIS_PORT"
		return 0
	fi
	log "Redis does not answer on $REDIS_HOST:$REDIS_PORT"
	take_lock
	if redis_answers; then
		log "Redis answers on $REDIS_HOST:$REDIS_PORT (started by a concurrent run)"
		return 0
	fi
	if port_open "$REDIS_HOST" "$REDIS_PORT"; then
		# A wrong password in the URL lands here too (NOAUTH / WRONGPASS).
		log "port $REDIS_PORT is open; waiting for the server there"
	elif ! is_local_host "$REDIS_HOST"; then
		log "$REDIS_HOST is not local; waiting for it instead of starting a server"
	elif redis_start_local; then
		:
	elif docker_start redis 6379 "$REDIS_PORT"; then
		:
	elif apt_install redis-server redis-tools && { redis_answers || redis_start_local; }; then
		:
	else
		print_install_help Redis
	fi
	wait_for Redis redis_answers ||
		die "Redis did not answer PING with PONG on $REDIS_HOST:$REDIS_PORT within ${TIMEOUT}s${REDIS_LAST_REPLY:+ (last reply: $REDIS_LAST_REPLY)}"
}

# ---------------------------------------------------------------------------
# Role and database
# ---------------------------------------------------------------------------

# libpq keyword/value quoting: wrap in single quotes, escape \ and '.
cq() {
	local v="${1//\\/\\\\}"
	printf "'%s'" "${v//\'/\\\'}"
}

app_conninfo() {
	local ci
	ci="host=$(cq "$PG_HOST") port=$PG_PORT user=$(cq "$PG_USER") dbname=$(cq "$PG_DB")"
	[[ -n "$PG_SSLMODE" ]] && ci+=" sslmode=$(cq "$PG_SSLMODE")"
	printf '%s' "$ci"
}

# Prints "ok" when the app role can log in to its database, may create
# databases (tests clone them) and may create tables in schema public
# (PostgreSQL 15 no longer grants that to everyone).
app_role_status() {
	PGPASSWORD="$PG_PASS" psql -w -X -q -At "$(app_conninfo)" -c \
		"SELECT CASE WHEN (r.rolcreatedb OR r.rolsuper)
		             AND has_schema_privilege(current_user, 'public', 'CREATE')
		        THEN 'ok' ELSE 'missing-privileges' END
		   FROM pg_roles r WHERE r.rolname = current_user" 2>&1
}

pg_server_major() {
	PGPASSWORD="$PG_PASS" psql -w -X -q -At "$(app_conninfo)" -c "SHOW server_version_num" 2>/dev/null |
		awk '{ print int($1 / 10000) }'
}

# Runs psql as a superuser with the given arguments; tries TCP as "postgres"
# first, then peer authentication over the unix socket.
SUPER_HOW=""
super_psql() {
	local sock_args=()
	[[ -n "$PG_SOCKDIR" ]] && sock_args=(-h "$PG_SOCKDIR")
	case "$SUPER_HOW" in
	tcp) psql -w -X -q -h "$PG_HOST" -p "$PG_PORT" -U postgres "$@" ;;
	runuser) (cd / && runuser -u postgres -- psql -w -X -q ${sock_args[@]+"${sock_args[@]}"} -p "$PG_PORT" "$@") ;;
	sudo) (cd / && sudo -n -u postgres psql -w -X -q ${sock_args[@]+"${sock_args[@]}"} -p "$PG_PORT" "$@") ;;
	self) psql -w -X -q ${sock_args[@]+"${sock_args[@]}"} -p "$PG_PORT" -U "$(id -un)" "$@" ;;
	*) return 1 ;;
	esac
}

find_superuser() {
	local how
	# A server started by an earlier run via pg_start_initdb has its socket
	# in its data dir rather than the default location.
	if [[ -z "$PG_SOCKDIR" && -S "$(initdb_base)/pg-$PG_PORT/.s.PGSQL.$PG_PORT" ]]; then
		PG_SOCKDIR="$(initdb_base)/pg-$PG_PORT"
	fi
	for how in tcp runuser sudo self; do
		# Unix-socket methods would reach whatever runs locally on that
		# port, which is the wrong server when the URL points elsewhere.
		if [[ "$how" != tcp ]] && ! is_local_host "$PG_HOST"; then continue; fi
		case "$how" in
		runuser) if ! ((IS_ROOT)) || ! id postgres >/dev/null 2>&1; then continue; fi ;;
		sudo) if ((IS_ROOT)) || ! have sudo || ! id postgres >/dev/null 2>&1; then continue; fi ;;
		self) if ((IS_ROOT)) || [[ -z "$PG_SOCKDIR" ]]; then continue; fi ;;
		esac
		SUPER_HOW="$how"
		if [[ "$(super_psql -At -d postgres -c 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user' 2>/dev/null)" == t ]]; then
			return 0
		fi
	done
	SUPER_HOW=""
	return 1
}

ensure_role_and_db() {
	local status
	status="$(app_role_status || true)"
	if [[ "$status" == ok ]]; then
		log "role '$PG_USER' can connect to '$PG_DB' with CREATEDB; nothing to do"
		return 0
	fi
	log "role/database need setup (${status//$'\n'/ })"
	take_lock

	find_superuser || die "no superuser access to PostgreSQL on port $PG_PORT (tried: psql -h $PG_HOST -U postgres; runuser -u postgres -- psql). Create it yourself:
  CREATE ROLE \"$PG_USER\" LOGIN CREATEDB PASSWORD '...';
  CREATE DATABASE \"$PG_DB\" OWNER \"$PG_USER\";"
	log "using superuser access via: $SUPER_HOW"

	# psql variables are substituted safely (:'x' literal, :"x" identifier),
	# and \gexec runs each generated statement only when its check passes.
	# The existing-role branch resets LOGIN/CREATEDB/password so the URL works.
	local sql_ok=1
	super_psql -d postgres -v ON_ERROR_STOP=1 \
		-v role="$PG_USER" -v pw="$PG_PASS" -v db="$PG_DB" <<'SQL' || sql_ok=0
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'role', :'pw')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'role', :'pw')
 WHERE EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role' AND NOT rolsuper) \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
	# A database that existed before may belong to someone else; grant just
	# enough to run migrations instead of taking ownership.
	# (psql does not interpolate variables in -c, hence stdin.)
	if ((sql_ok)); then
		super_psql -d "$PG_DB" -v ON_ERROR_STOP=1 -v role="$PG_USER" >/dev/null <<'SQL' || sql_ok=0
GRANT USAGE, CREATE ON SCHEMA public TO :"role";
SQL
	fi

	# A concurrent run may have won a CREATE race; what matters is the result.
	status="$(app_role_status || true)"
	if [[ "$status" != ok ]]; then
		die "role '$PG_USER' still cannot use database '$PG_DB' on $PG_HOST:$PG_PORT: ${status//$'\n'/ }
  (if the server's pg_hba.conf rejects password logins from $PG_HOST, allow them for '$PG_USER'; this script does not rewrite the auth of an existing cluster)"
	fi
	((sql_ok)) || warn "some setup SQL failed, but the role works now (probably a concurrent run)"
	log "role '$PG_USER' (LOGIN CREATEDB) and database '$PG_DB' are ready"
}

check_versions() {
	local major rv
	major="$(pg_server_major || true)"
	if [[ -n "$major" ]] && ((major < MIN_PG_MAJOR)); then
		die "PostgreSQL on $PG_HOST:$PG_PORT is version $major; need >= $MIN_PG_MAJOR"
	fi
	if have redis-cli; then
		rv="$(REDISCLI_AUTH="$REDIS_PASS" with_timeout 3 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ${REDIS_TLS[@]+"${REDIS_TLS[@]}"} \
			${REDIS_USER:+--user "$REDIS_USER"} --no-auth-warning info server 2>/dev/null |
			sed -nE 's/^redis_version:([0-9]+).*/\1/p' || true)"
		if [[ -n "$rv" ]] && ((rv < MIN_REDIS_MAJOR)); then
			die "Redis on $REDIS_HOST:$REDIS_PORT is version $rv; need >= $MIN_REDIS_MAJOR"
		fi
	fi
	local enc
	enc="$(PGPASSWORD="$PG_PASS" psql -w -X -q -At "$(app_conninfo)" -c "SHOW server_encoding" 2>/dev/null || true)"
	[[ -z "$enc" || "$enc" == UTF8 ]] || warn "database '$PG_DB' has encoding $enc; the app expects UTF8 (Chinese text)"
	log "versions: PostgreSQL ${major:-?}, Redis ${rv:-?}"
}

# ---------------------------------------------------------------------------

ensure_pg
ensure_redis
have psql || { apt_install postgresql-client && have psql; } ||
	die "psql is required to create the role/database; install postgresql-client"
# The alert fault test starts (and restarts) a Redis of its own, so the
# binary is needed even where the shared Redis runs elsewhere.
have redis-server || apt_install redis-server || warn "redis-server is not installed; the alert fault test will fail (apt-get install redis-server)"
ensure_role_and_db
check_versions
log "ready"
