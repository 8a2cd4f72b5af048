"""Opens the static atlas of a publish with a base map in headless Chromium and prints what it found as JSON
(AtlasBaseMapBrowserTests). Nothing comes from the internet: the base map (`grundkarte/`: a MapLibre style, a GeoJSON
source and raster tiles this script draws) is served on 127.0.0.1 under the host name `grundkarte.test`, which
Chromium resolves there (`--host-resolver-rules`); the publish's `[publish] basemap` names that host.

Usage: atlas_basemap.py OUT [SCREENSHOT.png] [unreachable]
       OUT: the publish's output folder (the page is OUT/atlas/); `unreachable`: the base map's host leads to a closed
       port (the page must draw the areas without it and say so)

Prints {"ready", "basemap": atlas.json's basemap, "order": the map's layer ids in drawing order, "baseRendered":
{base layer: rendered features}, "themes": {theme: {"layers", "areas": distinct area ids drawn}}, "attribution": the
map's attribution text, "footer", "corner": the map's top-left pixel, "patterns": {theme: atlas_checks.PATTERNS} for
the first theme and S4, "requests":
[paths asked of the base map server], "axe": [serious or critical violations], "console", "errors", "timing"}.
"""
import json
import os
import struct
import sys
import time
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import browser  # noqa: E402
import atlas_checks  # noqa: E402

HOST = "grundkarte.test"


def tile_png(size=256):
    """One raster tile: pale green with a darker line every 64 px (an RGB PNG, zlib-compressed scanlines)."""
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            row += bytes((190, 210, 170) if x % 64 == 0 or y % 64 == 0 else (223, 233, 210))
        rows.append(bytes(row))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows)))
            + chunk(b"IEND", b""))


out = sys.argv[1]
screenshot = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None
unreachable = sys.argv[3:] == ["unreachable"]
with open(os.path.join(out, "atlas", "atlas.json"), encoding="utf-8") as f:
    document = json.load(f)
base_server, _ = browser.serve(os.path.join(os.path.dirname(os.path.abspath(__file__)), "grundkarte"),
                               {"/kachel.png": (tile_png(), "image/png")})
atlas_server, atlas_base = browser.serve(out)
port = 9 if unreachable else base_server.server_address[1]  # 9: discard, closed here
driver = browser.chromium(1400, 1000, [f"--host-resolver-rules=MAP {HOST} 127.0.0.1:{port}"])
driver.set_script_timeout(60)
result = {"basemap": document.get("basemap")}


def wait(script, seconds=45):
    return atlas_checks.wait(driver, script, seconds)


BASE = """
const map = window.quartierAtlas.map, counts = {};
for (const l of map.getStyle().layers) if (l.id.startsWith("basis:") && l.type !== "background" && l.type !== "raster")
  counts[l.id] = map.queryRenderedFeatures({layers: [l.id]}).length;
return counts;
"""
CORNER = """
const src = window.quartierAtlas.map.getCanvas(), c = document.createElement("canvas");
c.width = src.width; c.height = src.height;
const g = c.getContext("2d"); g.drawImage(src, 0, 0);
return [...g.getImageData(4, 4, 1, 1).data].slice(0, 3);
"""
try:
    t0 = time.time()
    driver.get(atlas_base + "/atlas/")
    result["ready"] = bool(wait("return window.quartierAtlas && window.quartierAtlas.ready"))
    result["loadSeconds"] = round(time.time() - t0, 2)
    result["timing"] = driver.execute_script(
        "const a = window.quartierAtlas; return {firstRender: a.firstRender, firstPaint: a.firstPaint,"
        " firstIdle: a.firstIdle}")
    if result["ready"] and driver.execute_script("return !!window.quartierAtlas.map"):
        result["order"] = driver.execute_script("return window.quartierAtlas.map.getStyle().layers.map(l => l.id)")
        result["baseRendered"] = driver.execute_script(BASE)
        result["corner"] = driver.execute_script(CORNER)
        if screenshot:
            driver.save_screenshot(screenshot)
        result["themes"], result["patterns"] = {}, {}
        options = driver.execute_script("return [...document.querySelectorAll('#indikator option')].map(o => o.value)")
        for value in options:
            result["themes"][value] = driver.execute_async_script(atlas_checks.DISTINCT, value, document["idField"])
            # The first theme has suppressed values (counts below 5), S4 invalid ones (the MSS's KOM flag).
            if value in (options[0], "S4"):
                result["patterns"][value] = driver.execute_async_script(atlas_checks.PATTERNS)
        # The attribution control starts folded: open it to read it.
        driver.execute_script("const b = document.querySelector('.maplibregl-ctrl-attrib-button'); if (b) b.click()")
        result["attribution"] = driver.execute_script(
            "const a = document.querySelector('.maplibregl-ctrl-attrib-inner'); return a && a.textContent")
    result["footer"] = driver.execute_script("return document.getElementById('quellen').textContent")
    result["mapMessage"] = driver.execute_script("const m = document.getElementById('karte-fehler'); return m.hidden ? null : m.textContent")
    result["axe"] = atlas_checks.serious(driver)
    result["errors"] = driver.execute_script("return window.quartierAtlas.errors")
    result["console"] = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    result["requests"] = sorted({path.split("?")[0] for path in base_server.requests})
finally:
    driver.quit()
    base_server.shutdown()
    atlas_server.shutdown()
print(json.dumps(result))
