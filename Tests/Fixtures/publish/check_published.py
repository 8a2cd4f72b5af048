"""Checks the suppression invariants in every published file of a folder (PublishTests).

Usage: check_published.py FOLDER NAME MIN_COUNT COUNT_FIELD[,…] DERIVED_FIELD[,…]
Prints JSON: {"violations": [...], "suppressed": {"geojson": n, "csv": n, "tiles": n}, "tileFeatures": n}.
A violation is a value below MIN_COUNT in a count field, or a number in a derived field of an area
whose count is suppressed, in GeoJSON, CSV, the decoded vector tiles or the TileJSON statistics.
"""
import csv
import gzip
import json
import sys

import mapbox_vector_tile
from pmtiles.reader import MmapSource, Reader, all_tiles

folder, name, minimum = sys.argv[1], sys.argv[2], float(sys.argv[3])
counts, derived = sys.argv[4].split(","), sys.argv[5].split(",")
violations, suppressed = [], {"geojson": 0, "csv": 0, "tiles": 0}


def check(where, props, number, status):
    """props: one area; number(field) → float or None; status(field) → reason or None."""
    hidden = False
    for field in counts:
        value = number(field)
        if value is not None and value < minimum:
            violations.append(f"{where}: {field} = {value}")
        if value is None and status(field) == "suppressed":
            hidden = True
    if hidden:
        suppressed[where.split(":")[0]] += 1
        for field in derived:
            if number(field) is not None:
                violations.append(f"{where}: derived {field} = {number(field)} beside a suppressed count")


with open(f"{folder}/{name}.geojson", encoding="utf-8") as f:
    for feature in json.load(f)["features"]:
        p = feature["properties"]
        check(f"geojson:{p['PLR_ID']}", p, lambda k: p.get(k), lambda k: p.get(k + "_status"))

with open(f"{folder}/{name}.csv", encoding="utf-8-sig", newline="") as f:
    for row in csv.DictReader(f, delimiter=";"):
        def number(k, row=row):
            text = row.get(k, "")
            return float(text.replace(",", ".")) if text else None
        check(f"csv:{row['PLR_ID']}", row, number, lambda k, row=row: row.get(k + "_status") or None)

tile_features = 0
with open(f"{folder}/tiles.pmtiles", "rb") as f:
    reader = Reader(MmapSource(f))
    for (z, x, y), data in all_tiles(reader.get_bytes):
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        for layer_name, layer in mapbox_vector_tile.decode(data).items():
            for feature in layer["features"]:
                tile_features += 1
                p = feature["properties"]
                number = lambda k, p=p: float(p[k]) if isinstance(p.get(k), (int, float)) else None
                check(f"tiles:{z}/{x}/{y}:{p.get('PLR_ID')}", p, number, lambda k, p=p: p.get(k + "_status"))
                # A count field missing from the tile without a status would hide nothing; with none at all,
                # the derived fields must be absent whenever the count is absent.
                for field in counts:
                    if field not in p:
                        for d in derived:
                            if d in p:
                                violations.append(f"tiles:{z}/{x}/{y}: {d} present while {field} is absent")

with open(f"{folder}/tilejson.json", encoding="utf-8") as f:
    tilejson = json.load(f)
for indicator in tilejson.get("quartier:indicators", []):
    if indicator["field"] in counts and any(b < minimum for b in indicator["breaks"]):
        violations.append(f"tilejson: breaks of {indicator['field']} below {minimum}: {indicator['breaks']}")

print(json.dumps({"violations": violations[:50], "suppressed": suppressed, "tileFeatures": tile_features}))
