/// The atlas page's script, written as `atlas/atlas.js` (no dependency but the vendored MapLibre bundle).
enum AtlasScript {
    /// `atlas/atlas.js`: switcher, legend, profile, table, search, URL state, downloads, PNG, names.
    static let javascript = #"""
        // Quartier atlas: the published map with switcher, legend, profile, table, search and downloads.
        // Reads sources.json (where the style and the files are), atlas.json (themes, fields, areas, references).
        "use strict";
        (function () {
          const STATUS = {
            secret: "geheim gehalten (in der Quelle „.“)",
            none: "nichts vorhanden (in der Quelle „-“)",
            blocked: "gesperrt (in der Quelle „x“)",
            unreliable: "Aussagewert eingeschränkt (in der Quelle „/“)",
            no_row: "keine Zeile in der Quelltabelle",
            suppressed: "aus Gründen der Geheimhaltung nicht veröffentlicht",
            invalid: "von der Quelle als ungültig gekennzeichnet",
            undefined: "nicht berechenbar, da der Wert fehlt",
            isolated: "ohne Nachbargebiete",
            no_provision_in_reach: "kein Angebot in Reichweite",
            merged: "mit einem anderen Gebiet zusammengefasst",
          };
          const STATE = { ok: "berechnet", undefined: "nicht berechnet (Wert fehlt)", isolated: "ohne Nachbargebiete",
            suppressed: "nicht veröffentlicht (Geheimhaltung)", no_provision_in_reach: "kein Angebot in Reichweite" };
          const COTYPE = { HH: "Hoch-Hoch-Cluster", LL: "Niedrig-Niedrig-Cluster", HL: "Ausreißer: hoch, umgeben von niedrig",
            LH: "Ausreißer: niedrig, umgeben von hoch", "": "kein signifikantes Cluster" };
          const HOTSPOT = { "-3": "Kältepunkt (99 % Konfidenz)", "-2": "Kältepunkt (95 % Konfidenz)",
            "-1": "Kältepunkt (90 % Konfidenz)", "0": "nicht signifikant", "1": "Hotspot (90 % Konfidenz)",
            "2": "Hotspot (95 % Konfidenz)", "3": "Hotspot (99 % Konfidenz)" };
          const number = new Intl.NumberFormat("de-DE", { maximumFractionDigits: 2 });
          const $ = (id) => document.getElementById(id);
          const atlas = (window.quartierAtlas = { ready: false, errors: [], map: null });
          let data, sources, themes, theme, selected = null, sort = { key: "name", up: true }, map = null;
          const rowOf = new Map();

          function el(tag, attrs, ...children) {
            const node = document.createElement(tag);
            for (const [k, v] of Object.entries(attrs || {})) {
              if (v === null || v === undefined) continue;
              if (k === "text") node.textContent = v; else node.setAttribute(k, v);
            }
            for (const c of children) if (c !== null && c !== undefined) node.append(c);
            return node;
          }
          function fmt(v, unit) {
            if (v === null || v === undefined) return "";
            if (typeof v !== "number") return String(v);
            return number.format(v) + (unit ? " " + unit : "");
          }
          function field(name) { return data.fields.find((f) => f.field === name) || { field: name, title: name, unit: "" }; }
          function status(values, statusMap, row) {
            const s = statusMap && statusMap[String(row)];
            return s ? STATUS[s] || s : values && values[row] === null ? "keine Angabe" : "";
          }
          function areaValue(f, row) { const c = data.areas.values[f]; return c ? c[row] : null; }
          function areaStatus(f, row) { return status(data.areas.values[f], data.areas.status[f], row); }
          function statusCode(f, row) { const s = data.areas.status[f]; return s ? s[String(row)] || null : null; }

          // ---------------------------------------------------------------- themes and map layers
          function classOf(t, v) {
            if (v === null || v === undefined) return null;
            if (t.kind === "cluster") return t.entries.find((e) => e.value === v) || t.entries[t.entries.length - 1];
            if (t.kind === "hotspot") return t.entries.find((e) => e.min === v) || null;
            return t.entries.find((e) => v <= e.max) || t.entries[t.entries.length - 1];
          }
          function missingColor(t) {
            return ["match", ["get", t.field + "_status"], "suppressed", t.missing[0].color, t.missing[1].color];
          }
          function addThemeLayers(style) {
            const source = Object.keys(style.sources).find((k) => style.sources[k].type === "vector");
            const sourceLayer = style.layers.find((l) => l.source === source && l["source-layer"])["source-layer"];
            const ids = new Set(style.layers.map((l) => l.id));
            const before = ids.has("grenzen") ? "grenzen" : undefined;
            const layer = (id, type, filter, paint) => ({ id, type, source, "source-layer": sourceLayer, filter, paint,
              layout: { visibility: "none" } });
            for (const t of themes) {
              t.layers = ids.has(t.field) && t.kind !== "cluster" ? [t.field] : [];
              if (ids.has(t.field + "-fehlend")) t.layers.push(t.field + "-fehlend");
              if (t.kind === "hotspot" && ids.has(t.field.replace(/Gi_Bin$/, "COType"))) t.layers.push(t.field.replace(/Gi_Bin$/, "COType"));
              if (t.kind === "cluster") {
                const m = ["match", ["get", t.field]];
                for (const e of t.entries.slice(0, -1)) m.push(e.value, e.color);
                m.push(t.entries[t.entries.length - 1].color);
                map.addLayer(layer("atlas-" + t.id, "fill", ["has", t.field], { "fill-color": m, "fill-opacity": 0.85 }), before);
                t.layers.push("atlas-" + t.id);
              }
              if (t.kind === "ranking") {
                const c = ["case"];
                for (const e of t.entries.slice(0, -1)) c.push(["<=", ["to-number", ["get", t.field]], e.max], e.color);
                c.push(t.entries[t.entries.length - 1].color);
                map.addLayer(layer("atlas-" + t.id, "fill", ["has", t.field], { "fill-color": c, "fill-opacity": 0.85 }), before);
                t.layers.push("atlas-" + t.id);
              }
              if (!t.layers.some((id) => id.endsWith("-fehlend") || id === "atlas-fehlend-" + t.id)) {
                map.addLayer(layer("atlas-fehlend-" + t.id, "fill", ["!", ["has", t.field]], { "fill-color": missingColor(t) }), before);
                t.layers.push("atlas-fehlend-" + t.id);
              }
            }
            if (data.outline) {
              // The borders of the coarsest public parent level (districts), which are also the city's outline.
              map.addSource("atlas-grenzen", { type: "geojson", data: new URL(data.outline, document.baseURI).href });
              map.addLayer({ id: "atlas-grenzen", type: "line", source: "atlas-grenzen", paint: { "line-color": "#404040", "line-width": 1.4 } },
                ids.has("einrichtungen") ? "einrichtungen" : undefined);
            }
            map.addLayer(layer("atlas-auswahl", "line", ["==", ["get", data.idField], ""], { "line-color": "#000", "line-width": 3 }));
            map.setLayoutProperty("atlas-auswahl", "visibility", "visible");
            atlas.areaLayers = themes.flatMap((t) => t.layers);
          }
          function showTheme(t) {
            theme = t;
            if (map && map.isStyleLoaded !== undefined && atlas.areaLayers) {
              for (const x of themes) for (const id of x.layers) map.setLayoutProperty(id, "visibility", x === t ? "visible" : "none");
            }
            $("indikator").value = t.id;
            renderLegend();
            renderTable();
            if (selected !== null) renderProfile(selected);
            writeURL();
          }

          // ---------------------------------------------------------------- legend, downloads
          function renderLegend() {
            const box = $("legende-inhalt");
            box.replaceChildren();
            box.append(el("h3", { text: theme.title + (theme.unit ? " (" + theme.unit + ")" : ""), class: "legende-meta" }));
            const list = el("ul", { class: "legende-liste", "aria-label": "Klassen" });
            const item = (e) => list.append(el("li", {}, el("span", { class: "farbe", style: "background:" + e.color, "aria-hidden": "true" }), el("span", { text: e.label })));
            theme.entries.forEach(item);
            theme.missing.forEach(item);
            box.append(list);
            if (theme.referenceDate) box.append(el("p", { class: "legende-meta", text: "Stand: " + theme.referenceDate }));
            box.append(el("p", { class: "legende-meta", text: "Quelle: " + (theme.attribution || data.attribution.join("; ")) }));
            if (theme.kind === "hotspot") box.append(el("p", { class: "legende-meta", text: "Umrandet: Cluster und Ausreißer (lokales Moran's I)" }));
          }
          function renderDownloads() {
            const list = $("download-liste");
            const formats = { geojson: "GeoJSON", gpkg: "GeoPackage (mit QGIS-Stil)", csv: "CSV (Excel)" };
            for (const file of data.downloads) {
              const ext = file.split(".").pop();
              list.append(el("li", {}, el("a", { href: sources.files + file, download: file, text: (formats[ext] || ext) + ": " + file })));
            }
            $("lizenz").textContent = "Lizenz und Namensnennung: " + data.attribution.join("; ");
            $("quellen").textContent = "Quellen: " + data.attribution.join(" | ");
          }

          // ---------------------------------------------------------------- table and search
          function rows() {
            const q = $("suche").value.trim().toLowerCase();
            const n = data.areas.ids.length, out = [];
            for (let r = 0; r < n; r++) {
              const name = (data.areas.names[r] || "").toLowerCase(), id = data.areas.ids[r] || "";
              if (!q || name.includes(q) || id.toLowerCase().startsWith(q)) out.push(r);
            }
            const key = sort.key, dir = sort.up ? 1 : -1;
            const val = (r) => key === "name" ? data.areas.names[r] || "" : key === "id" ? data.areas.ids[r] : areaValue(theme.field, r);
            out.sort((a, b) => {
              const x = val(a), y = val(b);
              if (x === null || x === undefined) return 1;
              if (y === null || y === undefined) return -1;
              return (typeof x === "number" ? x - y : String(x).localeCompare(String(y), "de")) * dir;
            });
            return out;
          }
          function renderTable() {
            const body = document.querySelector("#tabelle tbody");
            const list = rows();
            const unit = theme.unit;
            $("wert-kopf").textContent = theme.title + (unit ? " (" + unit + ")" : "");
            const frag = document.createDocumentFragment();
            rowOf.clear();
            for (const r of list) {
              const v = areaValue(theme.field, r);
              const tr = el("tr", { tabindex: "0", "data-row": r, "aria-current": r === selected ? "true" : null },
                el("th", { scope: "row", text: data.areas.names[r] || data.areas.ids[r] }),
                el("td", { text: data.areas.ids[r] }),
                el("td", { class: "zahl", text: theme.kind === "hotspot" && v !== null ? HOTSPOT[String(v)] : theme.kind === "cluster" && v !== null ? COTYPE[v] : fmt(v) }),
                el("td", { text: areaStatus(theme.field, r) }));
              rowOf.set(r, tr);
              frag.append(tr);
            }
            body.replaceChildren(frag);
            $("tabelle-anzahl").textContent = list.length + " von " + data.areas.ids.length + " Gebieten";
            for (const th of document.querySelectorAll("#tabelle thead th")) {
              const b = th.querySelector("button");
              if (b) th.setAttribute("aria-sort", b.dataset.sort === sort.key ? (sort.up ? "ascending" : "descending") : "none");
            }
          }

          // ---------------------------------------------------------------- profile
          function reference(f, r) {
            const parts = [];
            for (const p of data.parents) {
              const i = p.of[r];
              if (i === null || i === undefined || !p.values[f]) continue;
              const v = p.values[f][i], s = p.status[f] && p.status[f][String(i)];
              parts.push(p.title + " " + p.ids[i] + ": " + (v === null ? (STATUS[s] || "keine Angabe") : fmt(v, field(f).unit)));
            }
            if (f in data.city.values) parts.push(data.city.name + ": " + fmt(data.city.values[f], field(f).unit) + " (" + data.city.notes[f] + ")");
            return parts;
          }
          function renderProfile(r) {
            const box = $("profil-inhalt");
            box.replaceChildren();
            const name = data.areas.names[r] || data.areas.ids[r];
            box.append(el("h3", { id: "profil-name", text: name }), el("p", { class: "bezug", text: "Nummer " + data.areas.ids[r] }));
            const parents = data.parents.filter((p) => p.of[r] !== null).map((p) => p.title + " " + p.ids[p.of[r]]);
            if (parents.length) box.append(el("p", { class: "bezug", text: "Gehört zu: " + parents.join(", ") }));
            const v = areaValue(theme.field, r), c = classOf(theme, v);
            box.append(el("p", {}, el("strong", { text: theme.title + ": " }),
              document.createTextNode(v === null ? areaStatus(theme.field, r) : theme.kind === "hotspot" ? HOTSPOT[String(v)] : theme.kind === "cluster" ? COTYPE[v] : fmt(v, theme.unit) + (c ? " – Klasse „" + c.label + "“" : ""))));
            const dl = el("dl");
            for (const f of data.fields) {
              const value = areaValue(f.field, r);
              let text;
              if (value === null || value === undefined) text = areaStatus(f.field, r) || "keine Angabe";
              else if (/Gi_Bin$/.test(f.field)) text = HOTSPOT[String(value)] || String(value);
              else if (/COType$/.test(f.field)) text = COTYPE[value] || value;
              else if (f.field === "state" || /_state$/.test(f.field)) text = STATE[value] || value;
              else text = fmt(value, f.unit);
              dl.append(el("dt", { text: f.title }), el("dd", { "data-field": f.field, text }));
              for (const ref of reference(f.field, r)) dl.append(el("dd", { class: "bezug", text: ref }));
            }
            box.append(dl);
          }
          function select(r, opts) {
            selected = r;
            for (const tr of document.querySelectorAll("#tabelle tbody tr[aria-current]")) tr.removeAttribute("aria-current");
            if (r === null) return;
            const tr = rowOf.get(r);
            if (tr) tr.setAttribute("aria-current", "true");
            renderProfile(r);
            if (map && map.getLayer("atlas-auswahl")) map.setFilter("atlas-auswahl", ["==", ["get", data.idField], data.areas.ids[r]]);
            const b = data.areas.bbox[r];
            if (map && b && opts && opts.fly) map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 80, maxZoom: 13, duration: 0 });
            if (opts && opts.focus) $("profil").focus();
            writeURL();
          }

