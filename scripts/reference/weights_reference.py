#!/usr/bin/env python3
"""Reference spatial weights for QuartierStats, computed with libpysal on the Berlin Planungsräume.

Reads Geodata/berlin_lor_2021/berlin_lor_2021.gpkg, layer planungsraeume_2021 (542 polygons, EPSG:25833, key PLR_ID),
and writes into Tests/Fixtures/stats/:

- berlin_plr_polygons.txt   the polygons as plain text (EPSG:25833, shortest round-trip decimals, so the Swift
                            tests parse the exact binary coordinates without GDAL); format in the file's header
- berlin_plr_centroids.txt  shapely (GEOS) centroids, `PLR_ID x y`
- queen.gal, rook.gal       libpysal.weights.Queen / Rook.from_dataframe (libpysal's GAL writer, neighbours sorted)
- knn6.gal                  libpysal.weights.KNN.from_dataframe(k=6) on the centroids (asymmetric)
- distance_band_min.gal     libpysal.weights.DistanceBand (binary) at min_threshold_distance(centroids)
- kernel_gaussian_adaptive_k8.gwt   libpysal.weights.Kernel(function="gaussian", fixed=False, k=8)
- kernel_quartic_fixed_2000.gwt     libpysal.weights.Kernel(function="quartic", bandwidth=2000)
                            (libpysal's "quartic" is the bisquare kernel 15/16 (1 - z²)²)
- reference.txt             versions, thresholds and self-weights (K(0)) of the kernels

The kernel GWT files leave out libpysal's self-pairs (libpysal's Kernel puts each point in its own neighbour set with
weight K(0); Quartier's SpatialWeights forbids self-neighbours) and print weights with 17 significant digits
(libpysal's own GWT writer rounds to 6).

Usage:  python3 -m venv /tmp/venv && /tmp/venv/bin/pip install libpysal geopandas pyogrio shapely
        /tmp/venv/bin/python scripts/reference/weights_reference.py
"""

import datetime
import pathlib
import platform
import sys

import geopandas as gpd
import libpysal
import numpy as np
import pyogrio
import scipy
import shapely
from libpysal.weights import KNN, DistanceBand, Kernel, Queen, Rook, W, min_threshold_distance

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE = ROOT / "Geodata" / "berlin_lor_2021" / "berlin_lor_2021.gpkg"
LAYER = "planungsraeume_2021"
KEY = "PLR_ID"
OUT = ROOT / "Tests" / "Fixtures" / "stats"


def write_polygons(path, ids, geometries):
    """One `A <id>` line per area, `P` per polygon part, `R x y x y …` per ring (exterior first, then holes)."""
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# Berlin Planungsräume 2021 (layer planungsraeume_2021), EPSG:25833, metres.\n")
        f.write("# Written by scripts/reference/weights_reference.py. Lines: 'A <PLR_ID>' starts an area,\n")
        f.write("# 'P' a polygon of it, 'R x1 y1 x2 y2 …' a closed ring (first the exterior, then holes);\n")
        f.write("# coordinates are Python repr (shortest round-trip) decimals of the GeoPackage doubles.\n")
        f.write(f"n {len(ids)}\n")
        for key, geom in zip(ids, geometries, strict=True):
            f.write(f"A {key}\n")
            parts = [geom] if geom.geom_type == "Polygon" else list(geom.geoms)
            for part in parts:
                f.write("P\n")
                for ring in [part.exterior, *part.interiors]:
                    f.write("R " + " ".join(f"{repr(float(x))} {repr(float(y))}" for x, y in ring.coords) + "\n")


def check_polygons_round_trip(path, ids, geometries):
    """The text fixture must give back the very same coordinates (so contiguity is unchanged)."""
    areas = {}
    current = None
    for line in open(path, encoding="utf-8"):
        if line.startswith("A "):
            current = line.split()[1]
            areas[current] = []
        elif line.startswith("R "):
            areas[current].append([float(v) for v in line.split()[1:]])
    for key, geom in zip(ids, geometries, strict=True):
        parts = [geom] if geom.geom_type == "Polygon" else list(geom.geoms)
        expected = [
            [v for xy in ring.coords for v in xy] for part in parts for ring in [part.exterior, *part.interiors]
        ]
        assert areas[key] == expected, f"coordinates of {key} do not round-trip"


