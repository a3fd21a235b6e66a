#!/usr/bin/env bash
# Makes a PostgreSQL server available for the tests and prints its admin URL on the
# last line of stdout (everything else goes to stderr). Source of the URL, in order:
#   1. $SUMMIT_TEST_POSTGRES_URL, if set (it must work: no silent fallback);
#   2. the local server on 127.0.0.1:5432 (user postgres, trust auth), if it answers;
#   3. otherwise a throwaway cluster: installs Debian's postgresql if missing, creates
#      a cluster under $TMPDIR on port 55432 and starts it (it is stopped when the
#      machine's session ends; nothing is cached).
# It never gives up quietly: if none of these works it exits non-zero.
set -euo pipefail

log() { echo "postgres: $*" >&2; }

reachable() {
  psql "$1" -Atqc "select 1" >/dev/null 2>&1
}

if [ -n "${SUMMIT_TEST_POSTGRES_URL:-}" ]; then
  if ! command -v psql >/dev/null || ! reachable "$SUMMIT_TEST_POSTGRES_URL"; then
    log "SUMMIT_TEST_POSTGRES_URL is set but not reachable: $SUMMIT_TEST_POSTGRES_URL"
    exit 1
  fi
  echo "$SUMMIT_TEST_POSTGRES_URL"
  exit 0
fi

LOCAL="postgres://postgres@127.0.0.1:5432/postgres"
if command -v psql >/dev/null && reachable "$LOCAL"; then
  log "using the local server on 127.0.0.1:5432"
  echo "$LOCAL"
  exit 0
fi

# A throwaway cluster of our own.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  log "installing Debian's postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
PORT=55432
DIR="${TMPDIR:-/tmp}/summit-test-pg"
THROWAWAY="postgres://postgres@127.0.0.1:$PORT/postgres"
if reachable "$THROWAWAY"; then
  log "reusing the throwaway cluster on port $PORT"
  echo "$THROWAWAY"
  exit 0
fi
log "starting a throwaway cluster in $DIR on port $PORT"
rm -rf "$DIR"
mkdir -p "$DIR"
# PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
RUN=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home "$DIR" postgres
  chown postgres "$DIR"
  RUN=(runuser -u postgres --)
fi
"${RUN[@]}" "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust >&2
"${RUN[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1" start >&2
reachable "$THROWAWAY" || { log "the throwaway cluster did not come up (see $DIR/log)"; exit 1; }
echo "$THROWAWAY"
