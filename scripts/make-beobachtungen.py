#!/usr/bin/env python3
"""Makes the SYNTHETIC workshop notes of the Berlin demo: Geodata/beobachtungen/beobachtungen_berlin_synthetisch.csv.

There is no open data set of citizens' notes for Berlin, so this script invents a plausible one (issue 22, item 6).
Nothing in it was said by anyone: every note is drawn from the templates below with a fixed seed. The file is
reproducible: the same seed and the same Geodata inputs give the same bytes (`--check` compares with the file).

What it draws:
- 24 workshops ("workshop"), two per Bezirk, each held in one Planungsraum on one day with 8-20 notes, coded by the
  address-free area key PLR_ID (a few notes concern a neighbouring Planungsraum of the same Bezirksregion);
- about 150 survey answers ("survey"), each located by the Zensus 2011 100 m cell of the answer (GITTER_ID_100m,
  cells drawn in proportion to the children under 10 living in them), with a rating 1-5 always;
- about 60 notes of providers ("provider"), with coordinates (longitude/latitude, EPSG:4326) of a cell centre.
Themes follow the vocabulary in themes.toml; their odds lean on the area's child poverty (MSS 2021 S4) and share of
children under 6 (2024), so that the notes look like what a workshop series would hear, with gaps on purpose.

Usage: python3 scripts/make-beobachtungen.py [--seed 2201] [--check]
Needs: Python 3 (standard library) and gdaltransform (gdal-bin) for the coordinates.
"""
import argparse
import csv
import io
import os
import random
import sqlite3
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
GEODATA = os.path.join(ROOT, "Geodata")
OUT = os.path.join(GEODATA, "beobachtungen", "beobachtungen_berlin_synthetisch.csv")

THEMES = ["kita_platzmangel", "schulweg", "sprachfoerderung", "jugendangebote"]

# Templates per theme: {n}, {m} are drawn numbers, {ort} a kind of place. All invented.
TEXTS = {
    "kita_platzmangel": [
        "Wir haben {n} Kitas angefragt und nur Absagen bekommen.",
        "Die Wartezeit auf einen Kitaplatz lag bei uns bei {n} Monaten.",
        "Im Kiez fehlen Plätze für Kinder unter drei Jahren, die Wartelisten sind voll.",
        "Eltern pendeln {m} Minuten zur nächsten Kita mit freiem Platz.",
        "Der Kita-Gutschein läuft ab, bevor ein Platz frei wird.",
        "Neue Wohnungen wurden gebaut, aber keine neue Kita.",
        "Tagespflege ist die einzige Lösung, die wir nach {n} Monaten gefunden haben.",
        "Für Geschwisterkinder gibt es in der Nähe keinen Platz mehr.",
    ],
    "schulweg": [
        "Die Kreuzung vor der {ort} hat keinen Zebrastreifen.",
        "Autos parken auf dem Gehweg, die Kinder laufen auf der Fahrbahn.",
        "Der Weg zur Grundschule führt {m} Minuten an einer Hauptstraße entlang.",
        "Die Ampel an der {ort} schaltet zu schnell für Grundschulkinder.",
        "Im Winter ist der Fußweg durch den Park nicht beleuchtet.",
        "Elterntaxis blockieren morgens die Einfahrt der {ort}.",
        "Die Baustelle an der {ort} sperrt den Gehweg seit {n} Monaten.",
        "Ein Schulweghelfer fehlt an der großen Kreuzung.",
    ],
    "sprachfoerderung": [
        "Viele Kinder kommen ohne Deutschkenntnisse in die erste Klasse.",
        "Die Sprachkita hat die Förderstunden auf {n} pro Woche gekürzt.",
        "Es fehlen Angebote für Eltern, die selbst Deutsch lernen.",
        "Die Sprachstandsfeststellung fand erst {n} Monate vor der Einschulung statt.",
        "Die Lesepaten der {ort} haben aufgehört, Ersatz gibt es nicht.",
        "Mehrsprachige Materialien fehlen in der Bibliothek.",
        "Der Förderunterricht fällt wegen Personalmangel oft aus.",
        "Familien wissen nicht, wo es Sprachkurse für Kinder gibt.",
    ],
    "jugendangebote": [
        "Der Jugendclub hat nur noch an {d} Tagen in der Woche geöffnet.",
        "Für Jugendliche gibt es abends keinen Ort außer der {ort}.",
        "Der Bolzplatz ist seit {n} Monaten gesperrt.",
        "Es fehlen Angebote für Mädchen ab zwölf Jahren.",
        "Die Ferienangebote waren nach {m} Minuten ausgebucht.",
        "Das Jugendzentrum ist {m} Minuten mit dem Bus entfernt.",
        "Streetwork gibt es im Kiez nur noch einmal in der Woche.",
        "Die Sporthalle der {ort} steht Vereinen abends nicht offen.",
    ],
}
PLACES = ["Grundschule", "Kita", "Bibliothek", "Hauptstraße", "Bahnhofstraße", "Schule am Park", "Sporthalle",
          "Gemeinschaftsschule", "Straßenbahnhaltestelle", "Einkaufsstraße"]


