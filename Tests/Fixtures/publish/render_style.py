"""Renders a published style.json in headless Chromium with MapLibre GL JS 5.3 (PublishTests).

Usage: render_style.py FOLDER [SCREENSHOT.png]
Serves FOLDER over HTTP on 127.0.0.1 (with byte ranges, as PMTiles needs), loads the style as delivered
with the MapLibre GL JS 5.3 bundle of the PyPI `maplibre` package (`srcjs/pywidget.js`, which registers
the `pmtiles://` protocol), waits for the map's `idle` event, counts the rendered features of the visible
layers, switches every layer on, waits for `idle` again, counts again, and prints JSON:
{"delivered": {visible layer id: n}, "rendered": {layer id: n}, "errors": [...], "console": [...]}.
"""
import importlib.util
import json
import os
import sys
import time


sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import browser  # noqa: E402

folder = os.path.abspath(sys.argv[1])
screenshot = sys.argv[2] if len(sys.argv) > 2 else None
bundle = os.path.join(os.path.dirname(importlib.util.find_spec("maplibre").origin), "srcjs", "pywidget.js")

PAGE = b"""<!doctype html><html><head><meta charset="utf-8">
<link rel="icon" href="data:,"><style>html,body{margin:0}#pymaplibregl{width:1024px;height:768px}</style></head>
<body><div id="pymaplibregl"></div><script src="/_maplibre/pywidget.js"></script><script>
window.errors = []; window.delivered = null; window.rendered = null;
function count(map) {
  const counts = {};
  for (const layer of map.getStyle().layers) {
    if (layer.type === "background" || map.getLayoutProperty(layer.id, "visibility") === "none") continue;
    counts[layer.id] = map.queryRenderedFeatures({layers: [layer.id]}).length;
  }
  return counts;
}
fetch("style.json").then(r => r.json()).then(style => {
  window.pymaplibregl({mapOptions: {style: style, fadeDuration: 0}, calls: [
    ["on", ["error", e => window.errors.push(String((e.error && e.error.message) || e.type))]],
    ["once", ["idle", e => {
      const map = e.target;
      window.delivered = count(map);
      for (const layer of map.getStyle().layers) map.setLayoutProperty(layer.id, "visibility", "visible");
      map.once("idle", () => { window.rendered = count(map); });
    }]]]});
}).catch(e => window.errors.push(String(e)));
</script></body></html>"""


server, base = browser.serve(folder, {"/": (PAGE, "text/html"), "/index.html": (PAGE, "text/html"),
                                          "/_maplibre/pywidget.js": bundle})
driver = browser.chromium(1024, 768)
try:
    driver.get(base + "/")
    deadline = time.time() + 120
    rendered = None
    while time.time() < deadline:
        rendered = driver.execute_script("return window.rendered")
        if rendered is not None:
            break
        time.sleep(0.5)
    delivered = driver.execute_script("return window.delivered")
    errors = driver.execute_script("return window.errors") or []
    console = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    if screenshot:
        driver.save_screenshot(screenshot)
    print(json.dumps({"delivered": delivered, "rendered": rendered, "errors": errors, "console": console}))
finally:
    driver.quit()
    server.shutdown()
