#!/usr/bin/env python3
"""Reference values for QuartierStats from PySAL (esda, libpysal, mapclassify).

Reads the Berlin LOR 2021 planning areas and the MSS 2021 child-poverty indicator S4, drops the 6 areas
whose S4 is missing (value -9999 or KOM != "gültig") BEFORE building queen contiguity, and writes to
Tests/Fixtures/stats/:

- berlin_s4.csv             PLR_ID, S4, S3, children, events (536 rows, the row order of every array)
- berlin_queen.gal          queen neighbour lists (libpysal GAL layout: "n", then "id k" / "neighbour ids")
- berlin_reference.json     esda/mapclassify values (see the keys) and the package versions

Usage (from the repository root):
    python3 -m venv /tmp/statsvenv && /tmp/statsvenv/bin/pip install esda libpysal mapclassify geopandas pyogrio
    /tmp/statsvenv/bin/python scripts/reference/stats_reference.py
"""

import csv
import datetime
import json
import pathlib
import sys
import warnings

import esda
import geopandas
import libpysal
import mapclassify
import numpy as np
import pyogrio
import scipy
from scipy import stats

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "Fixtures" / "stats"
SEED = 20211231
PERMUTATIONS = 9999

warnings.filterwarnings("ignore")


def read_mss():
    rows = {}
    with open(ROOT / "Geodata/berlin_mss_2021/mss_2021_index_indikatoren.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            def num(key):
                v = r[key].strip()
                if v == "":
                    return None
                x = float(v)
                return None if x == -9999 else x
            s4, s3 = num("S4"), num("S3")
            valid = r["KOM"].strip() == "gültig" and s4 is not None
            rows[r["PLR_ID"].strip()] = (s4 if valid else None, s3 if valid else None)
    return rows


def read_children():
    kids = {}
    path = ROOT / "Geodata/berlin_population_lor_2024/einwohner_alter_plr_2024-12-31.csv"
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            kids[r["PLR_ID"].strip()] = int(r["inhabitants_age_below_6"]) + int(r["inhabitants_age_6_15"])
    return kids


def main():
    gdf = geopandas.read_file(ROOT / "Geodata/berlin_lor_2021/berlin_lor_2021.gpkg", layer="planungsraeume_2021")
    gdf["PLR_ID"] = gdf["PLR_ID"].astype(str)
    assert len(gdf) == 542, len(gdf)
    mss = read_mss()
    kids = read_children()
    gdf["S4"] = [mss[i][0] for i in gdf["PLR_ID"]]
    gdf["S3"] = [mss[i][1] for i in gdf["PLR_ID"]]
    dropped = sorted(gdf.loc[gdf["S4"].isna(), "PLR_ID"].tolist())
    assert len(dropped) == 6, dropped
    gdf = gdf[gdf["S4"].notna()].reset_index(drop=True)
    assert len(gdf) == 536
    assert gdf["S3"].notna().all()
    gdf["children"] = [kids[i] for i in gdf["PLR_ID"]]
    # Synthetic S4-like counts for rate smoothing: events = round(S4 / 100 * children).
    gdf["events"] = np.round(gdf["S4"] / 100.0 * gdf["children"]).astype(int)
    assert (gdf["children"] > 0).all()

    ids = gdf["PLR_ID"].tolist()
    y = gdf["S4"].to_numpy(dtype=float)
    x3 = gdf["S3"].to_numpy(dtype=float)
    e = gdf["events"].to_numpy(dtype=float)
    b = gdf["children"].to_numpy(dtype=float)

    wq = libpysal.weights.Queen.from_dataframe(gdf, use_index=False, ids=ids)
    assert wq.n == 536
    islands = list(wq.islands)

    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "berlin_s4.csv", "w", newline="", encoding="utf-8") as f:
        wr = csv.writer(f)
        wr.writerow(["PLR_ID", "S4", "S3", "children", "events"])
        for i in range(len(ids)):
            wr.writerow([ids[i], repr(float(y[i])), repr(float(x3[i])), int(b[i]), int(e[i])])
    with open(OUT / "berlin_queen.gal", "w", encoding="utf-8") as f:
        f.write(f"{wq.n}\n")
        for i in ids:
            nb = wq.neighbors[i]
            f.write(f"{i} {len(nb)}\n")
            f.write(" ".join(nb) + "\n")

    def wcopy(transform):
        w = libpysal.weights.W(wq.neighbors, id_order=ids, silence_warnings=True)
        w.transform = transform
        return w

    ref = {"ids_count": len(ids), "islands": islands, "dropped": dropped, "seed": SEED,
           "permutations": PERMUTATIONS}

    for t in ("R", "B"):
        mi = esda.Moran(y, wcopy(t), transformation=t, permutations=0)
        ref[f"moran_{t}"] = {"I": mi.I, "EI": mi.EI, "VI_norm": mi.VI_norm, "z_norm": mi.z_norm,
                             "p_norm": mi.p_norm, "VI_rand": mi.VI_rand, "z_rand": mi.z_rand,
                             "p_rand": mi.p_rand}
    np.random.seed(SEED)
    mi_sim = esda.Moran(y, wcopy("R"), transformation="R", permutations=999)
    ref["moran_R"]["p_sim_999"] = mi_sim.p_sim

    gc = esda.Geary(y, wcopy("R"), transformation="R", permutations=0)
    ref["geary_R"] = {"C": gc.C, "EC": gc.EC, "VC_rand": gc.VC_rand, "z_rand": gc.z_rand, "p_rand": gc.p_rand,
                      "VC_norm": gc.VC_norm, "z_norm": gc.z_norm, "p_norm": gc.p_norm}
    g = esda.G(y, wcopy("B"), permutations=0)
    ref["general_g_B"] = {"G": g.G, "EG": g.EG, "VG": g.VG, "z_norm": g.z_norm, "p_norm": g.p_norm}

    gl = esda.G_Local(y, wcopy("B"), transform="B", star=True, permutations=0)
    ref["gi_star_B"] = {"Gs": gl.Gs.tolist(), "EGs": gl.EGs.tolist(), "VGs": gl.VGs.tolist(),
                        "Zs": gl.Zs.tolist(), "p_norm_one_sided": np.asarray(gl.p_norm).tolist()}

    lm = esda.Moran_Local(y, wcopy("R"), transformation="R", permutations=PERMUTATIONS, seed=SEED, n_jobs=1)
    z_an = (lm.Is - lm.EI) / np.sqrt(lm.VI)
    ref["local_moran_R"] = {"Is": lm.Is.tolist(), "EI": lm.EI.tolist(), "VI": lm.VI.tolist(),
                            "z_analytic": z_an.tolist(), "q": lm.q.astype(int).tolist(),
                            "p_sim": lm.p_sim.tolist()}

    bv = esda.Moran_Local_BV(y, x3, wcopy("R"), transformation="R", permutations=PERMUTATIONS, seed=SEED,
                             n_jobs=1)
    ref["local_moran_bv_R"] = {"Is": bv.Is.tolist(), "q": bv.q.astype(int).tolist(), "p_sim": bv.p_sim.tolist()}

    ref["fdr"] = {"local_moran_p_sim_0.05": esda.fdr(lm.p_sim, 0.05),
                  "local_moran_p_sim_0.10": esda.fdr(lm.p_sim, 0.10)}

    eb = esda.smoothing.Empirical_Bayes(e, b)
    seb = esda.smoothing.Spatial_Empirical_Bayes(e, b, wcopy("O"))
    ref["empirical_bayes"] = {"global": eb.r.flatten().tolist(), "spatial": seb.r.flatten().tolist(),
                              "assuncao": esda.smoothing.assuncao_rate(e, b).tolist()}
    mr = esda.Moran_Rate(e, b, wcopy("R"), transformation="R", permutations=0)
    ref["moran_rate_R"] = {"I": mr.I, "EI": mr.EI, "z_norm": mr.z_norm, "p_norm": mr.p_norm,
                           "z_rand": mr.z_rand, "p_rand": mr.p_rand}

    def cls(c):
        return {"bins": np.asarray(c.bins, dtype=float).tolist(), "counts": np.asarray(c.counts).tolist()}

    ref["mapclassify"] = {"Quantiles": cls(mapclassify.Quantiles(y, k=5)),
                          "EqualInterval": cls(mapclassify.EqualInterval(y, k=5)),
                          "FisherJenks": cls(mapclassify.FisherJenks(y, k=5)),
                          "StdMean": cls(mapclassify.StdMean(y)),
                          "BoxPlot": cls(mapclassify.BoxPlot(y))}

    ref["versions"] = {"python": sys.version.split()[0], "esda": esda.__version__, "libpysal": libpysal.__version__,
                       "mapclassify": mapclassify.__version__, "geopandas": geopandas.__version__,
                       "pyogrio": pyogrio.__version__, "numpy": np.__version__, "scipy": scipy.__version__}
    ref["generated"] = datetime.date.today().isoformat()
    with open(OUT / "berlin_reference.json", "w", encoding="utf-8") as f:
        json.dump(ref, f, indent=1)
    print(json.dumps(ref["versions"]), "islands:", islands, "dropped:", dropped)


if __name__ == "__main__":
    main()
