"""Deterministic synthetic areas for the benchmarks: N Voronoi cells (numpy seed 42) clipped to a square of
1 km² per cell, placed in EPSG:25833 (origin 350,000 / 5,500,000, inside the CRS's area of use), with a spatially
autocorrelated field `value`. Usage: python3 scripts/bench_voronoi.py FOLDER [N]  →  FOLDER/voronoi.gpkg (layer cells)"""
import sys
import numpy as np, geopandas as gpd, shapely
from scipy.spatial import Voronoi

folder, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
rng = np.random.default_rng(42)
side = 1000.0 * np.sqrt(n)
pts = rng.uniform(0, side, size=(n, 2))
# mirror the points across the square's edges so every Voronoi cell of the originals is finite
mirrored = np.vstack([pts, pts * [-1, 1], pts * [1, -1], [2 * side, 0] + pts * [-1, 1], [0, 2 * side] + pts * [1, -1]])
vor = Voronoi(mirrored)
box = shapely.box(0, 0, side, side)
polys = []
for i in range(n):
    region = vor.regions[vor.point_region[i]]
    polys.append(shapely.Polygon(vor.vertices[region]).intersection(box))
value = np.sin(pts[:, 0] / side * 6) + np.cos(pts[:, 1] / side * 5) + rng.normal(0, 0.5, n)
polys = shapely.transform(np.array(polys), lambda c: c + [350_000.0, 5_500_000.0])
gdf = gpd.GeoDataFrame({"id": [f"C{i:06d}" for i in range(n)], "value": value}, geometry=polys, crs="EPSG:25833")
gdf.to_file(f"{folder}/voronoi.gpkg", layer="cells", driver="GPKG")
