#!/usr/bin/python3
# independent-areas.py: areas computed without Truceline, to check its numbers.
#
#   independent-areas.py union FILE...            km² each file's polygons cover
#   independent-areas.py change BEFORE AFTER [TERRITORIES]
#                                                 km² gained and lost, in total and per territory
#   independent-areas.py clip FILE TERRITORIES    km² of FILE's polygons in each territory
#   independent-areas.py change-places BEFORE AFTER
#                                                 a point inside the largest piece gained and
#                                                 lost, [lon, lat, km2]
#
# Prints JSON.  Set operations are GDAL/OGR's Python bindings (GEOS);
# areas are pyproj's Geod on the WGS 84 ellipsoid (GeographicLib), ring
# by ring, holes subtracted: none of Truceline's code is involved.
# Exits 77 (meson's "skip") if the bindings are missing.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import sys

try:
    from osgeo import ogr
    from pyproj import Geod
except ImportError as e:
    print(f"skipped: {e}", file=sys.stderr)
    sys.exit(77)

ogr.UseExceptions()
GEOD = Geod(ellps="WGS84")


def ring_area(ring):
    lons = [ring.GetX(i) for i in range(ring.GetPointCount())]
    lats = [ring.GetY(i) for i in range(ring.GetPointCount())]
    area, _ = GEOD.polygon_area_perimeter(lons, lats)
    return abs(area)


def area_km2(geom):
    if geom is None or geom.IsEmpty():
        return 0.0
    t = ogr.GT_Flatten(geom.GetGeometryType())
    if t == ogr.wkbPolygon:
        total = 0.0
        for i in range(geom.GetGeometryCount()):
            a = ring_area(geom.GetGeometryRef(i))
            total += a if i == 0 else -a
        return total / 1e6
    if t in (ogr.wkbMultiPolygon, ogr.wkbGeometryCollection):
        return sum(area_km2(geom.GetGeometryRef(i)) for i in range(geom.GetGeometryCount()))
    return 0.0


def polygons(path):
    ds = ogr.Open(path)
    out = []
    for layer in ds:
        for f in layer:
            g = f.GetGeometryRef()
            if g is None:
                continue
            g = g.Clone()
            g.FlattenTo2D()
            if ogr.GT_Flatten(g.GetGeometryType()) not in (ogr.wkbPolygon, ogr.wkbMultiPolygon):
                continue
            if not g.IsValid():
                g = g.MakeValid()
            out.append((f, g))
    return out


def union(path):
    u = None
    for _, g in polygons(path):
        u = g if u is None else u.Union(g)
    return u if u is not None else ogr.Geometry(ogr.wkbMultiPolygon)


def territories(path):
    result = []
    for f, g in polygons(path):
        tid = f.GetField("iso_3166_2") if f.GetFieldIndex("iso_3166_2") >= 0 else None
        result.append((tid or f.GetField("name"), g))
    return result


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "union":
        print(json.dumps({p: area_km2(union(p)) for p in args}))
    elif cmd == "change":
        a, b = union(args[0]), union(args[1])
        gained, lost = b.Difference(a), a.Difference(b)
        rows = {}
        if len(args) > 2:
            for tid, shape in territories(args[2]):
                g, l = area_km2(shape.Intersection(gained)), area_km2(shape.Intersection(lost))
                if g > 0 or l > 0:
                    rows[tid] = [g, l]
        print(json.dumps({"gained": area_km2(gained), "lost": area_km2(lost),
                          "before": area_km2(a), "after": area_km2(b), "rows": rows}))
    elif cmd == "change-places":
        a, b = union(args[0]), union(args[1])
        places = {}
        for kind, diff in (("gained", b.Difference(a)), ("lost", a.Difference(b))):
            pieces = [diff.GetGeometryRef(i) for i in range(diff.GetGeometryCount())] \
                if ogr.GT_Flatten(diff.GetGeometryType()) != ogr.wkbPolygon else [diff]
            pieces = [p for p in pieces if ogr.GT_Flatten(p.GetGeometryType()) == ogr.wkbPolygon]
            if pieces:
                largest = max(pieces, key=area_km2)
                point = largest.PointOnSurface()
                places[kind] = [point.GetX(), point.GetY(), area_km2(largest)]
        print(json.dumps(places))
    elif cmd == "clip":
        u = union(args[0])
        print(json.dumps({tid: area_km2(shape.Intersection(u)) for tid, shape in territories(args[1])}))
    else:
        print(f"unknown command {cmd}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
