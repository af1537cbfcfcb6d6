#!/usr/bin/env python3
"""Rewrites jars in place with their entries stored (not deflated), in the same order, bytes
unchanged, so signatures still hold.

The packages are compressed as a whole (xz in a .deb), which packs stored class files across
a jar far tighter than the jar's own per-entry deflate, and the JVM reads them without inflating.
Usage: store-jars.py JAR...
"""
import os
import sys
import zipfile


def store(path):
    tmp = path + ".stored"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            data = src.read(info)
            out = zipfile.ZipInfo(info.filename, info.date_time)
            out.compress_type = zipfile.ZIP_STORED
            out.external_attr = info.external_attr
            out.create_system = info.create_system
            dst.writestr(out, data)
    os.replace(tmp, path)


if __name__ == "__main__":
    for jar in sys.argv[1:]:
        store(jar)