def read_areas():
    """PLR_ID → (name, BZR_ID, BEZ_ID) from the LOR GeoPackage (an SQLite file)."""
    con = sqlite3.connect(os.path.join(GEODATA, "berlin_lor_2021", "berlin_lor_2021.gpkg"))
    rows = con.execute("SELECT PLR_ID, PLR_NAME, BZR_ID, BEZ_ID FROM planungsraeume_2021 ORDER BY PLR_ID").fetchall()
    con.close()
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def read_population():
    """PLR_ID → (inhabitants, children under 6)."""
    path = os.path.join(GEODATA, "berlin_population_lor_2024", "einwohner_alter_plr_2024-12-31.csv")
    with open(path, encoding="utf-8") as f:
        return {r["PLR_ID"]: (int(r["inhabitants"]), int(r["inhabitants_age_below_6"])) for r in csv.DictReader(f)}


def read_s4():
    """PLR_ID → MSS 2021 S4 (child poverty, %), None where not valid."""
    path = os.path.join(GEODATA, "berlin_mss_2021", "mss_2021_index_indikatoren.csv")
    result = {}
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            value = r["S4"].strip()
            result[r["PLR_ID"]] = float(value) if value and value != "-9999" else None
    return result


def read_cells():
    """PLR_ID → [(cell id, x, y, children under 10)] of the Zensus 2011 100 m grid (EPSG:3035 cell centres)."""
    path = os.path.join(GEODATA, "zensus2011_grid_berlin_hamburg", "zensus2011_100m_unter10_berlin.csv")
    cells = {}
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            cells.setdefault(r["PLR_ID"], []).append(
                (r["GITTER_ID_100m"], float(r["x_mp_100m"]), float(r["y_mp_100m"]), int(r["unter10"] or 0)))
    return cells


def to_lon_lat(points):
    """EPSG:3035 → EPSG:4326 (longitude, latitude) through gdaltransform."""
    if not points:
        return []
    text = "".join(f"{x} {y}\n" for x, y in points)
    out = subprocess.run(
        ["gdaltransform", "-s_srs", "EPSG:3035", "-t_srs", "EPSG:4326", "-output_xy"],
        input=text, capture_output=True, text=True, check=True).stdout
    lines = [line.split() for line in out.strip().splitlines()]
    # EPSG:4326 with GDAL 3's authority axis order is latitude, longitude; -output_xy keeps the output's order,
    # so tell them apart by range (Berlin: latitude ≈ 52.5, longitude ≈ 13.4).
    result = []
    for a, b in ((float(p[0]), float(p[1])) for p in lines):
        lon, lat = (a, b) if a < b else (b, a)
        result.append((round(lon, 6), round(lat, 6)))
    return result


def theme_weights(plr, s4, population):
    inhabitants, under6 = population.get(plr, (0, 0))
    share6 = under6 / inhabitants if inhabitants else 0.05
    poverty = s4.get(plr) or 20.0
    return [
        0.25 + 4.0 * max(0.0, share6 - 0.04),       # kita_platzmangel: more small children, more complaints
        0.25,                                       # schulweg: everywhere
        0.10 + poverty / 150.0,                     # sprachfoerderung: with child poverty
        0.15 + poverty / 200.0,                     # jugendangebote
    ]


