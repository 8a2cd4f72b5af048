#!/usr/bin/env python3
"""Makes einwohner_zusammengefasst.csv: the Berlin residents of 31.12.2024 per Planungsraum, by name, with four
groups of Planungsräume reported as one row each (as a statistics office reports merged units).

Run from this folder: python3 make-merged-units.py  (reads ../../../Geodata, needs ogr2ogr for the names)."""
import csv, io, subprocess

GEODATA = "../../../Geodata"
UNITS = {
    # three Planungsräume of one Bezirksregion (011001 Tiergarten Süd, Bezirk 01 Mitte)
    "Stülerstraße, Großer Tiergarten und Lützowstraße": ["01100101", "01100102", "01100103"],
    # two neighbours in two Bezirksregionen (011002, 011003) of one Bezirk (01 Mitte)
    "Leipziger Straße und Heine-Viertel West": ["01100207", "01100312"],
    # two neighbours in two Bezirke (08 Neukölln, BZR 081003; 02 Friedrichshain-Kreuzberg, BZR 023004)
    "Maybachufer und Reichenberger Straße Ost": ["08100310", "02300418"],
    # the two smallest Planungsräume of Bezirk 03 Pankow (49 and 0 residents; BZR 033005 and 034008)
    "Blankenburger Süden und Pankower Tor": ["03300515", "03400831"],
}
COUNTS = ["inhabitants", "inhabitants_age_below_6", "inhabitants_age_6_15", "inhabitants_foreigners"]

names_csv = subprocess.run(
    ["ogr2ogr", "-f", "CSV", "/vsistdout/", f"{GEODATA}/berlin_lor_2021/berlin_lor_2021.gpkg",
     "planungsraeume_2021", "-select", "PLR_ID,PLR_NAME"], check=True, capture_output=True, text=True).stdout
names = {r["PLR_ID"]: r["PLR_NAME"] for r in csv.DictReader(io.StringIO(names_csv))}
with open(f"{GEODATA}/berlin_population_lor_2024/einwohner_alter_plr_2024-12-31.csv", encoding="utf-8") as f:
    rows = {r["PLR_ID"]: r for r in csv.DictReader(f)}

merged = {member for members in UNITS.values() for member in members}
# "Schloßstraße" names two Planungsräume (04300414, 06100102): a join by name cannot place them, so they are left out.
ambiguous = {plr for plr, name in names.items() if list(names.values()).count(name) > 1}
out = []
for plr in sorted(rows):
    if plr in merged or plr in ambiguous:
        continue
    r = rows[plr]
    out.append([names[plr]] + [r[c] for c in COUNTS] + [r["inhabitants_foreigners_percentage"]])
for unit, members in UNITS.items():
    sums = [sum(int(rows[m][c]) for m in members) for c in COUNTS]
    share = 100.0 * sums[3] / sums[0] if sums[0] else ""
    out.append([unit] + [str(s) for s in sums] + [repr(share) if share != "" else ""])

with open("einwohner_zusammengefasst.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["Planungsraum"] + COUNTS + ["anteil_auslaender"])
    w.writerows(out)
print(len(out), "rows")
