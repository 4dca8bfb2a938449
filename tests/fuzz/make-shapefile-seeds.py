#!/usr/bin/env python3
# Writes the seeds of the shapefile fuzz target into tests/fuzz/shapefile/:
# a few small départements of the bundled file, kept as they are, each
# triple packed as fuzz-shapefile.c reads it (three little-endian 32-bit
# lengths for .shp, .shx and .cpg, then those files, then the .dbf).
import os
import struct
import sys

here = os.path.dirname(os.path.abspath(__file__))
source = os.path.join(here, '..', '..', 'data', 'departements', 'departements')


def read(extension):
    with open(source + '.' + extension, 'rb') as f:
        return f.read()


shp, shx, dbf = read('shp'), read('shx'), read('dbf')
n_records = struct.unpack('<I', dbf[4:8])[0]
header_length, record_length = struct.unpack('<HH', dbf[8:12])
index = [struct.unpack('>ii', shx[100 + 8 * i:108 + 8 * i]) for i in range(n_records)]


def subset(records):
    """The bundled shapefile cut down to @records (their positions)."""
    out_shp, out_shx, out_dbf = bytearray(shp[:100]), bytearray(shx[:100]), bytearray(dbf[:header_length])
    for number, i in enumerate(records, 1):
        offset, length = index[i]
        content = shp[offset * 2 + 8:offset * 2 + 8 + length * 2]
        out_shx += struct.pack('>ii', len(out_shp) // 2, length)
        out_shp += struct.pack('>ii', number, length) + content
        out_dbf += dbf[header_length + i * record_length:header_length + (i + 1) * record_length]
    out_dbf += b'\x1a'
    out_shp[24:28] = struct.pack('>i', len(out_shp) // 2)
    out_shx[24:28] = struct.pack('>i', len(out_shx) // 2)
    out_dbf[4:8] = struct.pack('<I', len(records))
    return bytes(out_shp), bytes(out_shx), bytes(out_dbf)


def pack(name, files, cpg):
    shp_, shx_, dbf_ = files
    with open(os.path.join(here, 'shapefile', name), 'wb') as f:
        f.write(struct.pack('<III', len(shp_), len(shx_), len(cpg)) + shp_ + shx_ + cpg + dbf_)


# The smallest shapes: Paris and its neighbours, Mayotte...
smallest = sorted(range(n_records), key=lambda i: index[i][1])
pack('three-smallest.bin', subset(smallest[:3]), b'UTF-8')
pack('one-no-cpg.bin', subset(smallest[:1]), b'')
pack('two-latin1.bin', subset(smallest[3:5]), b'ISO-8859-1')
sys.exit(0)
