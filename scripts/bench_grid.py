"""Deterministic synthetic Zensus-style 100 m grid for the scale benchmark (issue 17): exactly N populated cells
(numpy seed 17) of a rectangle of 100 m cells in EPSG:3035 about 1.4 N cells large (the unpopulated ~30 % absent),
as a CSV of cell centres like Zensus's: GITTER_ID_100m, x_mp_100m, y_mp_100m, Einwohner (a smooth pattern with
noise, so that there are hot and cold spots). Usage: python3 scripts/bench_grid.py OUT.csv N"""
import sys
import numpy as np

out, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(17)
cols = int(np.ceil(np.sqrt(n / 0.7 * 0.75)))     # a rectangle 3:4 (wide:high), like Germany
rows = int(np.ceil(n / 0.7 / cols)) + 1
keep = rng.random(cols * rows) < 0.72
index = np.flatnonzero(keep)[:n]
assert index.size == n, "rectangle too small"
c, r = index % cols, index // cols
x0, y0 = 4_030_000, 2_690_000                     # lower left of the raster, EPSG:3035 metres (multiples of 100)
xll, yll = x0 + c * 100, y0 + r * 100
pop = (20 + 15 * np.sin(c / cols * 9) + 15 * np.cos(r / rows * 7) + rng.normal(0, 6, n)).clip(0).round()
with open(out, "w") as f:
    f.write("GITTER_ID_100m,x_mp_100m,y_mp_100m,Einwohner\n")
    for a, b, p in zip(xll, yll, pop):
        f.write(f"CRS3035RES100mN{b}E{a},{a + 50},{b + 50},{int(p)}\n")
