"""Checks shared borders in a z/x/y folder of gzip-compressed MVT tiles (issue 6).

Usage: check_borders.py FOLDER ZOOM LAYER

For every tile of ZOOM, decoded with mapbox-vector-tile (PyPI), it finds the *interior* tiles (the
decoded polygons cover at least 99.9 % of the buffered tile, so no outer border runs through the
tile) and there checks:
- edge matching: every polygon edge with both ends inside the tile (0…extent) is walked in the
  opposite direction by exactly one other feature, i.e. neighbours decode to the same integer
  vertices along their shared border (exteriors are clockwise, so neighbours run opposite ways);
- gaps: the tile square minus the union of the polygons, shrunk by half a unit, is empty, i.e. no
  gap is wider than one tile unit.
Prints a JSON summary.
"""
import gzip
import json
import os
import sys
from collections import Counter

import mapbox_vector_tile
from shapely.geometry import Polygon, box, shape
from shapely.ops import unary_union

folder, zoom, layer_name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
summary = {"tiles": 0, "interiorTiles": 0, "edges": 0, "unmatchedEdges": 0, "maxGapWidthOver1": 0,
           "gapTiles": [], "examples": []}
base = os.path.join(folder, str(zoom))
for x in sorted(os.listdir(base), key=int):
    for name in sorted(os.listdir(os.path.join(base, x))):
        y = int(name.split(".")[0])
        with open(os.path.join(base, x, name), "rb") as f:
            data = gzip.decompress(f.read())
        layer = mapbox_vector_tile.decode(data, default_options={"y_coord_down": True})[layer_name]
        extent = layer["extent"]
        summary["tiles"] += 1
        polygons, edges = [], Counter()
        owner = {}
        for feature in layer["features"]:
            geometry = feature["geometry"]
            parts = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
            for part in parts:
                polygons.append(shape({"type": "Polygon", "coordinates": part}).buffer(0))
                for ring in part:
                    pts = [tuple(p) for p in ring]
                    if pts[0] != pts[-1]:
                        pts.append(pts[0])
                    for p, q in zip(pts, pts[1:]):
                        if p != q:
                            edges[(p, q)] += 1
                            owner[(p, q)] = feature["id"]
        buffered = box(-64, -64, extent + 64, extent + 64)
        union = unary_union(polygons)
        if union.intersection(buffered).area < 0.999 * buffered.area:
            continue
        summary["interiorTiles"] += 1
        inside = lambda p: 0 <= p[0] <= extent and 0 <= p[1] <= extent
        for (p, q), count in edges.items():
            if not (inside(p) and inside(q)):
                continue
            summary["edges"] += 1
            partner = edges.get((q, p), 0)
            if count != 1 or partner != 1 or owner.get((q, p)) == owner[(p, q)]:
                summary["unmatchedEdges"] += 1
                if len(summary["examples"]) < 5:
                    summary["examples"].append([zoom, int(x), y, p, q])
        gaps = box(0, 0, extent, extent).difference(union)
        if not gaps.is_empty and not gaps.buffer(-0.5).is_empty:
            summary["maxGapWidthOver1"] += 1
            summary["gapTiles"].append([zoom, int(x), y, round(gaps.area, 2)])
print(json.dumps(summary))