def note(rng, theme):
    template = rng.choice(TEXTS[theme])
    return template.format(n=rng.randint(2, 18), d=rng.randint(1, 4), m=rng.choice([15, 20, 25, 30, 40, 45]), ort=rng.choice(PLACES))


def make(seed):
    rng = random.Random(seed)
    areas = read_areas()
    population = read_population()
    s4 = read_s4()
    cells = read_cells()
    plrs = sorted(p for p in areas if population.get(p, (0, 0))[0] >= 1000 and p in cells)
    by_bezirk = {}
    for p in plrs:
        by_bezirk.setdefault(areas[p][2], []).append(p)
    by_bzr = {}
    for p in plrs:
        by_bzr.setdefault(areas[p][1], []).append(p)

    records = []  # (date, source, theme, rating, plr key, cell id, point 3035, text)

    # Workshops: two per Bezirk, in Planungsräume with many children or much poverty.
    for bezirk in sorted(by_bezirk):
        candidates = by_bezirk[bezirk]
        weights = [population[p][1] * (1 + (s4.get(p) or 20.0) / 20.0) for p in candidates]
        chosen = []
        while len(chosen) < 2:
            p = rng.choices(candidates, weights=weights)[0]
            if p not in chosen:
                chosen.append(p)
        for plr in chosen:
            date = f"{rng.choice([2023, 2024, 2025])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            neighbours = [p for p in by_bzr[areas[plr][1]] if p != plr]
            tw = theme_weights(plr, s4, population)
            # Each workshop has its main concern: the theme it was called for weighs three times as much.
            focus = rng.randrange(len(THEMES))
            tw[focus] *= 3
            for _ in range(rng.randint(8, 20)):
                theme = rng.choices(THEMES, weights=tw)[0]
                where = plr if not neighbours or rng.random() < 0.85 else rng.choice(neighbours)
                rating = rng.randint(2, 5) if rng.random() < 0.6 else None
                records.append((date, "workshop", theme, rating, where, "", None, note(rng, theme)))

    # Survey answers, located by the Zensus cell of the answer.
    all_cells = [(plr, c) for plr in plrs for c in cells[plr] if c[3] > 0]
    cell_weights = [c[3] for _, c in all_cells]
    for _ in range(150):
        plr, cell = rng.choices(all_cells, weights=cell_weights)[0]
        theme = rng.choices(THEMES, weights=theme_weights(plr, s4, population))[0]
        date = f"2024-{rng.randint(5, 7):02d}-{rng.randint(1, 28):02d}"
        records.append((date, "survey", theme, rng.randint(1, 5), "", cell[0], None, note(rng, theme)))

    # Providers' notes, at cell centres given as coordinates.
    for _ in range(60):
        plr, cell = rng.choices(all_cells, weights=cell_weights)[0]
        theme = rng.choices(THEMES, weights=theme_weights(plr, s4, population))[0]
        date = f"{rng.choice([2024, 2025])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        records.append((date, "provider", theme, None, "", "", (cell[1], cell[2]), note(rng, theme)))

    located = [i for i in range(len(records)) if records[i][6] is not None]
    converted = dict(zip(located, to_lon_lat([records[i][6] for i in located])))
    rows = []
    order = sorted(range(len(records)), key=lambda i: (records[i][0], i))
    for number, i in enumerate(order, start=1):
        date, source, theme, rating, plr, cell, point, text = records[i]
        lon, lat = converted.get(i, ("", ""))
        rows.append([f"B{number:04d}", date, source, theme, "" if rating is None else rating, plr, cell, lon, lat, text])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "datum", "quelle", "thema", "bewertung", "PLR_ID", "gitter_id", "lon", "lat", "notiz"])
    writer.writerows(rows)
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2201)
    parser.add_argument("--check", action="store_true", help="compare with the committed file instead of writing")
    args = parser.parse_args()
    text = make(args.seed)
    if args.check:
        with open(OUT, encoding="utf-8") as f:
            same = f.read() == text
        print("same as the committed file" if same else "DIFFERS from the committed file")
        sys.exit(0 if same else 1)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {OUT}: {text.count(chr(10)) - 1} records (seed {args.seed})")


if __name__ == "__main__":
    main()
