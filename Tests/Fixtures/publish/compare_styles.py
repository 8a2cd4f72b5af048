"""Renders style.json and every style-qgis-<layer>.json of a published folder in headless Chromium with MapLibre GL JS
5.3 and compares, area by area, the colours they draw (PublishTests, issue 24 item 2).

Usage: compare_styles.py FOLDER ID_FIELD
Serves FOLDER as render_style.py does and loads style.json. For each QGIS style (its thematic layer is
`metadata."quartier:legend"[0].layer`): shows only that layer's `style.json` layers (`<field>`, `<field>-fehlend`;
a hotspot step's `Gi_Bin` and `COType`), waits for `idle` and collects, per area (ID_FIELD), the `fill-color` and
`line-color` MapLibre evaluated for each rendered feature (`queryRenderedFeatures`: paint properties evaluated for
the feature); then sets the QGIS style, waits for `idle` and collects the same over its layers. Prints JSON:
{"styles": {file: {"areas": n, "fill": {id: [colours]}…}}, "differences": {file: [{"id", "kind", "web", "qgis"}]},
"errors": [...], "console": [...]}.
"""
import glob
import importlib.util
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import browser  # noqa: E402

folder, id_field = os.path.abspath(sys.argv[1]), sys.argv[2]
bundle = os.path.join(os.path.dirname(importlib.util.find_spec("maplibre").origin), "srcjs", "pywidget.js")
qgis_styles = sorted(os.path.basename(p) for p in glob.glob(os.path.join(folder, "style-qgis-*.json")))

PAGE = ("""<!doctype html><html><head><meta charset="utf-8">
<link rel="icon" href="data:,"><style>html,body{margin:0}#pymaplibregl{width:1024px;height:768px}</style></head>
<body><div id="pymaplibregl"></div><script src="/_maplibre/pywidget.js"></script><script>
const ID = %s, QGIS = %s;
window.errors = []; window.result = null;
const idle = (map) => new Promise((resolve) => { map.once("idle", resolve); map.triggerRepaint(); });
const text = (c) => c === undefined || c === null ? null : (c.toString ? c.toString() : String(c));
function colours(map, layers) {
  const found = {fill: {}, line: {}};
  for (const f of map.queryRenderedFeatures({layers})) {
    const kind = f.layer.type === "line" ? "line" : "fill";
    const c = text(f.layer.paint[kind + "-color"]);
    const id = String(f.properties[ID]);
    const set = found[kind][id] = found[kind][id] || [];
    if (!set.includes(c)) set.push(c);
  }
  return found;
}
async function compare(map, web) {
  const result = {web: {}, qgis: {}};
  for (const file of QGIS) {
    const qgis = await (await fetch(file)).json();
    const field = qgis.metadata["quartier:legend"][0].layer;
    const own = new Set([field, field + "-fehlend", field.replace(/Gi_Bin$/, "COType"), "grenzen"]);
    map.setStyle(web, {diff: false});
    await idle(map);
    const shown = web.layers.filter((l) => own.has(l.id)).map((l) => l.id);
    for (const l of web.layers) if (l.type !== "background") map.setLayoutProperty(l.id, "visibility", own.has(l.id) ? "visible" : "none");
    await idle(map);
    result.web[file] = colours(map, shown);
    map.setStyle(qgis, {diff: false});
    await idle(map);
    result.qgis[file] = colours(map, qgis.layers.filter((l) => l.source).map((l) => l.id));
  }
  return result;
}
fetch("style.json").then(r => r.json()).then(style => {
  window.pymaplibregl({mapOptions: {style: style, fadeDuration: 0}, calls: [
    ["on", ["error", e => window.errors.push(String((e.error && e.error.message) || e.type))]],
    ["once", ["idle", e => {
      compare(e.target, style).then((r) => { window.result = r; }).catch((x) => { window.errors.push(String(x)); window.result = {}; });
    }]]]});
}).catch(e => window.errors.push(String(e)));
</script></body></html>""" % (json.dumps(id_field), json.dumps(qgis_styles))).encode()

server, base = browser.serve(folder, {"/": (PAGE, "text/html"), "/index.html": (PAGE, "text/html"),
                                          "/_maplibre/pywidget.js": bundle})
driver = browser.chromium(1024, 768)
try:
    driver.get(base + "/")
    deadline = time.time() + 300
    result = None
    while time.time() < deadline:
        result = driver.execute_script("return window.result")
        if result is not None:
            break
        time.sleep(0.5)
    errors = driver.execute_script("return window.errors") or []
    console = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
finally:
    driver.quit()
    server.shutdown()

report = {"styles": {}, "differences": {}, "errors": errors, "console": console}
for file in qgis_styles:
    web = (result or {}).get("web", {}).get(file, {"fill": {}, "line": {}})
    qgis = (result or {}).get("qgis", {}).get(file, {"fill": {}, "line": {}})
    report["styles"][file] = {"areas": len(web["fill"]), "qgisAreas": len(qgis["fill"]),
                              "lines": len(web["line"])}
    differences = []
    for kind in ("fill", "line"):
        for area in sorted(set(web[kind]) | set(qgis[kind])):
            if sorted(web[kind].get(area, [])) != sorted(qgis[kind].get(area, [])):
                differences.append({"id": area, "kind": kind, "web": web[kind].get(area), "qgis": qgis[kind].get(area)})
    report["differences"][file] = differences
print(json.dumps(report, ensure_ascii=False))
