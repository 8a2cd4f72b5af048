/// The second part of `atlas/atlas.js`: URL state, the map, area names, the PNG of the view, and the start.
extension AtlasScript {
    /// URL state, map, names without glyphs, PNG with legend, start.
    static let mapScript = #"""
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
            // A style may name several sprites ([{id, url}], style spec v8 since MapLibre 4).
            if (Array.isArray(style.sprite)) style.sprite = style.sprite.map((s) => Object.assign({}, s, { url: abs(s.url) }));
            return style;
          }
          // `style`: what the map draws (Quartier's style, with the base map below it when configured); `own`: Quartier's.
          function startMap(style, own, initial) {
            if (!window.maplibregl) { $("karte-fehler").hidden = false; $("karte-fehler").textContent = "Die Kartenbibliothek fehlt; Tabelle und Profile sind nutzbar."; atlas.ready = true; return; }
            const options = { container: "karte", style, fadeDuration: 0, canvasContextAttributes: { preserveDrawingBuffer: true }, attributionControl: { compact: true, customAttribution: data.basemap && data.basemap.kind === "style" ? data.basemap.attribution || undefined : undefined },
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
              addPatterns();
              addThemeLayers(own);
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
            const areas = Object.keys(own.sources).find((k) => own.sources[k].type === "vector");
            map.on("data", (e) => { if (e.dataType === "source" && e.tile && e.sourceId === areas && !atlas.firstTile) atlas.firstTile = performance.now(); });
            map.on("render", () => { if (atlas.firstTile && !atlas.firstPaint) atlas.firstPaint = performance.now(); });
          }

          // ---------------------------------------------------------------- area names, drawn without glyphs
          // MapLibre needs a glyph server for text; the page has none (it must work offline), so the names of the areas in
          // view are HTML labels at a point inside each area, from zoom 12 on (at most 120), redrawn after every move.
          const labels = [];
          // Below zoom 12 the names of the coarsest named parent level (the districts) take their place.
          function drawLabels() {
            while (labels.length) labels.pop().remove();
            if (!map) return;
            const districts = data.parents.filter((p) => p.names && p.names.some((n) => n)).sort((a, b) => a.ids.length - b.ids.length)[0];
            const level = map.getZoom() >= 12 ? { label: data.areas.label, names: data.areas.names, ids: data.areas.ids, cls: "namen" }
              : districts ? { label: districts.label, names: districts.names, ids: districts.ids, cls: "namen bezirksname" } : null;
            if (!level || !level.label) return;
            const b = map.getBounds();
            for (let r = 0; r < level.label.length && labels.length < 120; r++) {
              const p = level.label[r];
              if (!p || !b.contains(p)) continue;
              const div = el("div", { class: level.cls, "aria-hidden": "true", text: level.names[r] || level.ids[r] });
              labels.push(new maplibregl.Marker({ element: div }).setLngLat(p).addTo(map));
            }
          }

          // ---------------------------------------------------------------- PNG of the view with legend and attribution
          function savePNG() {
            if (!map) return;
            const src = map.getCanvas(), ratio = src.width / src.clientWidth;
            const lines = theme.entries.concat(theme.missing);
            const legendH = (lines.length + (atlas.baseAttribution ? 4 : 3)) * 18 * ratio;
            const c = document.createElement("canvas");
            c.width = src.width; c.height = src.height + legendH;
            const g = c.getContext("2d");
            g.fillStyle = "#fff"; g.fillRect(0, 0, c.width, c.height);
            g.drawImage(src, 0, 0);
            g.font = 13 * ratio + "px sans-serif"; g.fillStyle = "#1a1a1a";
            let y = src.height + 18 * ratio;
            g.fillText(theme.title + (theme.unit ? " (" + theme.unit + ")" : ""), 8 * ratio, y);
            for (const e of lines) {
              y += 18 * ratio;
              const i = theme.missing.indexOf(e);
              g.fillStyle = i < 0 ? e.color : g.createPattern(patternCanvas(i, Math.max(1, Math.round(ratio))), "repeat");
              g.fillRect(8 * ratio, y - 12 * ratio, 20 * ratio, 12 * ratio);
              g.fillStyle = "#1a1a1a"; g.fillText(e.label, 34 * ratio, y);
            }
            y += 18 * ratio; g.fillText("Quelle: " + (theme.attribution || data.attribution.join("; ")), 8 * ratio, y);
            if (atlas.baseAttribution) { y += 18 * ratio; g.fillText("Kartengrundlage: " + atlas.baseAttribution, 8 * ratio, y); }
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
            // Quartier's style and the base map's, fetched side by side; without the base map the map still starts.
            const styleURL = new URL(sources.style, location.href).href;
            const [own, base] = await Promise.all([
              fetch(styleURL).then((r) => r.json()).then((s) => absolutize(s, styleURL)),
              data.basemap ? baseStyle(data.basemap).catch((e) => ({ failed: String(e) })) : null,
            ]);
            let style = own;
            if (base && base.failed) {
              atlas.errors.push("basemap " + data.basemap.url + ": " + base.failed);
              $("karte-fehler").hidden = false;
              $("karte-fehler").textContent = "Die Grundkarte konnte nicht geladen werden; die Karte zeigt die Gebiete ohne sie.";
            } else if (base) {
              style = withBase(own, base);
              atlas.baseAttribution = baseAttribution(base);
              $("quellen").textContent += " | Kartengrundlage: " + atlas.baseAttribution;
            }
            startMap(style, own, initial);
          }
          start().catch((e) => { atlas.errors.push(String(e)); console.error(e); });
        })();
        """#
}
