/// What lies below and inside the choropleth: the base map of `[publish] basemap` (raster tiles or a whole MapLibre
/// style, below every layer of Quartier's own style) and the patterns that tell missing from suppressed values
/// without colour (drawn on a canvas by the page: no sprite, no request).
extension AtlasScript {
    static let baseMapScript = #"""
          // ---------------------------------------------------------------- base map ([publish] basemap, off by default)
          // Raster tiles become a style of one raster layer; a MapLibre style is fetched from its URL, its relative URLs
          // made absolute against it. Its sources and layers are renamed "basis:…" (no clash with Quartier's ids).
          async function baseStyle(b) {
            if (b.kind === "tiles") {
              return { sources: { kacheln: { type: "raster", tiles: [b.url], tileSize: 256, attribution: b.attribution || "" } },
                layers: [{ id: "kacheln", type: "raster", source: "kacheln" }] };
            }
            const response = await fetch(b.url);
            if (!response.ok) throw new Error("HTTP " + response.status);
            const style = await response.json();
            if (!style || typeof style.sources !== "object" || !Array.isArray(style.layers)) throw new Error("kein MapLibre-Stil");
            return absolutize(style, response.url || b.url);
          }
          // Quartier's style on top of the base: the base's layers first, then Quartier's (its white background left out),
          // the base's glyphs and sprite (Quartier's names are HTML labels; its own glyphs only when the base has none).
          function withBase(own, base) {
            const style = Object.assign({}, own, { sources: {}, layers: [] });
            for (const [id, s] of Object.entries(base.sources)) style.sources["basis:" + id] = s;
            for (const [id, s] of Object.entries(own.sources)) style.sources[id] = s;
            for (const l of base.layers) style.layers.push(Object.assign({}, l, { id: "basis:" + l.id }, l.source ? { source: "basis:" + l.source } : {}));
            for (const l of own.layers) if (l.type !== "background") style.layers.push(l);
            if (base.glyphs) style.glyphs = base.glyphs;
            if (base.sprite) style.sprite = base.sprite;
            return style;
          }
          // The base map's attribution as text (its sources' HTML without tags, and basemap_attribution), for the page's
          // footer and the PNG; the map's own attribution control shows the sources' as they are.
          function baseAttribution(base) {
            const parts = [];
            const add = (t) => { const d = document.createElement("div"); d.innerHTML = t; const s = d.textContent.trim(); if (s && !parts.includes(s)) parts.push(s); };
            for (const s of Object.values(base.sources)) if (typeof s.attribution === "string") add(s.attribution);
            if (data.basemap.attribution) add(data.basemap.attribution);
            return parts.join("; ");
          }

          // ---------------------------------------------------------------- patterns of missing and suppressed values
          // Told apart without colour: a value missing for any other reason is hatched (one diagonal), a suppressed one
          // cross-hatched, each over its grey of the legend; the map fills with them (fill-pattern), the legend and the
          // PNG show the same tiles. theme.missing is [suppressed, missing] (atlas.json).
          const PATTERNS = ["atlas-muster-geheim", "atlas-muster-fehlend"];
          const patternCache = {};
          function patternCanvas(i, ratio) {
            const key = i + "@" + ratio;
            if (patternCache[key]) return patternCache[key];
            const n = 8 * ratio, c = document.createElement("canvas");
            c.width = c.height = n;
            const g = c.getContext("2d");
            g.fillStyle = themes[0].missing[i].color;
            g.fillRect(0, 0, n, n);
            g.strokeStyle = i === 0 ? "#f5f5f5" : "#5e5e5e";
            g.lineWidth = 1.25 * ratio;
            g.beginPath();
            // "/" through the tile and its neighbours' corners, so that the lines run on across tiles
            for (const d of [-n, 0, n]) { g.moveTo(d, n); g.lineTo(d + n, 0); }
            if (i === 0) for (const d of [-n, 0, n]) { g.moveTo(d, 0); g.lineTo(d + n, n); }
            g.stroke();
            return (patternCache[key] = c);
          }
          function addPatterns() {
            const ratio = Math.max(1, Math.round(window.devicePixelRatio || 1));
            PATTERNS.forEach((id, i) => {
              const c = patternCanvas(i, ratio);
              if (!map.hasImage(id)) map.addImage(id, c.getContext("2d").getImageData(0, 0, c.width, c.height), { pixelRatio: ratio });
            });
          }
          function missingPattern(t) {
            return ["match", ["get", t.field + "_status"], "suppressed", PATTERNS[0], PATTERNS[1]];
          }
          // A legend swatch: its colour, and for the two missing classes the pattern over it.
          function swatch(e) {
            const i = theme.missing.indexOf(e);
            const pattern = i < 0 ? "" : ";background-image:url(" + patternCanvas(i, 2).toDataURL("image/png") + ");background-size:8px 8px";
            return el("span", { class: "farbe", style: "background-color:" + e.color + pattern, "aria-hidden": "true",
              "data-muster": i < 0 ? null : PATTERNS[i] });
          }
        """#
}
