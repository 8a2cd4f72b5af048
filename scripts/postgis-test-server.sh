#!/usr/bin/env bash
# postgis-test-server.sh — throwaway PostgreSQL 15 + PostGIS server for Quartier's tests.
#
#   postgis-test-server.sh start DIR   initialise a cluster in DIR/data, listen ONLY on a Unix
#                                      socket in DIR, create database "quartier" with PostGIS,
#                                      load Geodata/berlin_lor_2021/berlin_lor_2021.gpkg layer
#                                      planungsraeume_2021 as table planungsraeume_2021, and
#                                      print ONE line on stdout: the GDAL connection string, e.g.
#                                      PG:host=DIR port=54329 dbname=quartier user=postgres
#   postgis-test-server.sh stop DIR    stop it (pg_ctl stop -m fast); exits 0 if nothing runs.
#
# DIR should be a fresh (or empty) directory; it is created if missing. Only diagnostics go to
# stderr; command output is logged to DIR/setup.log and the server log is DIR/postgres.log.
# Works as root (cluster owned by the "postgres" system user, commands via runuser) and as an
# ordinary user (commands run directly). No TCP port is opened (listen_addresses='');
# the port number only names the socket file DIR/.s.PGSQL.<port>.
#
# Column names: ogr2ogr's PostgreSQL driver launders them to lower case by default, so the
# table has plr_id, plr_name, ... (varchar) plus fid and geom (geometry(Polygon,25833)).
# GDAL's field lookup is case-insensitive; in raw SQL use plr_id. Set QUARTIER_PG_KEEP_CASE=1
# to load with -lco LAUNDER=NO instead (columns "PLR_ID", ... as in the GeoPackage).
#
# Environment overrides: QUARTIER_PG_PORT (default 54329),
#                        QUARTIER_PG_BINDIR (default /usr/lib/postgresql/15/bin),
#                        QUARTIER_PG_KEEP_CASE (default 0).
set -euo pipefail

PROG="$(basename "$0")"
PORT="${QUARTIER_PG_PORT:-54329}"
BINDIR="${QUARTIER_PG_BINDIR:-/usr/lib/postgresql/15/bin}"
DBNAME="quartier"
DBUSER="postgres"
LAYER="planungsraeume_2021"
ROOT="$(cd "$(dirname "$0")/.." && pwd -P)"
GPKG="$ROOT/Geodata/berlin_lor_2021/berlin_lor_2021.gpkg"

# Keep stdout for the single result line; everything else goes to stderr.
exec 3>&1 1>&2

die() { echo "$PROG: error: $*" >&2; exit 1; }
note() { echo "$PROG: $*" >&2; }
usage() { echo "usage: $PROG start|stop DIR" >&2; exit 2; }

[ $# -eq 2 ] || usage
CMD="$1"
DIR_ARG="$2"
[ -n "$DIR_ARG" ] || usage
case "$CMD" in start|stop) ;; *) usage ;; esac

IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1

# Run a command as the cluster owner: "postgres" (or the data dir's owner) when we are root.
RUN_AS=""
as_owner() {
    if [ -n "$RUN_AS" ]; then
        (cd "$DIR" && runuser -u "$RUN_AS" -- "$@")
    else
        (cd "$DIR" && "$@")
    fi
}

# ---------------------------------------------------------------------------------------- stop
if [ "$CMD" = stop ]; then
    if [ ! -d "$DIR_ARG" ]; then
        note "nothing to stop: $DIR_ARG does not exist"
        exit 0
    fi
    DIR="$(cd "$DIR_ARG" && pwd -P)"
    DATA="$DIR/data"
    if [ ! -f "$DATA/postmaster.pid" ]; then
        note "nothing running in $DIR"
        exit 0
    fi
    [ -x "$BINDIR/pg_ctl" ] || die "pg_ctl not found in $BINDIR (install postgresql-15 or set QUARTIER_PG_BINDIR)"
    if [ "$IS_ROOT" -eq 1 ]; then
        RUN_AS="$(stat -c %U "$DATA")"
        [ "$RUN_AS" = root ] && die "$DATA is owned by root; cannot run pg_ctl as root"
    fi
    if as_owner "$BINDIR/pg_ctl" status -D "$DATA" </dev/null >/dev/null 2>&1 3>&-; then
        as_owner "$BINDIR/pg_ctl" stop -D "$DATA" -m fast -w -t 30 </dev/null >>"$DIR/setup.log" 2>&1 3>&- \
            || die "pg_ctl stop failed; see $DIR/setup.log and $DIR/postgres.log"
        note "stopped server in $DIR"
    else
        note "no server running in $DIR (stale postmaster.pid ignored)"
    fi
    exit 0
fi

# --------------------------------------------------------------------------------------- start
# Prerequisites
for b in initdb pg_ctl postgres psql; do
    [ -x "$BINDIR/$b" ] || die "PostgreSQL binary $BINDIR/$b not found (install postgresql-15, or set QUARTIER_PG_BINDIR)"
