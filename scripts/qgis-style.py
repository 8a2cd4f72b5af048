#!/usr/bin/python3
"""Converts the QGIS styles of a published folder with QGIS's MapBox GL style converter and checks, area by area,
that QGIS colours every area as the published legend classes it (issue 24, item 2).

Usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/qgis-style.py FOLDER
FOLDER is a `[publish]` output folder: `style-qgis-<layer>.json` (one thematic layer each), `style.json`,
`tilejson.json` (the class breaks) and `<name>.geojson` (the published areas, with the attributes of the tiles).

For each QGIS style: `QgsMapBoxGlStyleConverter().convert()` and its `warnings()`; every converted style must be
enabled (QGIS 3.22 ignores `visibility` and draws every layer it converts) and style the tiles' layer (a
`background` layer would be an opaque fill of every tile); then each area of the GeoJSON is
matched against the converted fill styles (their filter expressions, as QGIS evaluates them on a tile feature)
and must be drawn by exactly one of them in the colour its value's class has in `tilejson.json` (value <= the
class's upper bound, the first that fits; a missing value: dark grey when `<field>_status` is `suppressed`, else
light grey; a hotspot step's `Gi_Bin` −3…3 in its diverging colour, missing ones as missing values), and every
cluster outline (`COType`) in its type's colour. `style.json`'s warnings are reported too, not judged: it is the
web map's style.

Prints JSON: {"qgis": version, "styles": {file: {"warnings", "styles", "areas", "wrong", "unstyled", "examples": the
areas of the lowest, median and highest value and one without a value (the first attribute as "id", the converted
styles that drew them and their colours)}},
"style.json": {"warnings"}, "qml": {"<file>.gpkg: <style>": {"areas", "wrongCount", "wrong"}}} and exits 0 when no
QGIS style has a warning or a wrongly coloured area. "qml": each style QGIS finds in a GeoPackage's `layer_styles`
(the QML it applies when the layer is opened), applied and asked for each area's symbols: exactly one, in the colour
above (missing values included).
"""
import glob
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (  # noqa: E402
    Qgis,
    QgsApplication,
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextScope,
    QgsExpressionContextUtils,
    QgsMapBoxGlStyleConverter,
    QgsRenderContext,
    QgsSymbolLayer,
    QgsVectorLayer,
    QgsWkbTypes,
)

