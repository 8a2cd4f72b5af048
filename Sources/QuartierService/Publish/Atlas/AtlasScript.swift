/// The atlas page's script, written as `atlas/atlas.js` (no dependency but the vendored MapLibre bundle): one
/// function in parts: the page (`pageScript`: themes, legend, downloads, table, search, profile), the series
/// (`AtlasScript+Series.swift`), the base map and the patterns of missing values (`AtlasScript+BaseMap.swift`) and the
/// map (`AtlasScript+Map.swift`: URL state, map, names, PNG, start).
enum AtlasScript {
    /// `atlas/atlas.js`.
    static var javascript: String { pageScript + "\n" + seriesScript + "\n" + baseMapScript + "\n" + mapScript }

    /// Constants, helpers, themes and layers, legend, downloads, table and search, profile.
    static let pageScript = #"""
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
            incomplete: "unvollständig: ein zusammengefasstes Gebiet liegt zum Teil in einem anderen Gebiet",
          };
          const STATE = { ok: "berechnet", undefined: "nicht berechnet (Wert fehlt)", isolated: "ohne Nachbargebiete",
            suppressed: "nicht veröffentlicht (Geheimhaltung)", no_provision_in_reach: "kein Angebot in Reichweite",
            erreicht: "Ziel erreicht", auf_kurs: "auf Kurs", nicht_auf_kurs: "nicht auf Kurs",
            unbestimmt: "unbestimmt (zu wenige Werte)" };
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
          // Themes of text classes (clusters, goal states) are coloured by value, the others by class bounds.
          function categorical(t) { return t.kind === "cluster" || t.kind === "goal" || t.kind === "category"; }
          function themeText(t, v) {
            if (t.kind === "hotspot") return HOTSPOT[String(v)] || String(v);
            if (t.kind === "cluster") return COTYPE[v] || v;
            if (t.kind === "goal") return STATE[v] || v;
            if (t.kind === "category") { const e = t.entries.find((x) => x.value === v); return e ? e.label : v; }
            return fmt(v, t.unit);
          }
          function classOf(t, v) {
            if (v === null || v === undefined) return null;
            if (categorical(t)) return t.entries.find((e) => e.value === v) || t.entries[t.entries.length - 1];
            if (t.kind === "hotspot") return t.entries.find((e) => e.min === v) || null;
            return t.entries.find((e) => v <= e.max) || t.entries[t.entries.length - 1];
          }
          function missingColor(t) {
            return ["match", ["get", t.field + "_status"], "suppressed", t.missing[0].color, t.missing[1].color];
          }
          // `style`: Quartier's own style (the map's may hold a base map's sources and layers below it).
          function addThemeLayers(style) {
            const source = Object.keys(style.sources).find((k) => style.sources[k].type === "vector");
            const sourceLayer = style.layers.find((l) => l.source === source && l["source-layer"])["source-layer"];
            const ids = new Set(style.layers.map((l) => l.id));
            const before = ids.has("grenzen") ? "grenzen" : undefined;
            const layer = (id, type, filter, paint) => ({ id, type, source, "source-layer": sourceLayer, filter, paint,
              layout: { visibility: "none" } });
            for (const t of themes) {
              t.layers = ids.has(t.field) && !categorical(t) ? [t.field] : [];
              if (ids.has(t.field + "-fehlend")) {
                map.setPaintProperty(t.field + "-fehlend", "fill-pattern", missingPattern(t));
                t.layers.push(t.field + "-fehlend");
              }
              if (t.kind === "hotspot" && ids.has(t.field.replace(/Gi_Bin$/, "COType"))) t.layers.push(t.field.replace(/Gi_Bin$/, "COType"));
              if (categorical(t)) {
                const m = ["match", ["get", t.field]];
                for (const e of t.entries.slice(0, -1)) m.push(e.value, e.color);
                m.push(t.entries[t.entries.length - 1].color);
                map.addLayer(layer("atlas-" + t.id, "fill", ["has", t.field], { "fill-color": m, "fill-opacity": 0.85 }), before);
                t.layers.push("atlas-" + t.id);
              }
              if (t.kind === "ranking" || t.kind === "classes") {
                const c = ["case"];
                for (const e of t.entries.slice(0, -1)) c.push(["<=", ["to-number", ["get", t.field]], e.max], e.color);
                c.push(t.entries[t.entries.length - 1].color);
                map.addLayer(layer("atlas-" + t.id, "fill", ["has", t.field], { "fill-color": c, "fill-opacity": 0.85 }), before);
                t.layers.push("atlas-" + t.id);
              }
              if (!t.layers.some((id) => id.endsWith("-fehlend") || id === "atlas-fehlend-" + t.id)) {
                map.addLayer(layer("atlas-fehlend-" + t.id, "fill", ["!", ["has", t.field]], { "fill-color": missingColor(t), "fill-pattern": missingPattern(t) }), before);
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
            const item = (e) => list.append(el("li", {}, swatch(e), el("span", { text: e.label })));
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
                el("td", { class: "zahl", text: v !== null ? themeText(theme, v) : fmt(v) }),
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
          // A parent by its name when the roll-up has names ("Mitte (Bezirke)"), else by its key ("Bezirke 01").
          function parentLabel(p, i) { return p.names && p.names[i] ? p.names[i] + " (" + p.title + ")" : p.title + " " + p.ids[i]; }
          function reference(f, r) {
            const parts = [];
            for (const p of data.parents) {
              const i = p.of[r];
              if (i === null || i === undefined || !p.values[f]) continue;
              const v = p.values[f][i], s = p.status[f] && p.status[f][String(i)];
              const words = data.labels && data.labels[f] && data.labels[f][v];
              parts.push(parentLabel(p, i) + ": " + (v === null ? (STATUS[s] || "keine Angabe") : words || fmt(v, field(f).unit)));
            }
            if (f in data.city.values) parts.push(data.city.name + ": " + fmt(data.city.values[f], field(f).unit) + " (" + data.city.notes[f] + ")");
            return parts;
          }
          function renderProfile(r) {
            const box = $("profil-inhalt");
            box.replaceChildren();
            const name = data.areas.names[r] || data.areas.ids[r];
            box.append(el("h3", { id: "profil-name", text: name }), el("p", { class: "bezug", text: "Nummer " + data.areas.ids[r] }));
            const parents = data.parents.filter((p) => p.of[r] !== null).map((p) => parentLabel(p, p.of[r]));
            if (parents.length) box.append(el("p", { class: "bezug", text: "Gehört zu: " + parents.join(", ") }));
            if (sources.profiles) {
              // The printable area profile, named as quartier profiles names its files.
              const file = String(data.areas.ids[r]).replace(/[^\p{L}\p{N}_-]/gu, "_") + ".html";
              box.append(el("p", {}, el("a", { id: "profil-link", href: sources.profiles + file, text: "Gebietsprofil (druckbar) öffnen" })));
            }
            const v = areaValue(theme.field, r), c = classOf(theme, v);
            box.append(el("p", {}, el("strong", { text: theme.title + ": " }),
              document.createTextNode(v === null ? areaStatus(theme.field, r) : categorical(theme) || theme.kind === "hotspot" ? themeText(theme, v) : fmt(v, theme.unit) + (c ? " – Klasse „" + c.label + "“" : ""))));
            const dl = el("dl");
            for (const f of data.fields) {
              const value = areaValue(f.field, r);
              let text;
              if (value === null || value === undefined) text = areaStatus(f.field, r) || "keine Angabe";
              else if (/Gi_Bin$/.test(f.field)) text = HOTSPOT[String(value)] || String(value);
              else if (/COType$/.test(f.field)) text = COTYPE[value] || value;
              else if (f.field === "state" || /_state$/.test(f.field)) text = STATE[value] || value;
              else if (data.labels && data.labels[f.field]) text = data.labels[f.field][value] || value;
              else text = fmt(value, f.unit);
              dl.append(el("dt", { text: f.title }), el("dd", { "data-field": f.field, text }));
              for (const ref of reference(f.field, r)) dl.append(el("dd", { class: "bezug", text: ref }));
            }
            box.append(dl);
            renderSeries(box, r);
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
        """#
}