def write_gal(path, w):
    """libpysal's GAL writer (header `n`), neighbours sorted: libpysal builds contiguity from sets of string ids,
    whose order changes with Python's hash seed, and the fixture should not."""
    ordered = W({i: sorted(w.neighbors[i]) for i in w.id_order}, id_order=w.id_order, silence_warnings=True)
    libpysal.io.open(str(path), "w").write(ordered)


def write_gwt_without_self(path, w, n):
    """GeoDa GWT (`0 n layer key`, then `origin destination weight`), self-pairs dropped, 17 significant digits."""
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(f"0 {n} {LAYER} {KEY}\n")
        for origin in w.id_order:
            for neighbour, weight in zip(w.neighbors[origin], w.weights[origin], strict=True):
                if neighbour != origin:
                    f.write(f"{origin} {neighbour} {float(weight):.17g}\n")


def self_weights(w):
    return sorted({float(wt) for i in w.id_order for j, wt in zip(w.neighbors[i], w.weights[i]) if j == i})


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    gdf = gpd.read_file(SOURCE, layer=LAYER, engine="pyogrio")
    assert len(gdf) == 542 and gdf.crs.to_epsg() == 25833 and gdf[KEY].is_unique
    ids = gdf[KEY].astype(str).tolist()
    gdf = gdf.set_index(KEY, drop=False)

    write_polygons(OUT / "berlin_plr_polygons.txt", ids, gdf.geometry.values)
    check_polygons_round_trip(OUT / "berlin_plr_polygons.txt", ids, gdf.geometry.values)

    centroids = np.array([[c.x, c.y] for c in gdf.geometry.centroid.values])
    with open(OUT / "berlin_plr_centroids.txt", "w", encoding="utf-8", newline="\n") as f:
        f.write("# PLR_ID x y: shapely/GEOS centroids of berlin_plr_polygons.txt, EPSG:25833, metres\n")
        for key, (x, y) in zip(ids, centroids, strict=True):
            f.write(f"{key} {repr(float(x))} {repr(float(y))}\n")

    queen = Queen.from_dataframe(gdf, ids=ids, use_index=False)
    rook = Rook.from_dataframe(gdf, ids=ids, use_index=False)
    knn = KNN.from_array(centroids, k=6, ids=ids)
    threshold = float(min_threshold_distance(centroids))
    band = DistanceBand.from_array(centroids, threshold=threshold, binary=True, ids=ids, silence_warnings=True)
    gauss = Kernel(centroids, function="gaussian", fixed=False, k=8, ids=ids)
    quartic = Kernel(centroids, function="quartic", bandwidth=2000.0, ids=ids)

    write_gal(OUT / "queen.gal", queen)
    write_gal(OUT / "rook.gal", rook)
    write_gal(OUT / "knn6.gal", knn)
    write_gal(OUT / "distance_band_min.gal", band)
    write_gwt_without_self(OUT / "kernel_gaussian_adaptive_k8.gwt", gauss, len(ids))
    write_gwt_without_self(OUT / "kernel_quartic_fixed_2000.gwt", quartic, len(ids))

    today = datetime.date.today().isoformat()
    lines = [
        f"date {today}",
        f"python {platform.python_version()}",
        f"libpysal {libpysal.__version__}",
        f"geopandas {gpd.__version__}",
        f"pyogrio {pyogrio.__version__}",
        f"gdal {pyogrio.__gdal_version_string__}",
        f"shapely {shapely.__version__}",
        f"geos {shapely.geos_version_string}",
        f"numpy {np.__version__}",
        f"scipy {scipy.__version__}",
        f"areas {len(ids)}",
        f"queen_islands {len(queen.islands)} queen_mean_neighbours {float(queen.mean_neighbors)!r}",
        f"rook_islands {len(rook.islands)} rook_mean_neighbours {float(rook.mean_neighbors)!r}",
        f"queen_nonzero {queen.nonzero} rook_nonzero {rook.nonzero}",
        f"min_threshold_distance {threshold!r}",
        f"distance_band_islands {len(band.islands)} distance_band_nonzero {band.nonzero}",
        f"gaussian_self_weight {self_weights(gauss)!r}",
        f"quartic_self_weight {self_weights(quartic)!r}",
        f"gaussian_nonzero_with_self {gauss.nonzero} quartic_nonzero_with_self {quartic.nonzero}",
    ]
    (OUT / "reference.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines), file=sys.stderr)


if __name__ == "__main__":
    main()
