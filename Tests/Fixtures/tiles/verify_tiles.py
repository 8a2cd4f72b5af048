"""Checks a PMTiles archive with the reference python `pmtiles` reader and compares its tiles byte for
byte with a z/x/y folder and, optionally, an MBTiles tileset (python's sqlite3, TMS rows flipped).

usage: verify_tiles.py ARCHIVE.pmtiles ZXY_FOLDER [TILESET.mbtiles]

Prints JSON: the header, the metadata, `failures` (a list of broken directory rules, empty when the
archive is sound), tile and directory counts, and per copy the tiles missing, extra or different.
Directory rules checked (PMTiles v3 spec §3, §4): magic and version (by the reader), header + root
within the first 16,384 bytes, sections in order without overlap, entry tile ids strictly increasing
across the whole traversal, each leaf's first id not below its root entry's id, tile entries inside
the data section, the header's addressed/entries/contents counters, clustered data (contents laid out
back to back in tile-id order), and `Reader.get` (binary search through root and leaves) returning
the same bytes as the traversal (every tile, or 500 spread over the tile ids).
Used by Tests/QuartierTilesTests and Tests/QuartierServiceTests."""
import json, os, sqlite3, sys
from pmtiles.reader import Reader, MmapSource
from pmtiles.tile import deserialize_directory, tileid_to_zxy, zxy_to_tileid

archive, zxy = sys.argv[1], sys.argv[2]
mbtiles = sys.argv[3] if len(sys.argv) > 3 else None
failures = []

with open(archive, "rb") as f:
    get = MmapSource(f)
    reader = Reader(get)
    h = reader.header()
    meta = reader.metadata()
    if h["root_offset"] + h["root_length"] > 16384:
        failures.append("root directory ends beyond 16,384 bytes")
    sections = [("root", h["root_offset"], h["root_length"]), ("metadata", h["metadata_offset"], h["metadata_length"]),
                ("leaves", h["leaf_directory_offset"], h["leaf_directory_length"]),
                ("data", h["tile_data_offset"], h["tile_data_length"])]
    end = 127
    for name, offset, length in sections:
        if offset < end:
            failures.append(f"{name} section overlaps the previous one")
        end = offset + length
    if end != os.path.getsize(archive):
        failures.append("sections do not end at the end of the file")

    tiles, entries, leaves, last_id, contents, clustered_end = {}, 0, 0, -1, set(), 0

    def walk(offset, length, floor):
        global entries, leaves, last_id, clustered_end
        for e in deserialize_directory(get(offset, length)):
            if e.tile_id < floor:
                failures.append(f"entry {e.tile_id} below its leaf's first id {floor}")
            if e.run_length == 0:
                leaves += 1
                if e.offset + e.length > h["leaf_directory_length"]:
                    failures.append(f"leaf at {e.offset} outside the leaf section")
                walk(h["leaf_directory_offset"] + e.offset, e.length, e.tile_id)
                continue
            if e.tile_id <= last_id:
                failures.append(f"tile id {e.tile_id} not increasing (after {last_id})")
            last_id = e.tile_id + e.run_length - 1
            entries += 1
            if e.offset + e.length > h["tile_data_length"]:
                failures.append(f"tile entry {e.tile_id} outside the data section")
            if e.offset not in contents:
                if e.offset != clustered_end:
                    failures.append(f"data not clustered at tile {e.tile_id}")
                contents.add(e.offset)
                clustered_end = e.offset + e.length
            data = get(h["tile_data_offset"] + e.offset, e.length)
            for i in range(e.run_length):
                tiles[tileid_to_zxy(e.tile_id + i)] = data

    walk(h["root_offset"], h["root_length"], 0)
    if h["addressed_tiles_count"] != len(tiles):
        failures.append("addressed_tiles_count differs")
    if h["tile_entries_count"] != entries:
        failures.append("tile_entries_count differs")
    if h["tile_contents_count"] != len(contents):
        failures.append("tile_contents_count differs")
    if clustered_end != h["tile_data_length"]:
        failures.append("data section longer than its contents")
    # Reader.get decodes root and leaf anew on every call: check every tile up to 500, else a sample
    # of 500 spread over all tile ids (every leaf is visited).
    keys = sorted(tiles, key=lambda k: zxy_to_tileid(*k))
    sample = keys[:: max(1, len(keys) // 500)]
    lookups = sum(1 for (z, x, y) in sample if reader.get(z, x, y) != tiles[(z, x, y)])
    if lookups:
        failures.append(f"{lookups} tiles read differently by Reader.get")

files = {}
for root, _, names in os.walk(zxy):
    for name in names:
        if name.endswith(".mvt"):
            z, x = os.path.relpath(root, zxy).split(os.sep)
            files[(int(z), int(x), int(name[:-4]))] = os.path.join(root, name)


def compare(copy):
    return {"missing": sum(1 for k in tiles if k not in copy), "extra": sum(1 for k in copy if k not in tiles),
            "different": sum(1 for k, v in copy.items() if k in tiles and v() != tiles[k])}


def reader_of(path):
    return lambda: open(path, "rb").read()


result = {"header": {k: (v.value if hasattr(v, "value") else v) for k, v in h.items()}, "metadata": meta,
          "failures": failures[:20], "tiles": len(tiles), "entries": entries, "contents": len(contents),
          "leaves": leaves, "zooms": sorted({z for z, _, _ in tiles}),
          "zxy": compare({k: reader_of(p) for k, p in files.items()})}
if mbtiles:
    db = sqlite3.connect(mbtiles)
    rows = db.execute("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles").fetchall()
    copy = {(z, x, (1 << z) - 1 - row): (lambda d=bytes(data): d) for z, x, row, data in rows}
    result["mbtiles"] = compare(copy)
    result["mbtiles"]["images"] = db.execute("SELECT count(*) FROM images").fetchone()[0]
print(json.dumps(result))