          // ---------------------------------------------------------------- URL state
          function readURL() {
            const q = new URLSearchParams(location.search);
            return { indicator: q.get("indicator"), area: q.get("area"), map: q.get("map") };
          }
          function writeURL() {
            if (!theme) return;
            const q = new URLSearchParams();
            q.set("indicator", theme.id);
            if (selected !== null) q.set("area", data.areas.ids[selected]);
            if (map) { const c = map.getCenter(); q.set("map", [map.getZoom().toFixed(2), c.lat.toFixed(5), c.lng.toFixed(5)].join("/")); }
            history.replaceState(null, "", "?" + q.toString());
          }

          // ---------------------------------------------------------------- map
          function absolutize(style, base) {
            const abs = (u) => new URL(u, base).href;
            for (const s of Object.values(style.sources)) {
              if (typeof s.url === "string") s.url = s.url.startsWith("pmtiles://") ? "pmtiles://" + abs(s.url.slice(10)) : abs(s.url);
              if (Array.isArray(s.tiles)) s.tiles = s.tiles.map(abs);
              if (typeof s.data === "string") s.data = abs(s.data);
            }
            for (const k of ["glyphs", "sprite"]) if (typeof style[k] === "string") style[k] = abs(style[k]);
            return style;
          }
          function startMap(style, initial) {
            if (!window.maplibregl) { $("karte-fehler").hidden = false; $("karte-fehler").textContent = "Die Kartenbibliothek fehlt; Tabelle und Profile sind nutzbar."; atlas.ready = true; return; }
            const options = { container: "karte", style, fadeDuration: 0, canvasContextAttributes: { preserveDrawingBuffer: true }, attributionControl: { compact: true },
              locale: { "NavigationControl.ZoomIn": "Vergrößern", "NavigationControl.ZoomOut": "Verkleinern", "NavigationControl.ResetBearing": "Nach Norden ausrichten",
                "AttributionControl.ToggleAttribution": "Quellen ein- und ausblenden", "ScaleControl.Meters": "m", "ScaleControl.Kilometers": "km" } };
            if (initial.map) { const [z, lat, lng] = initial.map.split("/").map(Number); if ([z, lat, lng].every(Number.isFinite)) { options.zoom = z; options.center = [lng, lat]; } }
            else {
              const b = data.bounds;
              if (data.zoom !== undefined) { options.zoom = data.zoom; options.center = data.center || (b && [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2]); }
              else if (b) options.bounds = [[b[0], b[1]], [b[2], b[3]]];
            }
            map = atlas.map = new maplibregl.Map(options);
            // [publish] center without zoom: the fitted zoom, around the configured centre.
            if (!initial.map && data.center && data.zoom === undefined) map.setCenter(data.center);
            map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
            map.addControl(new maplibregl.ScaleControl({}), "bottom-left");
            map.on("error", (e) => atlas.errors.push(String((e.error && e.error.message) || e.type)));
            map.on("load", () => {
              // The sources are listed below the page; the attribution starts folded so it does not cover the map.
              const attribution = map.getContainer().querySelector(".maplibregl-ctrl-attrib");
              if (attribution) { attribution.classList.remove("maplibregl-compact-show"); attribution.removeAttribute("open"); }
              addThemeLayers(style);
              showTheme(theme);
              if (selected !== null) select(selected, { fly: !initial.map });
              map.on("click", (e) => {
                const hits = map.queryRenderedFeatures(e.point, { layers: theme.layers.filter((id) => map.getLayer(id)) });
                const id = hits.length ? String(hits[0].properties[data.idField]) : null;
                const r = id === null ? -1 : data.areas.ids.indexOf(id);
                if (r >= 0) select(r, {});
              });
              if (map.getLayer("einrichtungen")) {
                // Many points: smaller at city scale, full size close up.
                map.setPaintProperty("einrichtungen", "circle-radius", ["interpolate", ["linear"], ["zoom"], 9, 1.5, 14, 4]);
                map.setPaintProperty("einrichtungen", "circle-stroke-width", ["interpolate", ["linear"], ["zoom"], 9, 0.3, 14, 1]);
                map.on("click", "einrichtungen", (e) => {
                  const p = e.features[0].properties, body = el("div");
                  const names = data.pointFields.length ? data.pointFields : Object.keys(p);
                  body.append(el("strong", { text: p[names[0]] !== undefined ? String(p[names[0]]) : "Einrichtung" }));
                  for (const k of names.slice(1)) body.append(el("div", { text: k + ": " + (p[k] === undefined || p[k] === null ? "keine Angabe" : p[k]) }));
                  new maplibregl.Popup({ closeButton: true }).setLngLat(e.lngLat).setDOMContent(body).addTo(map);
                });
                map.on("mouseenter", "einrichtungen", () => { map.getCanvas().style.cursor = "pointer"; });
                map.on("mouseleave", "einrichtungen", () => { map.getCanvas().style.cursor = ""; });
              }
              map.on("moveend", () => { writeURL(); drawLabels(); });
              drawLabels();
              map.once("idle", () => { atlas.ready = true; atlas.firstIdle = performance.now(); });
            });
            // Timings (ms since navigation): the first frame, and the first frame drawn after a tile of the areas arrived.
            map.once("render", () => { atlas.firstRender = performance.now(); });
            map.on("data", (e) => { if (e.dataType === "source" && e.tile && !atlas.firstTile) atlas.firstTile = performance.now(); });
            map.on("render", () => { if (atlas.firstTile && !atlas.firstPaint) atlas.firstPaint = performance.now(); });
          }

