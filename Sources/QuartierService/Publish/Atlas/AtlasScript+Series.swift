/// The profile panel's time series (`series.json`, written from the public `[[series]]` only): loaded once when a
/// profile is first opened, then per column of each series a line of the area's steps (an SVG with a text
/// alternative; a gap where a step is missing or suppressed) and the values as a table in a disclosure widget,
/// missing values with their reason in words.
extension AtlasScript {
    static let seriesScript = #"""
          // ---------------------------------------------------------------- series
          let seriesDocument = null;
          function loadSeries() {
            if (!sources.series) return Promise.resolve(null);
            if (!seriesDocument) {
              seriesDocument = fetch(sources.series).then((r) => (r.ok ? r.json() : null)).catch((e) => {
                atlas.errors.push("series.json: " + e);
                return null;
              });
            }
            return seriesDocument;
          }
          function svgNode(tag, attrs) {
            const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
            for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
            return node;
          }
          // A line over the steps; points where a value is published, a gap where none is.
          function sparkline(cells, label) {
            const W = 240, H = 56, P = 5;
            const svg = svgNode("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img", "aria-label": label, class: "reihe-linie" });
            const nums = cells.map((c) => (typeof c === "number" ? c : null));
            const present = nums.filter((v) => v !== null);
            if (!present.length) return svg;
            const lo = Math.min(...present), hi = Math.max(...present), span = hi - lo || 1;
            const x = (i) => P + (cells.length > 1 ? (i * (W - 2 * P)) / (cells.length - 1) : (W - 2 * P) / 2);
            const y = (v) => H - P - ((v - lo) * (H - 2 * P)) / span;
            let d = "", pen = false;
            nums.forEach((v, i) => {
              if (v === null) { pen = false; return; }
              d += (pen ? "L" : "M") + x(i).toFixed(1) + " " + y(v).toFixed(1);
              pen = true;
            });
            svg.append(svgNode("path", { d, fill: "none", stroke: "#08519c", "stroke-width": 1.5 }));
            nums.forEach((v, i) => {
              if (v !== null) svg.append(svgNode("circle", { cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: 2, fill: "#08519c" }));
            });
            return svg;
          }
          function seriesText(c, unit) { return typeof c === "number" ? fmt(c, unit) : STATUS[c] || "keine Angabe"; }
          function renderSeries(box, r) {
            loadSeries().then((doc) => {
              if (!doc || selected !== r || !doc.series.length) return;
              const section = el("section", { id: "profil-reihen", "aria-labelledby": "profil-reihen-titel" },
                el("h4", { id: "profil-reihen-titel", text: "Zeitreihen" }));
              for (const s of doc.series) {
                for (const col of s.columns) {
                  const cells = (s.values[col.field] || [])[r];
                  if (!cells) continue;
                  const span = s.steps[0] + " bis " + s.steps[s.steps.length - 1];
                  const shown = cells.filter((c) => typeof c === "number");
                  const label = col.title + ", " + span + ": " + (shown.length
                    ? "von " + seriesText(shown[0], col.unit) + " auf " + seriesText(shown[shown.length - 1], col.unit)
                    : "keine veröffentlichten Werte");
                  const body = el("tbody");
                  cells.forEach((c, i) => body.append(el("tr", {}, el("th", { scope: "row", text: s.steps[i] }),
                    el("td", { "data-series": s.name + ":" + col.field, text: seriesText(c, col.unit) }))));
                  const table = el("table", { class: "reihe" }, el("caption", { text: col.title }),
                    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Stichtag" }), el("th", { scope: "col", text: "Wert" }))),
                    body);
                  section.append(el("h5", { text: col.title + " (" + span + ")" }), sparkline(cells, label),
                    el("details", {}, el("summary", { text: "Werte anzeigen" }), table));
                }
              }
              const old = $("profil-reihen");
              if (old) old.remove();
              box.append(section);
            });
          }
        """#
}
