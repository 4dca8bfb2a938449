#!/usr/bin/python3
# geopandas drawing a boundary file, as bench/peers.sh compares it with
# Moisson's --export-png: read_file, to_crs(2154), plot, savefig at 1600×1200.
#   /usr/bin/python3 peer-geopandas.py FILE.shp OUT.png
import sys

import matplotlib

matplotlib.use("Agg")
import geopandas
import matplotlib.pyplot as plt

path, out = sys.argv[1], sys.argv[2]
frame = geopandas.read_file(path).to_crs(2154)
figure = plt.figure(figsize=(16, 12), dpi=100)
axes = figure.add_axes([0, 0, 1, 1])
axes.set_axis_off()
frame.plot(ax=axes, facecolor="#f6f2e8", edgecolor="#8f8779", linewidth=0.6)
figure.savefig(out, dpi=100, facecolor="#d6e6f2")
