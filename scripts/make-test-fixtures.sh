#!/usr/bin/env bash
# Rebuild the bad-input fixtures in Tests/Fixtures/ (see Tests/Fixtures/README.md).
# Needs GDAL (ogr2ogr) and Geodata/berlin_lor_2021/berlin_lor_2021.gpkg.
# invalid-geometries.geojson is hand-written and committed; this script only re-creates the others.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd -P)"
FIX="$ROOT/Tests/Fixtures"
LOR="$ROOT/Geodata/berlin_lor_2021/berlin_lor_2021.gpkg"
cd "$FIX"

# 1. a plain text file with a .gpkg extension
printf 'This is not a GeoPackage.\nIt is a plain UTF-8 text file renamed to .gpkg; opening it as GeoPackage/SQLite must fail with a clear error.\n' \
  > not-a-geopackage.gpkg

# 2. Shapefile without .prj: the first 5 Planungsräume (layer order) with PLR_ID, PLR_NAME
rm -rf no-prj && mkdir no-prj
ogr2ogr -f "ESRI Shapefile" no-prj/areas.shp "$LOR" planungsraeume_2021 \
  -select PLR_ID,PLR_NAME -limit 5 -nln areas
rm -f no-prj/areas.prj

# 3. GeoPackage with an empty Polygon layer "areas" (EPSG:25833, PLR_ID String)
rm -f empty-layer.gpkg
ogr2ogr -f GPKG empty-layer.gpkg "$LOR" planungsraeume_2021 \
  -select PLR_ID -where "1=0" -nln areas -nlt POLYGON

ls -l "$FIX" "$FIX/no-prj" >&2
