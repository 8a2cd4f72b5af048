#!/usr/bin/env python3
"""Writes a corpus of damaged and hostile inputs for Quartier (issue 25, item 13).

Usage: scripts/bad-input-corpus.py OUT_FOLDER [--small]

Every file name starts with its class of damage (the part before the first "__"), which
scripts/bad-input-run.sh counts by. --small writes one case per class (what the Swift test uses).
Needs ogr2ogr (gdal-bin) and the repository's Geodata folder.
"""
import json
import os
import shutil
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOR = os.path.join(ROOT, "Geodata/berlin_lor_2021/berlin_lor_2021.gpkg")
XLSX = os.path.join(ROOT, "Geodata/berlin_mss_2021/mss_2021.xlsx")
KITAS = os.path.join(ROOT, "Geodata/berlin_education_facilities/kitas_berlin_2022-12.geojson")


def ogr(out, fmt, layer="bezirksregionen_2021", extra=()):
    subprocess.run(["ogr2ogr", "-f", fmt, out, LOR, layer, *extra], check=True, capture_output=True)


def bzr_ids():
    """The Bezirksregionen's ids (BZR_ID), in the file's order."""
    listed = subprocess.run(["ogr2ogr", "-f", "CSV", "/vsistdout/", LOR, "bezirksregionen_2021", "-select", "BZR_ID"],
                            check=True, capture_output=True, text=True).stdout.split()
    return [line.strip('"') for line in listed[1:]]


def truncate(src, dst, fraction):
    data = open(src, "rb").read()
    open(dst, "wb").write(data[: int(len(data) * fraction)])


def flip(src, dst, fraction, count=1):
    data = bytearray(open(src, "rb").read())
    for k in range(count):
        i = min(len(data) - 1, int(len(data) * fraction) + 97 * k)
        data[i] ^= 0xFF
    open(dst, "wb").write(bytes(data))


def shapefile_copy(src_stem, dst_stem, skip=()):
    for ext in ("shp", "shx", "dbf", "prj"):
        if ext not in skip:
            shutil.copy(f"{src_stem}.{ext}", f"{dst_stem}.{ext}")


