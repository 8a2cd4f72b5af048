"""Drives the atlas page in headless Chromium (Selenium) and prints what it found as JSON (AtlasBrowserTests).

Usage: atlas_browser.py static FOLDER [SCREENSHOT.png]   (also SCREENSHOT-profil.png: the page on ?area=01100101)   serves FOLDER (a publish's output folder) with byte ranges
                                                        and opens /atlas/
       atlas_browser.py served URL [SCREENSHOT.png]     opens URL (e.g. http://127.0.0.1:PORT/atlas/berlin-demo/)

Prints {"ready", "layers": {visible layer: rendered features}, "choropleth": share of the map's pixels in a legend
colour, "options": [switcher values], "legend": text, "rows": table rows, "profile": {"name", "text"} for
?area=01100101, "focus": [ids reached by Tab], "enterOpens": profile name after Enter on a row, "axe": [serious or
critical violations], "console": [SEVERE browser log lines], "errors": [map errors], "timing": {...}, "bytes": {...},
"patterns": atlas_checks.PATTERNS on the S4 theme}.
"""
import json
import os
import sys
import time

from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import browser  # noqa: E402
import atlas_checks  # noqa: E402

mode, target = sys.argv[1], sys.argv[2]
screenshot = sys.argv[3] if len(sys.argv) > 3 else None
server = None

if mode == "static":
    server, base = browser.serve(target)
    page = base + "/atlas/"
else:
    page = target

driver = browser.chromium(1400, 1000)
driver.set_script_timeout(60)
result = {}


def wait(script, seconds=45):
    return atlas_checks.wait(driver, script, seconds)


