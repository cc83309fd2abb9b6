#!/bin/sh
# A throwaway PostgreSQL 15 + PostGIS server for the tests, in a folder of its own.
#
#   build-aux/pg-test-cluster.sh start DIR [--ssl]   create (or restart) the cluster in DIR
#   build-aux/pg-test-cluster.sh env DIR             print shell exports for it
#   build-aux/pg-test-cluster.sh stop DIR            stop it; always safe, even twice
#
# A caller runs it like this and removes DIR afterwards (stop leaves the log in DIR/log):
#
#   dir=$(mktemp -d)
#   trap 'build-aux/pg-test-cluster.sh stop "$dir"; rm -rf "$dir"' EXIT
#   build-aux/pg-test-cluster.sh start "$dir"
#   eval "$(build-aux/pg-test-cluster.sh env "$dir")"
#
# The server runs as the calling user, or as the system user tl-pgtest (created on first use)
# when called as root, since PostgreSQL refuses to run as root.  It listens on 127.0.0.1 only,
# on the first free port from 54320 upward, with its socket in DIR/socket.  TLS is off unless
# --ssl is given (a self-signed certificate, made with openssl).
#
# Database truceline_test, with PostGIS, owned by tl_writer.  Roles:
#   postgres    superuser (trust)
#   tl_writer   owner of the database and of its public schema (trust)
#   tl_reader   LOGIN, SELECT only, on what tl_writer creates now and later (trust)
#   tl_secret   LOGIN, SELECT only, password $TL_TEST_PG_SECRET_PASSWORD checked with
#               scram-sha-256 on its own pg_hba.conf lines, so a wrong password is refused
set -eu

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
SYSTEM_USER=tl-pgtest
FIRST_PORT=54320
LAST_PORT=54399
DATABASE=truceline_test
SECRET_PASSWORD=tl-secret-password

# The caller's libpq settings must not leak into the set-up connections.
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGPASSWORD PGPASSFILE PGSERVICE \
      PGSERVICEFILE PGSSLMODE PGOPTIONS 2>/dev/null || true

usage ()
{
  echo "usage: $0 start DIR [--ssl] | env DIR | stop DIR" >&2
  exit 2
}

die ()
{
  echo "pg-test-cluster: $*" >&2
  exit 1
}

# Run a command as the user who owns the cluster.
as_owner ()
{
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$SYSTEM_USER" -- "$@"
  else
    "$@"
  fi
}

ensure_system_user ()
{
  [ "$(id -u)" -eq 0 ] || return 0
  if ! id "$SYSTEM_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
      "$SYSTEM_USER"
  fi
}

port_in_use ()
{
  # pg_isready exits 2 when nothing answers on the port.
  status=0
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$1" -t 2 || status=$?
  [ "$status" -ne 2 ]
}

running ()
{
  [ -f "$dir/data/postmaster.pid" ] && as_owner "$PG_BIN/pg_ctl" status -D "$dir/data" >/dev/null 2>&1
}

psql_admin ()
{
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir/socket" -p "$(cat "$dir/port")" -U postgres "$@"
}

make_certificate ()
{
  command -v openssl >/dev/null 2>&1 || die "--ssl needs openssl"
  openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj /CN=localhost \
    -keyout "$dir/data/server.key" -out "$dir/data/server.crt" >/dev/null 2>&1 \
    || die "openssl could not make a certificate"
  chmod 600 "$dir/data/server.key"
  if [ "$(id -u)" -eq 0 ]; then
    chown "$SYSTEM_USER" "$dir/data/server.key" "$dir/data/server.crt"
  fi
}

write_settings ()
{
  port=$1
  ssl=off
  [ "$want_ssl" = yes ] && ssl=on
  # A throwaway cluster: no fsync, so a start and each commit stay cheap.  A killed client
  # still leaves the database consistent; only an operating-system crash could lose data.
  as_owner tee "$dir/data/truceline-test.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/socket'
ssl = $ssl
password_encryption = 'scram-sha-256'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 60
log_line_prefix = '%m [%p] %u@%d '
EOF
}

write_hba ()
{
  # The first matching line wins, so tl_secret's password lines come before the trust lines.
  as_owner tee "$dir/data/pg_hba.conf" >/dev/null <<EOF
# TYPE  DATABASE  USER       ADDRESS        METHOD
local   all       tl_secret                 scram-sha-256
host    all       tl_secret  127.0.0.1/32   scram-sha-256
local   all       all                       trust
host    all       all        127.0.0.1/32   trust
EOF
}

create_roles_and_database ()
{
  psql_admin -d postgres <<EOF
CREATE ROLE tl_writer LOGIN;
CREATE ROLE tl_reader LOGIN;
CREATE ROLE tl_secret LOGIN PASSWORD '$SECRET_PASSWORD';
CREATE DATABASE $DATABASE OWNER tl_writer;
EOF
  psql_admin -d "$DATABASE" <<EOF
CREATE EXTENSION postgis;
GRANT CONNECT ON DATABASE $DATABASE TO tl_reader, tl_secret;
GRANT USAGE ON SCHEMA public TO tl_reader, tl_secret;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO tl_reader, tl_secret;
ALTER DEFAULT PRIVILEGES FOR ROLE tl_writer GRANT USAGE ON SCHEMAS TO tl_reader, tl_secret;
ALTER DEFAULT PRIVILEGES FOR ROLE tl_writer GRANT SELECT ON TABLES TO tl_reader, tl_secret;
EOF
}

