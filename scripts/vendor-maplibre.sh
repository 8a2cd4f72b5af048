#!/usr/bin/env bash
# Extracts MapLibre GL JS 5.3 and the PMTiles protocol from the installed PyPI `maplibre` wheel into a folder
# (default: vendor/maplibre, ignored by git) for the atlas page: never committed, never fetched from a CDN at run time.
#   maplibre-pmtiles.js  the wheel's srcjs/pywidget.js (MapLibre GL JS 5.3 with the pmtiles:// protocol registered),
#                        patched to expose its MapLibre as window.maplibregl
#   maplibre-gl.css      the wheel's srcjs/maplibre-gl.css
# Installs the wheel with pip when it is missing. `quartier publish`/`run` copies the files into atlas/ of the output
# folder; `quartier serve` serves them under /atlas/<analysis>/ (both look in $QUARTIER_MAPLIBRE_DIR, ./vendor/maplibre,
# and vendor/maplibre beside the executable's build folder).
set -euo pipefail
dest="${1:-vendor/maplibre}"
python3 -c "import maplibre" 2>/dev/null || pip install -q "maplibre==0.3.6"
python3 - "$dest" <<'PY'
import importlib.util, os, re, sys, logging
logging.disable(logging.WARNING)
dest = sys.argv[1]
src = os.path.join(os.path.dirname(importlib.util.find_spec("maplibre").origin), "srcjs")
with open(os.path.join(src, "pywidget.js"), encoding="utf-8") as f:
    js = f.read()
# The bundle registers pmtiles on its own MapLibre (`X.default.addProtocol("pmtiles",Y.tile);`) but keeps it in its
# closure: expose it, so that the atlas can build its map itself.
pattern = re.compile(r'(\w+)\.default\.addProtocol\("pmtiles",(\w+)\.tile\);')
match = pattern.search(js)
if not match:
    sys.exit("vendor-maplibre: the pmtiles registration was not found in pywidget.js; pin maplibre==0.3.6")
js = js[:match.end()] + "window.maplibregl=%s.default;" % match.group(1) + js[match.end():]
os.makedirs(dest, exist_ok=True)
for name, data in [("maplibre-pmtiles.js", js)]:
    with open(os.path.join(dest, name + ".tmp"), "w", encoding="utf-8") as f:
        f.write(data)
    os.replace(os.path.join(dest, name + ".tmp"), os.path.join(dest, name))
with open(os.path.join(src, "maplibre-gl.css"), encoding="utf-8") as f:
    css = f.read()
with open(os.path.join(dest, "maplibre-gl.css"), "w", encoding="utf-8") as f:
    f.write(css)
print(f"vendor-maplibre: wrote {dest}/maplibre-pmtiles.js and maplibre-gl.css", file=sys.stderr)
PY