SUPPRESSED, UNAVAILABLE = "#969696", "#d9d9d9"
DIVERGING = ["#2166ac", "#67a9cf", "#d1e5f0", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b"]
CLUSTERS = {"HH": "#b2182b", "LL": "#2166ac", "HL": "#ef8a62", "LH": "#67a9cf"}

folder = sys.argv[1]
application = QgsApplication([], False)
application.initQgis()


def read(name):
    with open(os.path.join(folder, name), encoding="utf-8") as f:
        return json.load(f)


def convert(style):
    converter = QgsMapBoxGlStyleConverter()
    converter.convert(style)
    return converter


def missing(value):
    return value is None or (hasattr(value, "isNull") and value.isNull())


tilejson = read("tilejson.json")
breaks = {i["field"]: i["breaks"] for i in tilejson["quartier:indicators"]}
classes = {i["field"]: [e["color"] for e in i["legend"]] for i in tilejson["quartier:indicators"]}


def expected_fill(field, feature):
    """The colour style.json gives an area for `field`, or None where it draws nothing."""
    value = feature[field] if field in feature.fields().names() else None
    if field.endswith("Gi_Bin") and field not in breaks and not missing(value):
        return DIVERGING[int(value) + 3]
    if missing(value):
        status = feature[field + "_status"] if field + "_status" in feature.fields().names() else None
        return SUPPRESSED if status == "suppressed" else UNAVAILABLE
    bounds = breaks[field]
    for upper, color in zip(bounds[:-1], classes[field]):
        if float(value) <= upper:
            return color
    return classes[field][len(bounds) - 1]


def expected_line(field, feature):
    co = field[: -len("Gi_Bin")] + "COType"
    value = feature[co] if co in feature.fields().names() else None
    return None if missing(value) else CLUSTERS.get(value)


def colour(symbol_layer, context, geometry):
    properties = symbol_layer.dataDefinedProperties()
    key = QgsSymbolLayer.PropertyFillColor if geometry == "fill" else QgsSymbolLayer.PropertyStrokeColor
    prop = properties.property(key)
    if prop.isActive():
        value, ok = prop.value(context, None)
        return str(value) if ok else None
    return (symbol_layer.color() if geometry == "fill" else symbol_layer.color()).name()


report = {"qgis": Qgis.QGIS_VERSION, "styles": {}}
ok = True
paths = sorted(glob.glob(os.path.join(folder, "style-qgis-*.json")))
if not paths:
    report["error"] = "no style-qgis-*.json in " + folder
    ok = False
for path in paths:
    name = os.path.basename(path)
    style = read(name)
    converter = convert(style)
    styles = converter.renderer().styles()
    legend = style["metadata"]["quartier:legend"]
    field = legend[0]["layer"]
    source_layer = next(layer["source-layer"] for layer in style["layers"] if "source-layer" in layer)
    areas = QgsVectorLayer(os.path.join(folder, source_layer + ".geojson"), source_layer, "ogr")
    result = {
        "warnings": list(converter.warnings()),
        "styles": len(styles),
        "disabled": [s.styleName() for s in styles if not s.isEnabled()],
        # A style of another tile layer: QGIS paints a `background` one as an opaque fill of every tile.
        "otherLayers": [s.styleName() for s in styles if s.layerName() != source_layer],
        "areas": 0,
        "wrong": [],
        "unstyled": 0,
    }
    rules = []
    samples = []
    for s in styles:
        if s.layerName() != source_layer:
            continue
        expression = QgsExpression(s.filterExpression()) if s.filterExpression() else None
        geometry = {QgsWkbTypes.PolygonGeometry: "fill", QgsWkbTypes.LineGeometry: "line"}.get(s.geometryType(), "point")
        rules.append((s.styleName(), expression, geometry, s.symbol().symbolLayer(0)))
    for feature in areas.getFeatures():
        context = QgsExpressionContext()
        context.appendScopes(QgsExpressionContextUtils.globalProjectLayerScopes(areas))
        scope = QgsExpressionContextScope()
        scope.setVariable("zoom_level", 10)
        scope.setVariable("vector_tile_zoom", 10)
        context.appendScope(scope)
        context.setFeature(feature)
        drawn = {"fill": [], "line": [], "point": []}
        for style_name, expression, geometry, symbol_layer in rules:
            if style_name == "grenzen":
                continue
            if expression is None or expression.evaluate(context):
                drawn[geometry].append((style_name, colour(symbol_layer, context, geometry)))
        result["areas"] += 1
        identity = feature.id()
        value = feature[field] if field in feature.fields().names() else None
        fills = [name for name, _ in drawn["fill"]]
        samples.append((None if missing(value) else float(value), str(feature.attributes()[0]), fills,
                        [c for _, c in drawn["fill"]]))
        for geometry, expected in (("fill", expected_fill(field, feature)), ("line", None)):
            if geometry == "line":
                if not field.endswith("Gi_Bin") or field in breaks:
                    continue
                expected = expected_line(field, feature)
            got = [(c or "no colour").lower() for _, c in drawn[geometry]]
            want = [] if expected is None else [expected.lower()]
            if got != want:
                if len(result["wrong"]) < 10:
                    result["wrong"].append({"feature": identity, geometry: drawn[geometry], "expected": expected})
                result["unstyled" if not got else "wrongCount"] = result.get("unstyled" if not got else "wrongCount", 0) + 1
    # Known areas to name in a report: the lowest, the median and the highest value, and one without a value.
    valued = sorted((x for x in samples if x[0] is not None), key=lambda x: x[0])
    picks = [valued[0], valued[len(valued) // 2], valued[-1]] if valued else []
    picks += [x for x in samples if x[0] is None][:1]
    result["examples"] = [{"id": i, "value": v, "drawnBy": f, "colours": c} for v, i, f, c in picks]
    wrong = result.get("wrongCount", 0) + result["unstyled"]
    if result["warnings"] or result["disabled"] or result["otherLayers"] or wrong or result["areas"] == 0:
        ok = False
    report["styles"][name] = result

# The GeoPackages' own QGIS styles (layer_styles): each colours every area as style.json does, by one symbol.
from PyQt5.QtXml import QDomDocument  # noqa: E402

report["qml"] = {}
for gpkg in sorted(glob.glob(os.path.join(folder, "*.gpkg"))):
    layer = QgsVectorLayer(gpkg, os.path.basename(gpkg), "ogr")
    if not layer.isValid():
        continue
    _, style_ids, style_names, _, _ = layer.listStylesInDatabase()
    for style_id, style_name in zip(style_ids, style_names):
        qml, _ = layer.getStyleFromDatabase(style_id)
        document = QDomDocument()
        document.setContent(qml)
        imported, message = layer.importNamedStyle(document)
        result = {"areas": 0, "wrongCount": 0, "wrong": [], "imported": imported, "message": message, "colours": {}}
        renderer = layer.renderer()
        if style_name.startswith("Hotspots "):
            field = style_name.split(" ", 1)[1]
        else:
            # A rule-based indicator style: the field its first rule tests.
            columns = QgsExpression(renderer.rootRule().children()[0].filterExpression()).referencedColumns()
            field = next(c for c in sorted(columns) if not c.endswith("_status"))
        result["field"] = field
        context = QgsRenderContext()
        context.setExpressionContext(QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer)))
        renderer.startRender(context, layer.fields())
        for feature in layer.getFeatures():
            # As QGIS's feature loop does before it asks the renderer.
            context.expressionContext().setFeature(feature)
            symbols = renderer.symbolsForFeature(feature, context)
            got = ",".join(symbol.color().name().lower() for symbol in symbols) or None
            want = (expected_fill(field, feature) or "").lower() or None
            result["areas"] += 1
            result["colours"][str(got)] = result["colours"].get(str(got), 0) + 1
            if got != want:
                result["wrongCount"] += 1
                if len(result["wrong"]) < 10:
                    result["wrong"].append({"feature": feature.id(), "got": got, "expected": want})
        renderer.stopRender(context)
        if not imported or result["wrongCount"] or result["areas"] == 0:
            ok = False
        report["qml"][os.path.basename(gpkg) + ": " + style_name] = result

if os.path.exists(os.path.join(folder, "style.json")):
    report["style.json"] = {"warnings": list(convert(read("style.json")).warnings())}

print(json.dumps(report, ensure_ascii=False, indent=1))
sys.stdout.flush()
# Not application.exitQgis(): QGIS 3.22 may crash in its teardown (see qgis-oapif.py); the answer is complete here.
os._exit(0 if ok else 1)
