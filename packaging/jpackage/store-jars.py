#!/usr/bin/env python3
"""Rewrites jars in place with their entries stored (not deflated), in the same order, bytes
unchanged, so signatures still hold.

The packages are compressed as a whole (xz in a .deb), which packs stored class files across
a jar far tighter than the jar's own per-entry deflate, and the JVM reads them without inflating.
--drop PATTERN leaves out the entries whose names match it (fnmatch), in every jar given.
Usage: store-jars.py [--drop PATTERN]... JAR...
"""
import fnmatch
import os
import sys
import zipfile


def store(path, drop):
    tmp = path + ".stored"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            if any(fnmatch.fnmatch(info.filename, p) for p in drop):
                continue
            data = src.read(info)
            out = zipfile.ZipInfo(info.filename, info.date_time)
            out.compress_type = zipfile.ZIP_STORED
            out.external_attr = info.external_attr
            out.create_system = info.create_system
            dst.writestr(out, data)
    os.replace(tmp, path)


if __name__ == "__main__":
    args = sys.argv[1:]
    drop = []
    while len(args) >= 2 and args[0] == "--drop":
        drop.append(args[1])
        args = args[2:]
    for jar in args:
        store(jar, drop)
