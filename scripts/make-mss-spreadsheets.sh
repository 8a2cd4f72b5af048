#!/usr/bin/env bash
# Rebuild Geodata/berlin_mss_2021/mss_2021.{xlsx,ods} from mss_2021.csv with GDAL's ogr2ogr.
# Numeric columns become numeric cells (types autodetected by the CSV driver);
# PLR_ID is forced to String so "01100101" keeps its leading zero.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/Geodata/berlin_mss_2021"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cp "$DIR/mss_2021.csv" "$TMP/mss_2021.csv"
# 1. let GDAL autodetect the column types, 2. write them to a .csvt sidecar with PLR_ID=String
ogrinfo -ro -al -so -oo AUTODETECT_TYPE=YES "$TMP/mss_2021.csv" \
  | sed -n 's/^\([A-Za-z0-9_]*\): \(String\|Integer\|Integer64\|Real\) (.*$/\1 \2/p' \
  | awk '$1=="PLR_ID"{$2="String"} {printf "%s\"%s\"", (NR>1?",":""), $2} END{print ""}' \
  > "$TMP/mss_2021.csvt"
echo "csvt: $(cat "$TMP/mss_2021.csvt")" >&2
rm -f "$DIR/mss_2021.xlsx" "$DIR/mss_2021.ods"
ogr2ogr -f XLSX "$DIR/mss_2021.xlsx" "$TMP/mss_2021.csv" -oo AUTODETECT_TYPE=YES -nln mss_2021
ogr2ogr -f ODS  "$DIR/mss_2021.ods"  "$TMP/mss_2021.csv" -oo AUTODETECT_TYPE=YES -nln mss_2021
