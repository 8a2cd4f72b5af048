#!/usr/bin/python3
"""Loads the vector tiles of a running `quartier serve` in QGIS with a published QGIS style, as a GIS technician
does (a generic vector tile connection whose style URL is a `style-qgis-<layer>.json`), renders the style's view
and counts the pixels drawn in each class's colour (issue 24, item 2).

Usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/qgis-vector-tiles.py TILE_URL STYLE_URL [AREAS_URL] [PNG]
  TILE_URL   the XYZ template, e.g. http://127.0.0.1:8080/tiles/tiles/{z}/{x}/{y}.mvt
  STYLE_URL  http(s):// or file:// URL of a style-qgis-<layer>.json (the server answers it as
             /jobs/<job>/results/style-qgis-<layer>.json)
  AREAS_URL  optional: the published areas as GeoJSON in lon/lat (`/jobs/<job>/results/<name>.geojson`); for each
             area a point inside it (`pointOnSurface`) is looked up in the rendered image: "areas" maps the area's
             `id` (else its first property) to {"value": its value of the style's field, "pixel": "#rrggbb"}, for
             the areas whose point lies in the image, 3 pixels from its edge, amid 5 × 5 pixels of one colour (not
             on a border)
  PNG        optional: where to save the rendered image ("-" or absent: not saved)
The zooms are the tileset's (its TileJSON, `/tiles/<id>.json`). Renders 1024 × 768 pixels around the style's `center` at its `zoom` on white (MapLibre's 512-pixel tiles), and
prints JSON: {"qgis", "valid", "styleLoaded", "message", "styles": [names], "pixels": {style name: pixels drawn in
its colour at its opacity over white, ±3 per channel}, "white": n, "total": n}. Exits 0 when the layer and its
style loaded.
"""
import json
import math
import os
import sys
import urllib.request

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (  # noqa: E402
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDataSourceUri,
    QgsGeometry,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsProject,
    QgsRectangle,
    QgsSymbolLayer,
    QgsVectorTileLayer,
    QgsWkbTypes,
)
from osgeo import ogr  # noqa: E402
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

tile_url, style_url = sys.argv[1], sys.argv[2]
areas_url = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] != "-" else None
png = sys.argv[4] if len(sys.argv) > 4 and sys.argv[4] != "-" else None
application = QgsApplication([], False)
application.initQgis()

with urllib.request.urlopen(style_url) as answer:
    style = json.load(answer)

# The tileset's zooms from its TileJSON (`/tiles/<id>.json` beside `/tiles/<id>/{z}/{x}/{y}.mvt`): QGIS asks for no
# tile beyond the maximum zoom and draws the last one larger.
zooms = {"minzoom": 0, "maxzoom": 14}
if "/{z}/" in tile_url:
    try:
        with urllib.request.urlopen(tile_url.split("/{z}/")[0] + ".json") as answer:
            zooms.update({k: v for k, v in json.load(answer).items() if k in zooms})
    except OSError:
        pass
uri = QgsDataSourceUri()
uri.setParam("type", "xyz")
uri.setParam("url", tile_url)
uri.setParam("zmin", str(zooms["minzoom"]))
uri.setParam("zmax", str(zooms["maxzoom"]))
uri.setParam("styleUrl", style_url)
layer = QgsVectorTileLayer(bytes(uri.encodedUri()).decode(), "tiles")
message, loaded = layer.loadDefaultStyle() if layer.isValid() else ("layer not valid", False)

width, height = 1024, 768
lon, lat = style["center"]
x = lon * 20037508.342789244 / 180
y = math.log(math.tan((90 + lat) * math.pi / 360)) * 20037508.342789244 / math.pi
resolution = 2 * 20037508.342789244 / (512 * 2 ** style["zoom"])
settings = QgsMapSettings()
settings.setLayers([layer])
settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
settings.setOutputSize(QSize(width, height))
settings.setBackgroundColor(QColor(255, 255, 255))
settings.setExtent(QgsRectangle(x - width / 2 * resolution, y - height / 2 * resolution,
                                x + width / 2 * resolution, y + height / 2 * resolution))
job = QgsMapRendererSequentialJob(settings)
job.start()
job.waitForFinished()
image = job.renderedImage()
if png:
    image.save(png)

expected = {}
for s in layer.renderer().styles() if loaded else []:
    if s.geometryType() != QgsWkbTypes.PolygonGeometry:
        continue
    symbol = s.symbol()
    if symbol.symbolLayer(0).dataDefinedProperties().property(QgsSymbolLayer.PropertyFillColor).isActive():
        continue
    c, a = symbol.symbolLayer(0).color(), symbol.opacity()
    expected[s.styleName()] = tuple(round(a * v + (1 - a) * 255) for v in (c.red(), c.green(), c.blue()))
pixels = {name: 0 for name in expected}
white = 0
for py in range(height):
    for px in range(width):
        rgb = image.pixelColor(px, py)
        value = (rgb.red(), rgb.green(), rgb.blue())
        if value == (255, 255, 255):
            white += 1
            continue
        for name, colour in expected.items():
            if all(abs(p - q) <= 3 for p, q in zip(value, colour)):
                pixels[name] += 1
                break

# The colour QGIS drew at a point inside each area (its class's colour, independent of the style's expressions).
probes = {}
if areas_url:
    with urllib.request.urlopen(areas_url) as answer:
        collection = json.load(answer)
    field = style["metadata"]["quartier:legend"][0]["layer"]
    to_web = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"),
                                    QgsCoordinateReferenceSystem("EPSG:3857"), QgsProject.instance())
    left, top = x - width / 2 * resolution, y + height / 2 * resolution
    for feature in collection["features"]:
        properties = feature.get("properties") or {}
        identity = feature.get("id", next(iter(properties.values()), None))
        geometry = QgsGeometry.fromWkt(ogr.CreateGeometryFromJson(json.dumps(feature["geometry"])).ExportToWkt())
        point = to_web.transform(geometry.pointOnSurface().asPoint())
        px, py = int((point.x() - left) / resolution), int((top - point.y()) / resolution)
        if not (3 <= px < width - 3 and 3 <= py < height - 3):
            continue
        block = {image.pixelColor(px + dx, py + dy).name() for dx in range(-2, 3) for dy in range(-2, 3)}
        if len(block) == 1:
            probes[str(identity)] = {"value": properties.get(field), "pixel": block.pop()}

print(json.dumps({
    "qgis": Qgis.QGIS_VERSION, "valid": layer.isValid(), "styleLoaded": loaded, "message": message,
    "styles": [s.styleName() for s in layer.renderer().styles()] if loaded else [],
    "pixels": pixels, "white": white, "total": width * height, "areas": probes,
}, ensure_ascii=False))
sys.stdout.flush()
# Not application.exitQgis(): QGIS 3.22 crashes in its teardown after a network provider was used (qgis-oapif.py).
os._exit(0 if layer.isValid() and loaded else 1)
