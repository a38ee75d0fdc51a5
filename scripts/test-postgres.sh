#!/usr/bin/env bash
# A throwaway PostgreSQL for the test suite: `start DIR PORT` initialises and starts a cluster
# in DIR listening on 127.0.0.1:PORT only (trust auth, loopback), `stop DIR` stops and removes it.
# PostgreSQL refuses to run as root, so as root the cluster runs as the postgres user.
set -euo pipefail

find_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$dir" ] && command -v initdb >/dev/null 2>&1; then dir=$(dirname "$(readlink -f "$(command -v initdb)")"); fi
  echo "$dir"
}

ensure_installed() {
  if [ -z "$(find_bin)" ]; then
    echo "PostgreSQL ontbreekt; installeren met apt-get…" >&2
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
  fi
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd=${1:?usage: test-postgres.sh start DIR PORT | stop DIR}
dir=${2:?DIR missing}
case "$cmd" in
  start)
    port=${3:?PORT missing}
    ensure_installed
    bin=$(find_bin)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C >"$dir/initdb.log" 2>&1
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    bin=$(find_bin)
    if [ -d "$dir/data" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *) echo "usage: test-postgres.sh start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
