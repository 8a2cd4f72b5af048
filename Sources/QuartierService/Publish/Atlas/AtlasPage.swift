/// The atlas page's HTML and CSS (German interface text), written as `atlas/index.html` and `atlas/atlas.css`.
enum AtlasPage {
    /// `atlas/index.html`: landmarks, labelled controls, the legend, profile and table regions.
    static let html = #"""
        <!doctype html>
        <html lang="de">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Bildungsatlas</title>
        <link rel="icon" href="data:,">
        <link rel="stylesheet" href="maplibre-gl.css">
        <link rel="stylesheet" href="atlas.css">
        </head>
        <body>
        <a class="sprung" href="#tabelle">Zur Tabelle der Gebiete springen</a>
        <header class="kopf">
        <h1 id="titel">Bildungsatlas</h1>
        <p id="untertitel"></p>
        </header>
        <main class="atlas">
        <section class="steuerung" aria-labelledby="steuerung-titel">
        <h2 id="steuerung-titel" class="unsichtbar">Auswahl</h2>
        <div class="feld">
        <label for="indikator">Indikator</label>
        <select id="indikator"></select>
        </div>
        <div class="feld">
        <label for="suche">Gebiet suchen (Name oder Nummer)</label>
        <input id="suche" type="search" aria-describedby="suche-hinweis" aria-controls="tabelle">
        <p id="suche-hinweis" class="hinweis">Filtert die Tabelle; Eingabetaste öffnet den ersten Treffer.</p>
        </div>
        <section id="legende" aria-labelledby="legende-titel">
        <h2 id="legende-titel">Legende</h2>
        <div id="legende-inhalt"></div>
        </section>
        <section id="downloads" aria-labelledby="downloads-titel">
        <h2 id="downloads-titel">Daten herunterladen</h2>
        <ul id="download-liste"></ul>
        <button type="button" id="png">Aktuelle Ansicht als PNG speichern</button>
        <p id="lizenz" class="hinweis"></p>
        </section>
        </section>
        <section class="kartenbereich" aria-labelledby="karte-titel">
        <h2 id="karte-titel" class="unsichtbar">Karte</h2>
        <div id="karte" role="region" aria-label="Karte der Gebiete; Auswahl auch über die Tabelle"></div>
        <p id="karte-fehler" class="hinweis" hidden></p>
        </section>
        <section id="profil" class="profil" aria-labelledby="profil-titel" tabindex="-1">
        <h2 id="profil-titel">Gebietsprofil</h2>
        <div id="profil-inhalt"><p>Wählen Sie ein Gebiet auf der Karte oder in der Tabelle.</p></div>
        </section>
        <section class="tabellenbereich" aria-labelledby="tabelle-titel">
        <h2 id="tabelle-titel">Alle Gebiete</h2>
        <p id="tabelle-anzahl" aria-live="polite"></p>
        <div class="tabelle-rahmen">
        <table id="tabelle">
        <caption id="tabelle-beschriftung">Gebiete mit dem Wert des gewählten Indikators</caption>
        <thead><tr>
        <th scope="col" aria-sort="ascending"><button type="button" data-sort="name">Name</button></th>
        <th scope="col" aria-sort="none"><button type="button" data-sort="id">Nummer</button></th>
        <th scope="col" aria-sort="none"><button type="button" data-sort="value" id="wert-kopf">Wert</button></th>
        <th scope="col">Hinweis</th>
        </tr></thead>
        <tbody></tbody>
        </table>
        </div>
        </section>
        </main>
        <footer class="fuss"><p id="quellen"></p></footer>
        <script src="maplibre-pmtiles.js"></script>
        <script src="atlas.js"></script>
        </body>
        </html>
        """#

    /// `atlas/atlas.css`: layout, visible focus, contrast.
    static let css = #"""
        *{box-sizing:border-box}
        html,body{margin:0;font-family:system-ui,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:#1a1a1a;background:#fff;font-size:15px;line-height:1.4}
        h1{font-size:1.35rem;margin:0}
        h2{font-size:1.05rem;margin:.6rem 0 .3rem}
        .kopf{padding:.5rem 1rem;border-bottom:1px solid #bbb}
        .kopf p{margin:.2rem 0 0;color:#333}
        .atlas{display:grid;grid-template-columns:19rem 1fr 21rem;grid-template-areas:"steuerung karte profil" "tabelle tabelle tabelle";gap:0 1rem;padding:0 1rem}
        .steuerung{grid-area:steuerung;overflow-y:auto;max-height:80vh;overflow-wrap:anywhere}
        .kartenbereich{grid-area:karte;min-width:0}
        #karte{width:100%;height:70vh;min-height:420px;border:1px solid #bbb}
        .profil{grid-area:profil;overflow:auto;max-height:80vh}
        .tabellenbereich{grid-area:tabelle}
        @media (max-width:1000px){.atlas{grid-template-columns:1fr;grid-template-areas:"steuerung" "karte" "profil" "tabelle"}.steuerung,.profil{max-height:none}}
        .feld{margin:.6rem 0}
        .feld label{display:block;font-weight:600;margin-bottom:.2rem}
        select,input,button{font:inherit;color:#1a1a1a}
        select,input[type=search]{width:100%;padding:.35rem;border:1px solid #555;border-radius:3px;background:#fff}
        button{padding:.3rem .6rem;border:1px solid #555;border-radius:3px;background:#f2f2f2;cursor:pointer}
        .hinweis{font-size:.85rem;color:#333;margin:.2rem 0}
        :focus-visible{outline:3px solid #c60;outline-offset:2px}
        tr:focus-visible{outline:3px solid #c60;outline-offset:-3px}
        .unsichtbar{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
        .sprung{position:absolute;left:-999px;top:0;background:#fff;padding:.4rem;z-index:10}
        .sprung:focus{left:.5rem}
        .legende-liste{list-style:none;margin:.3rem 0;padding:0}
        .legende-liste li{display:flex;align-items:center;gap:.4rem;margin:.15rem 0}
        .farbe{display:inline-block;width:1.4rem;height:1rem;border:1px solid #555;flex:none}
        .legende-meta{font-size:.85rem;margin:.2rem 0}
        .profil dl{display:grid;grid-template-columns:auto;margin:0}
        .profil dt{font-weight:600;margin-top:.5rem}
        .profil dd{margin:0}
        .profil h5{margin:.75rem 0 .25rem;font-size:1rem}
        .reihe-linie{display:block;max-width:100%;height:auto}
        table.reihe{border-collapse:collapse;margin:.25rem 0}table.reihe th,table.reihe td{padding:.1rem .5rem;text-align:right}
        .profil .bezug{color:#333;font-size:.88rem}
        .tabelle-rahmen{max-height:24rem;overflow:auto;border:1px solid #bbb}
        table{border-collapse:collapse;width:100%}
        caption{text-align:left;font-size:.85rem;padding:.3rem}
        th,td{padding:.25rem .5rem;border-bottom:1px solid #ddd;text-align:left}
        td.zahl{text-align:right;font-variant-numeric:tabular-nums}
        thead th{position:sticky;top:0;background:#f2f2f2}
        thead button{border:0;background:none;font-weight:600;padding:0}
        tbody tr{cursor:pointer}
        tbody tr:hover{background:#eef4fb}
        tbody tr[aria-current=true]{background:#dce9f7}
        .fuss{padding:.5rem 1rem;font-size:.85rem;border-top:1px solid #bbb;margin-top:1rem}
        .maplibregl-popup-content{font-size:.9rem}
        .namen{font-size:11px;color:#1a1a1a;text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff;pointer-events:none;white-space:nowrap}
        .bezirksname{font-size:13px;font-weight:600}
        """#
}
