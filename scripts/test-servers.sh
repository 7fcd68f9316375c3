#!/usr/bin/env bash
# Real Redis and PostgreSQL servers for the tests of ape-redis, ape-audit-jdbc and ape-bench.
#
#   scripts/test-servers.sh start    start both on free loopback ports, print the env (below)
#   scripts/test-servers.sh env      print the env of the running servers
#   scripts/test-servers.sh status   say whether they run
#   scripts/test-servers.sh stop     stop both and delete their data
#
# Typical use:   eval "$(scripts/test-servers.sh start)"; mvn -B verify; scripts/test-servers.sh stop
#
# Needs Debian's packages `redis-server` and `postgresql` (apt-get install -y redis-server
# postgresql); uses their binaries only, never their system services. Everything lives in
# .test-servers/ at the root of the repository (ignored by git): Redis without persistence
# (--save ''), PostgreSQL in a fresh cluster (initdb) that listens on 127.0.0.1 only, with trust
# authentication for 127.0.0.1 and its private Unix socket only. PostgreSQL refuses to run as
# root: as root the script runs initdb and pg_ctl as the `postgres` user the package created.
#
# The env printed (the variables the tests read):
#   APETEST_REDIS_URI      redis://127.0.0.1:PORT
#   APETEST_PG_URL         jdbc:postgresql://127.0.0.1:PORT/ape
#   APETEST_PG_USER        ape (trust authentication: no password)
#   APETEST_REDIS_SERVER   the redis-server binary (tests that kill and restart a server start their own)
#   APETEST_PG_BIN         the directory of initdb and pg_ctl (likewise)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/.test-servers"
state="$dir/state.env"

die() { echo "test-servers: $*" >&2; exit 1; }

redis_server() { command -v redis-server || { [ -x /usr/bin/redis-server ] && echo /usr/bin/redis-server; } || true; }
pg_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return; fi
  done
}

free_port() { # a TCP port on 127.0.0.1 that nothing listens on
  local p i
  for i in $(seq 1 200); do
    p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  die "no free port found on 127.0.0.1"
}

as_pg() { # runs a PostgreSQL tool: as the postgres user when we are root
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

print_env() {
  [ -f "$state" ] || die "not running (no $state); run: $0 start"
  # shellcheck disable=SC1090
  . "$state"
  echo "export APETEST_REDIS_URI=redis://127.0.0.1:$REDIS_PORT"
  echo "export APETEST_PG_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/ape"
  echo "export APETEST_PG_USER=ape"
  echo "export APETEST_REDIS_SERVER=$REDIS_BIN"
  echo "export APETEST_PG_BIN=$PG_BIN"
}

running() {
  [ -f "$state" ] || return 1
  # shellcheck disable=SC1090
  . "$state"
  [ -f "$REDIS_DIR/redis.pid" ] && kill -0 "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null \
    && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

start() {
  if running; then print_env; return; fi
  stop_quietly
  local rbin pbin rport pport rdir pdata
  rbin="$(redis_server)"; [ -n "$rbin" ] || die "redis-server not found (apt-get install -y redis-server)"
  pbin="$(pg_bin)"; [ -n "$pbin" ] || die "PostgreSQL not found under /usr/lib/postgresql (apt-get install -y postgresql)"
  mkdir -p "$dir"
  echo '*' > "$dir/.gitignore"
  rdir="$dir/redis"; mkdir -p "$rdir"
  rport="$(free_port)"
  "$rbin" --port "$rport" --bind 127.0.0.1 --dir "$rdir" --save '' --appendonly no \
    --daemonize yes --pidfile "$rdir/redis.pid" --logfile "$rdir/redis.log" >/dev/null \
    || die "redis-server did not start (see $rdir/redis.log)"

  # PostgreSQL: the data directory must belong to the user that runs the server.
  pdata="$dir/pg"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root, but there is no 'postgres' user to run PostgreSQL"
    mkdir -p "$pdata"; chown postgres: "$pdata"; chmod 700 "$pdata"
    if ! runuser -u postgres -- test -w "$pdata"; then
      # The repository's folders are not reachable by postgres: fall back to a private temp dir.
      rmdir "$pdata"; pdata="$(mktemp -d /tmp/ape-test-pg.XXXXXX)"; chown postgres: "$pdata"
    fi
  else
    mkdir -p "$pdata"; chmod 700 "$pdata"
  fi
  pport="$(free_port)"
  cat > "$state" <<EOF
REDIS_BIN=$rbin
REDIS_PORT=$rport
REDIS_DIR=$rdir
PG_BIN=$pbin
PG_PORT=$pport
PG_DATA=$pdata
EOF
  as_pg "$pbin/initdb" -D "$pdata" -U ape -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || die "initdb failed (see $dir/initdb.log)"
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' > "$pdata/pg_hba.conf"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$pdata/pg_hba.conf"
  as_pg "$pbin/pg_ctl" -D "$pdata" -w -t 60 -l "$pdata/server.log" \
    -o "-p $pport -c listen_addresses=127.0.0.1 -k $pdata -c fsync=on" start >/dev/null \
    || die "PostgreSQL did not start (see $pdata/server.log)"
  as_pg "$pbin/psql" -h 127.0.0.1 -p "$pport" -U ape -d postgres -q -c 'CREATE DATABASE ape' >/dev/null \
    || die "could not create the database 'ape'"
  wait_redis "$rbin" "$rport"
  print_env
}

wait_redis() {
  local cli i; cli="$(dirname "$1")/redis-cli"
  [ -x "$cli" ] || return 0
  for i in $(seq 1 100); do
    if [ "$("$cli" -h 127.0.0.1 -p "$2" ping 2>/dev/null)" = "PONG" ]; then return 0; fi
    sleep 0.1
  done
  die "redis-server does not answer on port $2"
}

stop_quietly() {
  [ -f "$state" ] || return 0
  # shellcheck disable=SC1090
  . "$state"
  if [ -f "$REDIS_DIR/redis.pid" ]; then
    kill "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null || true
  fi
  if [ -d "$PG_DATA" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 30 stop >/dev/null 2>&1 || true
    case "$PG_DATA" in /tmp/ape-test-pg.*) rm -rf "$PG_DATA" ;; esac
  fi
  rm -rf "$dir/redis" "$dir/pg" "$state"
}

case "${1:-}" in
  start) start ;;
  env) print_env ;;
  status) if running; then echo "running"; print_env; else echo "not running"; exit 1; fi ;;
  stop) stop_quietly; echo "test-servers: stopped" >&2 ;;
  *) echo "usage: $0 start|env|status|stop" >&2; exit 2 ;;
esac