def polygon_geojson(path, rings, crs="EPSG:25833", ids=None):
    features = []
    for i, ring in enumerate(rings):
        fid = ids[i] if ids else f"A{i + 1}"
        features.append({"type": "Feature", "properties": {"BZR_ID": fid, "GROESSE_M2": i + 1.5},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    doc = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": crs}}, "features": features}
    text = json.dumps(doc)
    open(path, "w").write(text)


def square(x, y, size=500.0):
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


def write(path, data, mode="w", **kw):
    with open(path, mode, **kw) as f:
        f.write(data)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    small = "--small" in sys.argv
    os.makedirs(out, exist_ok=True)
    work = os.path.join(out, ".sources")
    os.makedirs(work, exist_ok=True)
    ogr(f"{work}/br.shp", "ESRI Shapefile")
    ogr(f"{work}/bz.shp", "ESRI Shapefile", layer="bezirke")
    ogr(f"{work}/br.fgb", "FlatGeobuf")
    ogr(f"{work}/br.geojson", "GeoJSON")
    ogr(f"{work}/br.gpkg", "GPKG")
    p = lambda name: os.path.join(out, name)

    # truncated vector files
    fractions = [0.5] if small else [0.01, 0.25, 0.5, 0.99]
    for f in fractions:
        tag = int(f * 100)
        shapefile_copy(f"{work}/br", p(f"truncated__shp{tag}"))
        truncate(f"{work}/br.shp", p(f"truncated__shp{tag}.shp"), f)
        truncate(f"{work}/br.fgb", p(f"truncated__fgb{tag}.fgb"), f)
        if not small:
            truncate(f"{work}/br.geojson", p(f"truncated__geojson{tag}.geojson"), f)
            truncate(f"{work}/br.gpkg", p(f"truncated__gpkg{tag}.gpkg"), f)
    if small:
        truncate(f"{work}/br.fgb", p("truncated__fgb1.fgb"), 0.01)
    # bit flips
    for f in [0.5] if small else [0.2, 0.5, 0.8]:
        tag = int(f * 100)
        flip(XLSX, p(f"bitflip__xlsx{tag}.xlsx"), f)
        if not small:
            flip(f"{work}/br.gpkg", p(f"bitflip__gpkg{tag}.gpkg"), f, count=64)
            flip(f"{work}/br.geojson", p(f"bitflip__geojson{tag}.geojson"), f, count=8)
            flip(f"{work}/br.fgb", p(f"bitflip__fgb{tag}.fgb"), f, count=8)
    truncate(XLSX, p("truncated__xlsx90.xlsx"), 0.9)
    # shapefile companions missing or swapped
    shapefile_copy(f"{work}/br", p("shpparts__swapped_shx"))
    shutil.copy(f"{work}/bz.shx", p("shpparts__swapped_shx.shx"))
    for missing in ["shx", "dbf"] if small else ["shx", "dbf", "prj"]:
        shapefile_copy(f"{work}/br", p(f"shpparts__no_{missing}"), skip=(missing,))
    # coordinates
    base = square(390000, 5820000)
    write(p("coords__nan.geojson"), json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"BZR_ID": "A1", "GROESSE_M2": 1},
         "geometry": {"type": "Polygon", "coordinates": [[[13.4, 52.5], [13.5, 52.5], [13.5, 52.6], [13.4, 52.5]]]}},
        {"type": "Feature", "properties": {"BZR_ID": "A2", "GROESSE_M2": 2},
         "geometry": {"type": "Polygon", "coordinates": [[[float("nan"), 52.5], [13.5, float("nan")],
                                                           [13.5, 52.6], [float("nan"), 52.5]]]}}]}))
    write(p("coords__inf.geojson"), '{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
          '{"BZR_ID":"A1","GROESSE_M2":1},"geometry":{"type":"Polygon","coordinates":[[[13.4,52.5],[1e999,52.5],'
          '[13.5,52.6],[13.4,52.5]]]}}]}')
    polygon_geojson(p("coords__1e308.geojson"), [base, [[1e308, 1e308], [-1e308, 1e308], [0, -1e308], [1e308, 1e308]]])
    polygon_geojson(p("coords__degrees_as_25833.geojson"), [square(13.3, 52.4, 0.01), square(13.4, 52.5, 0.01)])
    polygon_geojson(p("coords__xy_swapped_25833.geojson"), [square(5820000, 390000), square(5821000, 391000)])
    if not small:
        polygon_geojson(p("coords__latlon_swapped.geojson"),
                        [square(52.40, 13.30, 0.01), square(52.50, 13.40, 0.01)], crs="EPSG:4326")
    polygon_geojson(p("coords__huge_polygon.geojson"), [base, square(0, 0, 2.0e7)])
    # Kitas in Berlin with latitude and longitude swapped (EPSG:4326's area of use is the whole Earth)
    write(p("coords__latlon_swapped_points.geojson"), json.dumps({
        "type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": [{"type": "Feature", "properties": {"id": str(i)},
                      "geometry": {"type": "Point", "coordinates": [52.45 + i * 0.01, 13.30 + i * 0.01]}}
                     for i in range(10)]}))
    # geometry damage
    polygon_geojson(p("geometry__bowtie.geojson"),
                    [base, [[391000, 5820000], [391500, 5820500], [391500, 5820000], [391000, 5820500], [391000, 5820000]]])
    polygon_geojson(p("geometry__zero_area.geojson"), [base, [[392000, 5820000], [392500, 5820000], [392000, 5820000]]])
    polygon_geojson(p("geometry__duplicate_ids.geojson"), [base, square(391000, 5820000)], ids=["A1", "A1"])
    polygon_geojson(p("geometry__empty_ids.geojson"), [base, square(391000, 5820000)], ids=["", None])
    # CSV tables, keyed by real Bezirksregion ids (so that a table read right joins, and one read wrong shows)
    ids = bzr_ids()
    header = "BZR_ID;Wert\n"
    rows = "".join(f"{ids[i]};{i},5\n" for i in range(50))
    write(p("csv__cp1252.csv"), (header.replace("Wert", "Größe") + rows).encode("cp1252"), "wb")
    write(p("csv__utf16.csv"), (header + rows).encode("utf-16"), "wb")
    write(p("csv__bom.csv"), b"\xef\xbb\xbf" + (header + rows).encode(), "wb")
    write(p("csv__mixed_eol.csv"), (header + rows).replace("\n", "\r\n", 20).replace("\n", "\r", 10).encode(), "wb")
    columns = 1_000 if small else 10_000
    write(p(f"csv__{columns}_columns.csv"),
          ";".join(["BZR_ID"] + [f"c{i}" for i in range(columns)]) + "\n" + f"{ids[0]};" + ";".join("1" * columns) + "\n")
    write(p("csv__5mb_line.csv"), f"BZR_ID;Wert\n{ids[0]};" + "9" * (5 << 20) + "\n")
    # spreadsheets
    write(p("xlsx__not_a_zip.xlsx"), b"PK\x03\x04" + os.urandom(4096), "wb")
    with zipfile.ZipFile(p("xlsx__zipbomb.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", "<workbook>" + " " * ((50 if small else 500) << 20) + "</workbook>")
    # a small XLSX of many empty rows (GDAL would build the whole sheet in memory before the row limit applies)
    rows = 1_100_000 if small else 5_000_000
    with zipfile.ZipFile(p("xlsx__many_rows.xlsx"), "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.spreadsheetml.sheet.main+xml"/></Types>')
        z.writestr("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   '<sheets><sheet name="t" sheetId="1"/></sheets></workbook>')
        z.writestr("xl/worksheets/sheet1.xml",
                   '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                   + "<row/>" * rows + "</sheetData></worksheet>")
    # TOML
    depth = 20_000 if small else 50_000
    write(p("toml__deep_arrays.toml"), "version = 1\nx = " + "[" * depth + "]" * depth + "\n")
    write(p("toml__deep_tables.toml"), "version = 1\nx = " + "{a = " * depth + "1" + "}" * depth + "\n")
    write(p("toml__dotted_header.toml"), "[" + ".".join(f"k{i}" for i in range(20_000)) + "]\n")
    write(p("toml__huge.toml"), "version = 1\n" + "".join(f"k{i} = {i}\n" for i in range(300_000)))
    # special paths
    for a, b in [("special__loop_a.geojson", "special__loop_b.geojson")]:
        for link, target in [(a, b), (b, a)]:
            if os.path.lexists(p(link)):
                os.unlink(p(link))
            os.symlink(target, p(link))
    if not os.path.exists(p("special__fifo.geojson")):
        os.mkfifo(p("special__fifo.geojson"))
    if not os.path.exists(p("special__fifo.toml")):
        os.mkfifo(p("special__fifo.toml"))
    if not os.path.lexists(p("special__proc.geojson")):
        os.symlink("/proc/self/environ", p("special__proc.geojson"))
    shutil.rmtree(work)
    print(f"wrote {len(os.listdir(out))} entries into {out}")


if __name__ == "__main__":
    main()
