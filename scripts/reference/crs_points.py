#!/usr/bin/env python3
"""Reference coordinates for Tests/QuartierGDALTests/CRSTests.swift, computed with pyproj (its own
bundled PROJ, independent of the system PROJ that GDAL uses). Run: pip install pyproj; python3 crs_points.py
Recorded output (pyproj 3.7.2, PROJ 9.5.1, 2026-11-22):
  fernsehturm 4326->25833: (392082.80609008804, 5820158.153614323)
  392000,5820000 25833->4326: (13.408275440313806, 52.51939531837594)
"""
import pyproj

print("pyproj", pyproj.__version__, "PROJ", pyproj.proj_version_str)
to_utm = pyproj.Transformer.from_crs(4326, 25833, always_xy=True)
to_geo = pyproj.Transformer.from_crs(25833, 4326, always_xy=True)
print("fernsehturm 4326->25833:", repr(to_utm.transform(13.409444, 52.520833)))
print("392000,5820000 25833->4326:", repr(to_geo.transform(392000.0, 5820000.0)))