          // ---------------------------------------------------------------- area names, drawn without glyphs
          // MapLibre needs a glyph server for text; the page has none (it must work offline), so the names of the areas in
          // view are HTML labels at a point inside each area, from zoom 12 on (at most 120), redrawn after every move.
          const labels = [];
          function drawLabels() {
            while (labels.length) labels.pop().remove();
            if (!map || !data.areas.label || map.getZoom() < 12) return;
            const b = map.getBounds();
            for (let r = 0; r < data.areas.label.length && labels.length < 120; r++) {
              const p = data.areas.label[r];
              if (!p || !b.contains(p)) continue;
              const div = el("div", { class: "namen", "aria-hidden": "true", text: data.areas.names[r] || data.areas.ids[r] });
              labels.push(new maplibregl.Marker({ element: div }).setLngLat(p).addTo(map));
            }
          }

          // ---------------------------------------------------------------- PNG of the view with legend and attribution
          function savePNG() {
            if (!map) return;
            const src = map.getCanvas(), ratio = src.width / src.clientWidth;
            const lines = theme.entries.concat(theme.missing);
            const legendH = (lines.length + 3) * 18 * ratio;
            const c = document.createElement("canvas");
            c.width = src.width; c.height = src.height + legendH;
            const g = c.getContext("2d");
            g.fillStyle = "#fff"; g.fillRect(0, 0, c.width, c.height);
            g.drawImage(src, 0, 0);
            g.font = 13 * ratio + "px sans-serif"; g.fillStyle = "#1a1a1a";
            let y = src.height + 18 * ratio;
            g.fillText(theme.title + (theme.unit ? " (" + theme.unit + ")" : ""), 8 * ratio, y);
            for (const e of lines) { y += 18 * ratio; g.fillStyle = e.color; g.fillRect(8 * ratio, y - 12 * ratio, 20 * ratio, 12 * ratio); g.fillStyle = "#1a1a1a"; g.fillText(e.label, 34 * ratio, y); }
            y += 18 * ratio; g.fillText("Quelle: " + (theme.attribution || data.attribution.join("; ")), 8 * ratio, y);
            const a = el("a", { href: c.toDataURL("image/png"), download: data.analysis + "-" + theme.id + ".png" });
            document.body.append(a); a.click(); a.remove();
          }

