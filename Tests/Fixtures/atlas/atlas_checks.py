"""Checks of the atlas page that the browser fixtures share (atlas_browser.py, atlas_basemap.py): scripts run in the
page with Selenium, each returning plain JSON.

PATTERNS (async) tells how missing and suppressed values are drawn without colour: whether the page added its two
pattern images, which visible layers fill with a pattern (`fill-pattern`), which pattern each legend swatch shows,
and the map's pixels in each pattern's flat grey with the patterns and without them (fewer with them: the hatching
drawn over the grey). DISTINCT (async) switches the theme to arguments[0] and counts the distinct area ids each theme
draws (arguments[1]: the id field; its visible area layers, without the base map and Quartier's borders, points
and selection).
wait(driver, script) polls a script until it returns something true (or `seconds` passed: None); serious(driver)
runs axe-core on the page and returns its serious and critical violations.
"""
import time

from axe_selenium_python import Axe


def serious(driver):
    axe = Axe(driver)
    axe.inject()
    found = axe.run(options={"resultTypes": ["violations"]})
    return [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"])}
            for v in found["violations"] if v["impact"] in ("serious", "critical")]


def wait(driver, script, seconds=45):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.2)
    return None


PATTERNS = """
const done = arguments[arguments.length - 1], map = window.quartierAtlas.map;
const ids = ["atlas-muster-geheim", "atlas-muster-fehlend"];
// The flat greys of the legend (suppressed, missing): hatching draws lines over part of them.
const greys = {"atlas-muster-geheim": [150, 150, 150], "atlas-muster-fehlend": [217, 217, 217]};
const layers = map.getStyle().layers.filter(l => map.getLayoutProperty(l.id, "visibility") !== "none"
  && l.paint && l.paint["fill-pattern"]);
function pixels() {
  const src = map.getCanvas(), c = document.createElement("canvas");
  c.width = src.width; c.height = src.height;
  const g = c.getContext("2d"); g.drawImage(src, 0, 0);
  const px = g.getImageData(0, 0, c.width, c.height).data, counts = {};
  for (const id of ids) counts[id] = 0;
  for (let i = 0; i < px.length; i += 4) for (const id of ids) {
    const k = greys[id];
    if (Math.abs(px[i] - k[0]) + Math.abs(px[i + 1] - k[1]) + Math.abs(px[i + 2] - k[2]) < 6) counts[id]++;
  }
  return counts;
}
const out = {
  images: ids.filter(id => map.hasImage(id)),
  patterned: layers.map(l => l.id),
  expression: layers.length ? JSON.stringify(layers[0].paint["fill-pattern"]) : null,
  swatches: [...document.querySelectorAll("#legende-inhalt .farbe")].map(s =>
    [s.dataset.muster || null, getComputedStyle(s).backgroundImage.slice(0, 26)]),
  withPatterns: pixels(),
};
for (const l of layers) map.setPaintProperty(l.id, "fill-pattern", null);
map.once("idle", () => {
  out.withoutPatterns = pixels();
  for (const l of layers) map.setPaintProperty(l.id, "fill-pattern", l.paint["fill-pattern"]);
  map.once("idle", () => done(out));
  map.triggerRepaint();
});
map.triggerRepaint();
"""

DISTINCT = """
const done = arguments[arguments.length - 1], map = window.quartierAtlas.map, idField = arguments[1];
const select = document.getElementById("indikator");
select.value = arguments[0];
select.dispatchEvent(new Event("change"));
map.once("idle", () => {
  const skip = new Set(["grenzen", "einrichtungen", "atlas-auswahl", "atlas-grenzen"]);
  const layers = map.getStyle().layers.filter(l => l.type !== "background" && !l.id.startsWith("basis:")
    && !skip.has(l.id) && map.getLayoutProperty(l.id, "visibility") !== "none").map(l => l.id);
  const seen = new Set();
  for (const f of map.queryRenderedFeatures({layers})) seen.add(String(f.properties[idField]));
  done({layers, areas: seen.size});
});
map.triggerRepaint();
"""
