"""Decodes every tile of a PMTiles archive (python `pmtiles` + `mapbox_vector_tile`) and prints a JSON
summary: per zoom the set of ids found in the id property, tile count, and whether every decoded
coordinate lies within the clip buffer. Used by Tests/QuartierServiceTests/TilesCommandTests.swift."""
import gzip, json, sys
from pmtiles.reader import Reader, MmapSource, all_tiles
import mapbox_vector_tile

path, id_field = sys.argv[1], sys.argv[2]
with open(path, "r+b") as f:
    reader = Reader(MmapSource(f))
    header = reader.header()
    ids, tiles, outside, errors = {}, 0, 0, 0
    for (z, x, y), data in all_tiles(reader.get_bytes):
        tiles += 1
        try:
            tile = mapbox_vector_tile.decode(gzip.decompress(data), default_options={"y_coord_down": True})
        except Exception:
            errors += 1
            continue
        for layer in tile.values():
            for feature in layer["features"]:
                ids.setdefault(z, set()).add(feature["properties"].get(id_field))
                geom = feature["geometry"]
                def walk(c):
                    global outside
                    if isinstance(c[0], (int, float)):
                        if not (-64 <= c[0] <= 4160 and -64 <= c[1] <= 4160):
                            outside += 1
                    else:
                        for d in c:
                            walk(d)
                walk(geom["coordinates"])
    print(json.dumps({"tiles": tiles, "errors": errors, "outside": outside,
                      "minZoom": header["min_zoom"], "maxZoom": header["max_zoom"],
                      "ids": {str(z): sorted(str(i) for i in v) for z, v in ids.items()}}))
