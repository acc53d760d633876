#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server (Debian's package):
#   scripts/ci_postgres.sh make test
# installs postgresql with apt-get if it is missing, initialises a cluster in a temporary folder (as the
# postgres user when run as root), starts it on a free loopback port, runs the command with
# GOTOGETHER_TEST_DATABASE_URL set, then stops the server and deletes the folder. Exit status: the command's.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 64
fi

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "$(pg_bin)" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "PostgreSQL is not installed and installing it needs root: apt-get install postgresql" >&2
        exit 69
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
BIN="$(pg_bin)"

WORK="$(mktemp -d -t gotogether-pg.XXXXXX)"
as_owner() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
    # initdb refuses to run as root: the cluster belongs to the postgres user the package created.
    chown postgres: "$WORK"
    as_owner() { runuser -u postgres -- "$@"; }
fi
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

stop() {
    as_owner "$BIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap stop EXIT

as_owner "$BIN/initdb" -D "$WORK/data" -U gotogether -A trust --no-sync -E UTF8 >/dev/null
as_owner "$BIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w -o \
    "-c listen_addresses=127.0.0.1 -p $PORT -k $WORK -c fsync=off -c full_page_writes=off" start >/dev/null
as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U gotogether gotogether_test

export GOTOGETHER_TEST_DATABASE_URL="postgresql+psycopg://gotogether@127.0.0.1:$PORT/gotogether_test"
echo "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT for: $*" >&2
status=0
"$@" || status=$?
exit "$status"
