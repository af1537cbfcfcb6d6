#!/usr/bin/env python3
"""Renders fleetscope.png from the shapes of fleetscope.svg (no image libraries needed).

The SVG holds only rounded rectangles, one polyline with round caps and joins, and one circle;
this draws the same shapes with 4x4 supersampling and writes an RGBA PNG with zlib.
Usage: packaging/jpackage/render-icon.py [SIZE]   (writes fleetscope.png next to this file)
"""
import math
import os
import re
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def shapes():
    svg = open(os.path.join(HERE, "fleetscope.svg"), encoding="utf-8").read()
    out = []
    for tag in re.findall(r"<(rect|polyline|circle)\b([^>]*)/>", svg, re.S):
        kind, attrs = tag
        a = dict(re.findall(r'([\w-]+)="([^"]*)"', attrs))
        out.append((kind, a))
    return out


def color(hex_):
    h = hex_.lstrip("#")
    return tuple(int(h[i : i + 2], 16) for i in (0, 2, 4))


def inside_rect(a, x, y):
    rx = float(a.get("rx", 0))
    x0, y0 = float(a["x"]), float(a["y"])
    x1, y1 = x0 + float(a["width"]), y0 + float(a["height"])
    if not (x0 <= x <= x1 and y0 <= y <= y1):
        return False
    cx = min(max(x, x0 + rx), x1 - rx)
    cy = min(max(y, y0 + rx), y1 - rx)
    return (x - cx) ** 2 + (y - cy) ** 2 <= rx * rx


def seg_dist(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def inside(kind, a, x, y):
    if kind == "rect":
        return inside_rect(a, x, y)
    if kind == "circle":
        return math.hypot(x - float(a["cx"]), y - float(a["cy"])) <= float(a["r"])
    pts = [tuple(map(float, p.split(","))) for p in a["points"].split()]
    half = float(a["stroke-width"]) / 2
    return any(
        seg_dist(x, y, *pts[i], *pts[i + 1]) <= half for i in range(len(pts) - 1)
    )


def render(size):
    scale = 256.0 / size
    ss = 4
    items = shapes()
    rows = []
    for j in range(size):
        row = bytearray([0])
        for i in range(size):
            acc = [0.0, 0.0, 0.0, 0.0]
            for sj in range(ss):
                for si in range(ss):
                    x = (i + (si + 0.5) / ss) * scale
                    y = (j + (sj + 0.5) / ss) * scale
                    rgb = None
                    for kind, a in items:
                        if inside(kind, a, x, y):
                            rgb = color(a.get("fill") if a.get("fill", "none") != "none" else a["stroke"])
                    if rgb:
                        acc[0] += rgb[0]
                        acc[1] += rgb[1]
                        acc[2] += rgb[2]
                        acc[3] += 1
            n = acc[3]
            if n:
                row += bytes([round(acc[0] / n), round(acc[1] / n), round(acc[2] / n), round(255 * n / ss / ss)])
            else:
                row += bytes(4)
        rows.append(bytes(row))
    return b"".join(rows)


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def main():
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 256
    raw = render(size)
    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9))
    png += chunk(b"IEND", b"")
    with open(os.path.join(HERE, "fleetscope.png"), "wb") as f:
        f.write(png)


if __name__ == "__main__":
    main()