done
SHAREDIR="$("$BINDIR/pg_config" --sharedir 2>/dev/null || echo /usr/share/postgresql/15)"
[ -f "$SHAREDIR/extension/postgis.control" ] \
    || die "PostGIS extension not found ($SHAREDIR/extension/postgis.control missing; install postgresql-15-postgis-3)"
command -v ogr2ogr >/dev/null 2>&1 || die "ogr2ogr (GDAL) not found in PATH (install gdal-bin)"
[ -f "$GPKG" ] || die "GeoPackage not found: $GPKG"
if [ "$IS_ROOT" -eq 1 ]; then
    command -v runuser >/dev/null 2>&1 || die "running as root but runuser is not available"
    id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' system user (initdb refuses to run as root)"
    RUN_AS=postgres
fi

mkdir -p "$DIR_ARG" || die "cannot create $DIR_ARG"
DIR="$(cd "$DIR_ARG" && pwd -P)"
case "$DIR" in
    *[[:space:]\'\",\\]*) die "DIR must not contain whitespace, quotes, commas or backslashes: $DIR" ;;
esac
SOCKET="$DIR/.s.PGSQL.$PORT"
[ "${#SOCKET}" -le 103 ] || die "DIR path too long for a Unix socket (${#SOCKET} > 103 chars): use a shorter DIR, e.g. under /tmp"
DATA="$DIR/data"
if [ -e "$DATA" ] && [ -n "$(ls -A "$DATA" 2>/dev/null)" ]; then
    die "$DATA already exists and is not empty (server already started here?). Use a fresh DIR, or '$PROG stop $DIR' and remove it."
fi
[ -e "$SOCKET" ] && die "socket $SOCKET already exists (another server on this DIR?)"

chmod 755 "$DIR"   # world-traversable so any local user can reach the socket
if [ "$IS_ROOT" -eq 1 ]; then
    chown postgres: "$DIR"
    runuser -u postgres -- test -w "$DIR" -a -x "$DIR" \
        || die "user postgres cannot write to $DIR (is a parent directory not traversable? use a DIR under /tmp)"
fi
LOG="$DIR/setup.log"
: >"$LOG"
[ "$IS_ROOT" -eq 1 ] && chown postgres: "$LOG"

STARTED=0
cleanup_on_error() {
    rc=$?
    if [ "$rc" -ne 0 ]; then
        note "start failed (exit $rc); last lines of $LOG:"
        tail -n 20 "$LOG" >&2 || true
        if [ "$STARTED" -eq 1 ]; then
            as_owner "$BINDIR/pg_ctl" stop -D "$DATA" -m immediate -w </dev/null >>"$LOG" 2>&1 3>&- || true
        fi
    fi
}
trap cleanup_on_error EXIT

# Children never get fd 3 (our real stdout): a server inheriting it would keep $(...) waiting forever.
log_run() { echo "+ $*" >>"$LOG"; "$@" </dev/null >>"$LOG" 2>&1 3>&-; }

# 1. initdb (trust auth, superuser "postgres", no fsync: throwaway)
log_run as_owner "$BINDIR/initdb" -D "$DATA" -U "$DBUSER" -A trust -E UTF8 --locale=C --no-sync --no-instructions \
    || die "initdb failed"

# 2. socket-only configuration, tuned for speed over durability
cat >>"$DATA/postgresql.conf" <<EOF

# --- quartier postgis-test-server.sh ---
listen_addresses = ''
unix_socket_directories = '$DIR'
unix_socket_permissions = 0777
port = $PORT
max_connections = 50
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

# 3. start
log_run as_owner "$BINDIR/pg_ctl" start -D "$DATA" -l "$DIR/postgres.log" -w -t 30 -s \
    || die "pg_ctl start failed; see $DIR/postgres.log"
STARTED=1

# 4. database + PostGIS
PSQL=("$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR" -p "$PORT" -U "$DBUSER")
log_run as_owner "${PSQL[@]}" -d postgres -c "CREATE DATABASE $DBNAME" || die "CREATE DATABASE failed"
log_run as_owner "${PSQL[@]}" -d "$DBNAME" -c "CREATE EXTENSION postgis" || die "CREATE EXTENSION postgis failed"

# 5. load the Planungsräume (EPSG:25833 kept, String fields -> varchar)
CONN="PG:host=$DIR port=$PORT dbname=$DBNAME user=$DBUSER"
LAUNDER=YES
[ "${QUARTIER_PG_KEEP_CASE:-0}" = 1 ] && LAUNDER=NO
log_run ogr2ogr -f PostgreSQL "$CONN" "$GPKG" "$LAYER" -nln "$LAYER" \
    -lco GEOMETRY_NAME=geom -lco FID=fid -lco SPATIAL_INDEX=GIST -lco LAUNDER=$LAUNDER \
    || die "ogr2ogr load of $LAYER failed"
log_run as_owner "${PSQL[@]}" -d "$DBNAME" -c "ANALYZE $LAYER" || die "ANALYZE failed"

trap - EXIT
echo "$CONN" >&3