          // ---------------------------------------------------------------- start
          async function start() {
            sources = await (await fetch("sources.json")).json();
            data = await (await fetch("atlas.json")).json();
            document.title = data.title + " – Bildungsatlas";
            $("titel").textContent = data.title;
            $("untertitel").textContent = data.areas.ids.length + " Gebiete; nur veröffentlichte (öffentliche) Werte.";
            themes = data.themes;
            const initial = readURL();
            theme = themes.find((t) => t.id === initial.indicator) || themes[0];
            const s = $("indikator");
            for (const t of themes) s.append(el("option", { value: t.id, text: t.title }));
            s.addEventListener("change", () => showTheme(themes.find((t) => t.id === s.value)));
            renderDownloads();
            showTheme(theme);
            if (initial.area) { const r = data.areas.ids.indexOf(initial.area); if (r >= 0) select(r, { fly: !initial.map }); }
            const body = document.querySelector("#tabelle tbody");
            body.addEventListener("click", (e) => { const tr = e.target.closest("tr"); if (tr) select(Number(tr.dataset.row), { fly: true }); });
            body.addEventListener("keydown", (e) => {
              const tr = e.target.closest("tr");
              if (!tr) return;
              if (e.key === "Enter" || e.key === " ") { e.preventDefault(); select(Number(tr.dataset.row), { fly: true, focus: true }); }
              if (e.key === "ArrowDown" && tr.nextElementSibling) { e.preventDefault(); tr.nextElementSibling.focus(); }
              if (e.key === "ArrowUp" && tr.previousElementSibling) { e.preventDefault(); tr.previousElementSibling.focus(); }
            });
            for (const b of document.querySelectorAll("#tabelle thead button")) {
              b.addEventListener("click", () => { sort = { key: b.dataset.sort, up: sort.key === b.dataset.sort ? !sort.up : true }; renderTable(); });
            }
            $("suche").addEventListener("input", renderTable);
            $("suche").addEventListener("keydown", (e) => {
              if (e.key !== "Enter") return;
              const list = rows();
              if (list.length) select(list[0], { fly: true, focus: true });
            });
            $("png").addEventListener("click", savePNG);
            const styleURL = new URL(sources.style, location.href).href;
            const style = absolutize(await (await fetch(styleURL)).json(), styleURL);
            startMap(style, initial);
          }
          start().catch((e) => { atlas.errors.push(String(e)); console.error(e); });
        })();
        """#
}
