#!/usr/bin/env bash
# The whole test suite against a throwaway PostgreSQL server: install PostgreSQL with
# apt-get when missing, initdb into a temporary directory, start it on a free local port
# (its Unix socket in that directory too), run pytest with DATABASE_URL pointing at it,
# and stop it and delete the directory however pytest ends. Arguments go to pytest.
#
# PostgreSQL refuses to run as root: under root (CI) the server runs as the `postgres`
# user that Debian's package creates, owning the temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."

pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

bindir="$(pg_bindir)"
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
	echo "Installing PostgreSQL (apt-get)"
	sudo=""; [ "$(id -u)" = "0" ] || sudo="sudo"
	$sudo apt-get update -qq
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql
	bindir="$(pg_bindir)"
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/connector-wizard-pg.XXXXXX")"
as_server=()
if [ "$(id -u)" = "0" ]; then
	chown postgres: "$tmp"
	as_server=(runuser -u postgres --)
fi
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
password="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"

stop() {
	"${as_server[@]}" "$bindir/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap stop EXIT

printf '%s\n' "$password" > "$tmp/pwfile"
[ "$(id -u)" = "0" ] && chown postgres: "$tmp/pwfile"
"${as_server[@]}" "$bindir/initdb" -D "$tmp/data" -U wizard --pwfile="$tmp/pwfile" \
	-A scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
rm -f "$tmp/pwfile"
# fsync off: a throwaway server, speed over durability.
"${as_server[@]}" "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -s \
	-o "-h 127.0.0.1 -p $port -k $tmp -c fsync=off -c full_page_writes=off" start

echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
DATABASE_URL="postgres://wizard:$password@127.0.0.1:$port/postgres" .venv/bin/pytest "$@"
