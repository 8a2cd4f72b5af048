#!/usr/bin/env bash
# Installs the Debian 12 packages Quartier needs, only when something is missing.
#   GDAL + PROJ (headers and tools), SQLite, GLPK (the disclosure audit's LP solver), pkg-config, and PostgreSQL 15 + PostGIS 3 and curl for the tests
#   (the server test talks to a running `quartier serve` with curl).
#   With --test also Chromium and its WebDriver, for the test that renders the published MapLibre style,
#   poppler-utils (pdftotext, pdfinfo) for the test of the area profiles' PDF, and python3-qgis (QGIS 3.22, for
#   the system python /usr/bin/python3) for the tests that use QGIS as a client: its OAPIF provider and its
#   MapBox GL style converter on the published QGIS styles.
# Runs apt-get directly as root, through sudo otherwise.
set -euo pipefail

packages=(libgdal-dev libproj-dev libsqlite3-dev zlib1g-dev libglpk-dev libpq-dev gdal-bin pkg-config postgresql-15-postgis-3 curl)

missing=()
pkg-config --exists gdal 2>/dev/null || missing+=(libgdal-dev)
pkg-config --exists proj 2>/dev/null || missing+=(libproj-dev)
pkg-config --exists sqlite3 2>/dev/null || missing+=(libsqlite3-dev)
pkg-config --exists zlib 2>/dev/null || missing+=(zlib1g-dev)
pkg-config --exists libpq 2>/dev/null || missing+=(libpq-dev)
[ -f /usr/include/glpk.h ] || missing+=(libglpk-dev)
command -v ogr2ogr >/dev/null 2>&1 || missing+=(gdal-bin)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
command -v curl >/dev/null 2>&1 || missing+=(curl)
[ -x /usr/lib/postgresql/15/bin/initdb ] && [ -f /usr/share/postgresql/15/extension/postgis.control ] \
    || missing+=(postgresql-15-postgis-3)
if [ "${1:-}" = "--test" ]; then
    packages+=(chromium chromium-driver poppler-utils python3-qgis)
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
    command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
    [ -d /usr/lib/python3/dist-packages/qgis ] || missing+=(python3-qgis)
fi

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "install-deps: installing ${packages[*]} (missing: ${missing[*]})" >&2
if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "install-deps: run as root: apt-get install -y ${packages[*]}" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
# The Debian package starts a cluster on port 5432; the tests run their own on a private socket.
echo "install-deps: done" >&2