COUNT = """
const a = window.quartierAtlas, map = a.map, counts = {};
for (const layer of map.getStyle().layers) {
  if (layer.type === "background" || map.getLayoutProperty(layer.id, "visibility") === "none") continue;
  counts[layer.id] = map.queryRenderedFeatures({layers: [layer.id]}).length;
}
return counts;
"""
# Share of the map canvas's pixels drawn in one of the legend's class colours (fill-opacity 0.85 over white).
PIXELS = """
const a = window.quartierAtlas, src = a.map.getCanvas();
const c = document.createElement("canvas"); c.width = src.width; c.height = src.height;
const g = c.getContext("2d"); g.drawImage(src, 0, 0);
const px = g.getImageData(0, 0, c.width, c.height).data;
const theme = document.getElementById("indikator").value;
const colors = [...document.querySelectorAll("#legende-inhalt .farbe")].map(s => getComputedStyle(s).backgroundColor)
  .map(t => t.match(/\\d+/g).map(Number)).map(([r, g, b]) => [r, g, b].map(v => 0.85 * v + 0.15 * 255));
let hit = 0, n = 0;
for (let i = 0; i < px.length; i += 16) {
  n++;
  for (const k of colors) if (Math.abs(px[i] - k[0]) + Math.abs(px[i+1] - k[1]) + Math.abs(px[i+2] - k[2]) < 24) { hit++; break; }
}
return {share: hit / n, classes: colors.length, theme};
"""
SWITCH = """
const done = arguments[arguments.length - 1], map = window.quartierAtlas.map, select = document.getElementById("indikator");
select.value = arguments[0];
select.dispatchEvent(new Event("change"));
map.once("idle", () => {
  const counts = {};
  for (const layer of map.getStyle().layers) {
    if (layer.type === "background" || layer.id === "grenzen" || layer.id === "einrichtungen" || layer.id === "atlas-auswahl"
        || map.getLayoutProperty(layer.id, "visibility") === "none") continue;
    counts[layer.id] = map.queryRenderedFeatures({layers: [layer.id]}).length;
  }
  done(counts);
});
map.triggerRepaint();
"""
POPUP = """
const map = window.quartierAtlas.map, point = map.queryRenderedFeatures({layers: ["einrichtungen"]})[0];
if (!point) return null;
const lngLat = {lng: point.geometry.coordinates[0], lat: point.geometry.coordinates[1]};
map.fire("click", {point: map.project(lngLat), lngLat: map.unproject(map.project(lngLat)), originalEvent: {}});
const popup = document.querySelector(".maplibregl-popup");
const text = popup ? popup.textContent : null;
if (popup) popup.remove();
return text;
"""
PNG = """
let href = null;
const click = HTMLAnchorElement.prototype.click;
HTMLAnchorElement.prototype.click = function () { href = this.href; };
try { document.getElementById("png").click(); } finally { HTMLAnchorElement.prototype.click = click; }
return href && {type: href.slice(0, 21), length: href.length};
"""
try:
    t0 = time.time()
    driver.get(page)
    result["ready"] = bool(wait("return window.quartierAtlas && window.quartierAtlas.ready"))
    result["loadSeconds"] = round(time.time() - t0, 2)
    result["timing"] = driver.execute_script(
        "const a = window.quartierAtlas; return {firstRender: a.firstRender, firstPaint: a.firstPaint, firstIdle: a.firstIdle,"
        " domContentLoaded: performance.timing.domContentLoadedEventEnd - performance.timing.navigationStart}")
    result["bytes"] = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => [e.name, e.encodedBodySize, e.transferSize])")
    result["layers"] = driver.execute_script(COUNT) if result["ready"] else None
    result["firstLabels"] = driver.execute_script("return [...document.querySelectorAll('.namen')].map(e => e.textContent)")
    result["choropleth"] = driver.execute_script(PIXELS) if result["ready"] else None
    if screenshot:
        driver.save_screenshot(screenshot)
    # Every theme of the switcher drawn: rendered features of its visible layers once the map is idle again.
    result["themes"] = {}
    for value in driver.execute_script("return [...document.querySelectorAll('#indikator option')].map(o => o.value)"):
        result["themes"][value] = driver.execute_async_script(SWITCH, value)
    driver.execute_async_script(SWITCH, "S4")
    # Missing (invalid) and suppressed S4 values hatched and cross-hatched, on the map and in the legend.
    result["patterns"] = driver.execute_async_script(atlas_checks.PATTERNS)
    # A click on a Kita opens its popup (name and places, the published point fields).
    result["popup"] = driver.execute_script(POPUP)
    # The PNG of the view: the button hands a PNG data URL to a download link.
    result["png"] = driver.execute_script(PNG)
    result["options"] = [o.get_attribute("value") for o in driver.find_elements(By.CSS_SELECTOR, "#indikator option")]
    result["optionTitles"] = [o.text for o in driver.find_elements(By.CSS_SELECTOR, "#indikator option")]
    result["legend"] = driver.find_element(By.ID, "legende").text
    result["rows"] = len(driver.find_elements(By.CSS_SELECTOR, "#tabelle tbody tr"))
    result["downloads"] = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#download-liste a")]
    axe = Axe(driver)
    axe.inject()
    found = axe.run(options={"resultTypes": ["violations"]})
    result["axe"] = [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"]),
                      "example": v["nodes"][0]["html"][:200] if v["nodes"] else ""}
                     for v in found["violations"] if v["impact"] in ("serious", "critical")]
    result["axeMinor"] = [v["id"] for v in found["violations"] if v["impact"] not in ("serious", "critical")]

    # Keyboard only: Tab from the start of the page until the switcher, the search and a table row were reached.
    driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    body = driver.find_element(By.TAG_NAME, "body")
    reached, row = [], None
    active = body
    for _ in range(80):
        active.send_keys(Keys.TAB)
        active = driver.switch_to.active_element
        ident = active.get_attribute("id") or active.tag_name
        if active.tag_name == "tr":
            ident, row = "row", active
        reached.append(ident)
        if ident == "row":
            break
    result["focus"] = reached
    if row is not None:
        expected = row.find_element(By.TAG_NAME, "th").text
        row.send_keys(Keys.ENTER)
        time.sleep(0.3)
        result["enterOpens"] = {"expected": expected, "profile": driver.find_element(By.ID, "profil-inhalt").find_element(
            By.TAG_NAME, "h3").text, "focused": driver.switch_to.active_element.get_attribute("id")}

    # A shared URL: ?area=01100101 opens its profile with the city's reference.
    base = driver.current_url.split("?")[0]
    driver.get(base + "?indicator=S4&area=01100101")
    wait("return window.quartierAtlas && window.quartierAtlas.ready")
    name = wait("const h = document.querySelector('#profil-inhalt h3'); return h && h.textContent", 10)
    time.sleep(0.5)  # the zoom to the area ends with a moveend, which draws the names
    if screenshot:
        driver.save_screenshot(screenshot.replace(".png", "-profil.png"))
    result["labels"] = driver.execute_script("return [...document.querySelectorAll('.namen')].map(e => e.textContent)")
    result["profile"] = {"name": name, "text": driver.find_element(By.ID, "profil-inhalt").text,
                         "indicator": driver.find_element(By.ID, "indikator").get_attribute("value"),
                         "url": driver.current_url}
    # The profile's time series (series.json, public series only): the line and the values per step, checked by
    # axe with the panel open.
    series = wait("const s = document.getElementById('profil-reihen'); return s && s.textContent", 10)
    result["series"] = {
        "text": series,
        "lines": len(driver.find_elements(By.CSS_SELECTOR, "#profil-reihen svg[role=img][aria-label]")),
        "cells": driver.execute_script(
            "return [...document.querySelectorAll('#profil-reihen td[data-series]')]"
            ".map(td => [td.dataset.series, td.closest('tr').querySelector('th').textContent, td.textContent])"),
        "city": driver.execute_script(
            "return [...document.querySelectorAll('#profil-reihen td[data-city]')]"
            ".map(td => [td.dataset.city, td.closest('tr').querySelector('th').textContent, td.textContent])"),
    }
    result["axeProfile"] = atlas_checks.serious(driver)
    result["errors"] = driver.execute_script("return window.quartierAtlas.errors")
    result["console"] = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    # The link to the printable area profile, followed: its page names the area.
    link = driver.execute_script("const a = document.getElementById('profil-link'); return a && a.href")
    result["profileLink"] = link
    if link:
        driver.get(link)
        result["profilePage"] = wait("return document.readyState === 'complete' && document.title", 20)
    # The goal theme (issue 26): the map coloured by goal state, with its legend.
    driver.get(base + "?indicator=S4_goal_state")
    wait("return window.quartierAtlas && window.quartierAtlas.ready")
    time.sleep(0.5)
    result["goal"] = {
        "legend": driver.find_element(By.ID, "legende").text,
        "indicator": driver.find_element(By.ID, "indikator").get_attribute("value"),
        "drawn": driver.execute_script(
            "const m = window.quartierAtlas.map; return m ? m.queryRenderedFeatures({layers: "
            "['atlas-S4_goal_state']}).map(f => f.properties.S4_goal_state) : null"),
        "errors": driver.execute_script("return window.quartierAtlas.errors"),
    }
finally:
    driver.quit()
    if server:
        server.shutdown()
print(json.dumps(result))
