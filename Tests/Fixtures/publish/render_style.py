"""Renders a published style.json in headless Chromium with MapLibre GL JS 5.3 (PublishTests).

Usage: render_style.py FOLDER [SCREENSHOT.png]
Serves FOLDER over HTTP on 127.0.0.1 (with byte ranges, as PMTiles needs), loads the style as delivered
with the MapLibre GL JS 5.3 bundle of the PyPI `maplibre` package (`srcjs/pywidget.js`, which registers
the `pmtiles://` protocol), waits for the map's `idle` event, counts the rendered features of the visible
layers, switches every layer on, waits for `idle` again, counts again, and prints JSON:
{"delivered": {visible layer id: n}, "rendered": {layer id: n}, "errors": [...], "console": [...]}.
"""
import http.server
import importlib.util
import json
import os
import sys
import threading
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

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


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with single byte ranges (RFC 9110 §14), which the PMTiles reader asks for."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=folder, **kwargs)

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path in ("/", "/index.html"):
            return self.reply(200, PAGE, "text/html")
        path = bundle if self.path == "/_maplibre/pywidget.js" else self.translate_path(self.path)
        if not os.path.isfile(path):
            return self.send_error(404)
        with open(path, "rb") as f:
            data = f.read()
        kind = self.guess_type(path)
        ranged = self.headers.get("Range", "")
        if ranged.startswith("bytes="):
            start, _, end = ranged[6:].partition("-")
            start, end = int(start), min(int(end) if end else len(data) - 1, len(data) - 1)
            return self.reply(206, data[start:end + 1], kind, f"bytes {start}-{end}/{len(data)}")
        self.reply(200, data, kind)

    def reply(self, status, body, kind, content_range=None):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if content_range:
            self.send_header("Content-Range", content_range)
        self.end_headers()
        self.wfile.write(body)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
options = webdriver.ChromeOptions()
for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--use-angle=swiftshader",
             "--enable-unsafe-swiftshader", "--window-size=1024,768"]:
    options.add_argument(flag)
options.binary_location = "/usr/bin/chromium"
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
try:
    driver.get(f"http://127.0.0.1:{server.server_address[1]}/")
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