start ()
{
  want_ssl=no
  case "${1:-}" in
    "") ;;
    --ssl) want_ssl=yes ;;
    *) usage ;;
  esac

  case "$dir" in
    *[\'\"\\\ ]*) die "DIR may not contain quotes, backslashes or spaces" ;;
    /*) ;;
    *) dir="$(pwd -P)/$dir" ;;
  esac
  # A Unix socket path is limited to 107 bytes.
  socket_path="$dir/socket/.s.PGSQL.$LAST_PORT"
  [ "${#socket_path}" -le 107 ] || die "$dir is too long a path for a socket; use a shorter one"
  ensure_system_user
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd -P)
  if [ "$(id -u)" -eq 0 ]; then
    chown "$SYSTEM_USER" "$dir"
    runuser -u "$SYSTEM_USER" -- test -w "$dir" \
      || die "user $SYSTEM_USER cannot reach $dir (a parent folder is closed to it); use one under /tmp"
  fi
  # Postgres and initdb want a current directory they may read.
  cd "$dir"

  if running; then
    echo "pg-test-cluster: already running in $dir on port $(cat "$dir/port")" >&2
    return 0
  fi

  fresh=no
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    fresh=yes
    as_owner mkdir -p "$dir/socket" "$dir/log"
    as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 \
      --locale=C.UTF-8 --no-sync --no-instructions >"$dir/log/initdb.log" 2>&1 \
      || die "initdb failed, see $dir/log/initdb.log"
    echo "include 'truceline-test.conf'" | as_owner tee -a "$dir/data/postgresql.conf" >/dev/null
    write_hba
  fi
  if [ "$want_ssl" = yes ] && [ ! -f "$dir/data/server.crt" ]; then
    make_certificate
  fi

  port=$FIRST_PORT
  while :; do
    [ "$port" -le "$LAST_PORT" ] || die "no free port from $FIRST_PORT to $LAST_PORT"
    if ! port_in_use "$port"; then
      write_settings "$port"
      log_lines=0
      [ -f "$dir/log/postgres.log" ] && log_lines=$(wc -l <"$dir/log/postgres.log")
      # pg_ctl -w fails if the server exits, e.g. when another process took the port first.
      if as_owner "$PG_BIN/pg_ctl" start -D "$dir/data" -l "$dir/log/postgres.log" -w -t 60 \
           >/dev/null 2>&1; then
        break
      fi
      tail -n "+$((log_lines + 1))" "$dir/log/postgres.log" | grep -q "could not bind" \
        || die "the server did not start, see $dir/log/postgres.log"
    fi
    port=$((port + 1))
  done
  echo "$port" >"$dir/port"

  if [ "$fresh" = yes ]; then
    create_roles_and_database
  fi
  echo "pg-test-cluster: running in $dir on 127.0.0.1 port $port" >&2
}

print_env ()
{
  [ -f "$dir/port" ] || die "no cluster in $dir (run start first)"
  dir=$(cd "$dir" && pwd -P)
  port=$(cat "$dir/port")
  conn="host=127.0.0.1 port=$port dbname=$DATABASE"
  cat <<EOF
export PGHOST='127.0.0.1'
export PGPORT='$port'
export PGDATABASE='$DATABASE'
export PGUSER='tl_writer'
export TL_TEST_PG_SOCKET_DIR='$dir/socket'
export TL_TEST_PG='PG:$conn user=tl_writer'
export TL_TEST_PG_ADMIN='PG:$conn user=postgres'
export TL_TEST_PG_READER='PG:$conn user=tl_reader'
export TL_TEST_PG_SECRET='PG:$conn user=tl_secret'
export TL_TEST_PG_SECRET_PASSWORD='$SECRET_PASSWORD'
EOF
}

stop ()
{
  [ -f "$dir/data/postmaster.pid" ] || return 0
  dir=$(cd "$dir" && pwd -P)
  cd "$dir"
  if [ "$(id -u)" -eq 0 ] && ! id "$SYSTEM_USER" >/dev/null 2>&1; then
    return 0
  fi
  as_owner "$PG_BIN/pg_ctl" stop -D "$dir/data" -m fast -w -t 30 >/dev/null 2>&1 \
    || as_owner "$PG_BIN/pg_ctl" stop -D "$dir/data" -m immediate -w -t 30 >/dev/null 2>&1 \
    || true
  rm -f "$dir/port"
}

[ $# -ge 2 ] || usage
command=$1
dir=$2
shift 2
case "$command" in
  start) start "$@" ;;
  env) [ $# -eq 0 ] || usage; print_env ;;
  stop) [ $# -eq 0 ] || usage; stop ;;
  *) usage ;;
esac
