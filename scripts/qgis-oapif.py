#!/usr/bin/python3
"""Loads a collection of a running `quartier serve` as an OGC API – Features layer in QGIS (PyQGIS, headless)
and prints the number of features it reads. Issue 24, item 1: QGIS 3.22's OAPIF provider needs absolute links.

Usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/qgis-oapif.py http://127.0.0.1:8080 planungsraeume
Prints `features: N` and exits 0 when the layer is valid and N > 0; else prints QGIS's messages and exits 1.
"""
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import QgsApplication, QgsMessageLog, QgsVectorLayer  # noqa: E402

base, collection = sys.argv[1], sys.argv[2]
application = QgsApplication([], False)
application.initQgis()
messages = []
QgsApplication.messageLog().messageReceived.connect(lambda text, tag, level: messages.append(f"[{tag}] {text}"))
layer = QgsVectorLayer(f"url='{base}' typename='{collection}'", collection, "OAPIF")
count = sum(1 for _ in layer.getFeatures()) if layer.isValid() else 0
print(f"valid: {layer.isValid()}")
print(f"features: {count}")
for message in messages:
    print(message)
sys.stdout.flush()
# Not application.exitQgis(): QGIS 3.22 crashes in its teardown after a network provider was used (SIGSEGV);
# the answer is complete at this point.
os._exit(0 if layer.isValid() and count > 0 else 1)
