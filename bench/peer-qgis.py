#!/usr/bin/python3
# QGIS rendering a boundary file headless, as bench/peers.sh compares it
# with Moisson's --export-png: read, reproject to Lambert-93 (EPSG:2154),
# draw every feature at 1600×1200, write a PNG.
#   QT_QPA_PLATFORM=offscreen /usr/bin/python3 peer-qgis.py FILE.shp OUT.png
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsMapRendererParallelJob,
                       QgsMapSettings, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

path, out = sys.argv[1], sys.argv[2]
app = QgsApplication([], False)
app.initQgis()
layer = QgsVectorLayer(path, "boundaries", "ogr")
if not layer.isValid():
    sys.exit(f"peer-qgis: cannot read {path}")
settings = QgsMapSettings()
settings.setLayers([layer])
settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:2154"))
settings.setOutputSize(QSize(1600, 1200))
settings.setBackgroundColor(QColor("#d6e6f2"))
# The whole layer, overseas included, so that every feature is drawn.
settings.setExtent(settings.layerExtentToOutputExtent(layer, layer.extent()))
job = QgsMapRendererParallelJob(settings)
job.start()
job.waitForFinished()
if not job.renderedImage().save(out, "png"):
    sys.exit(f"peer-qgis: cannot write {out}")
# QGIS 3.22 crashes in its teardown when run from Python: the image is
# written, leave without it.
os._exit(0)
