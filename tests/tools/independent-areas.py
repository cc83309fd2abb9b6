#!/usr/bin/python3
# independent-areas.py: areas computed without Truceline, to check its numbers.
#
#   independent-areas.py union FILE...            km² each file's polygons cover
#   independent-areas.py change BEFORE AFTER [TERRITORIES]
#                                                 km² gained and lost, in total and per territory
#   independent-areas.py clip FILE TERRITORIES    km² of FILE's polygons in each territory
#   independent-areas.py locate POINTS TERRITORIES
#                                                 the territory each point of POINTS is in, by name
#   independent-areas.py path open|closed LON,LAT...
#                                                 km of a path of points and, closed, km² it encloses
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


def path(closed, points):
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    if closed and len(points) >= 3:
        area, perimeter = GEOD.polygon_area_perimeter(lons, lats)
        # The same area another way: the edges densified along their
        # geodesics, projected to an equal-area projection centred on
        # the path, and the plane's shoelace formula.
        from pyproj import Transformer
        lon0, lat0 = sum(lons) / len(lons), sum(lats) / len(lats)
        to_laea = Transformer.from_crs("EPSG:4326", f"+proj=laea +lat_0={lat0} +lon_0={lon0} +ellps=WGS84",
                                       always_xy=True)
        ring = []
        for i in range(len(points)):
            a, b = points[i], points[(i + 1) % len(points)]
            ring.append(a)
            ring.extend(GEOD.npts(a[0], a[1], b[0], b[1], 64))
        xy = [to_laea.transform(lon, lat) for lon, lat in ring]
        planar = sum(xy[i][0] * xy[(i + 1) % len(xy)][1] - xy[(i + 1) % len(xy)][0] * xy[i][1]
                     for i in range(len(xy))) / 2
        return {"length_km": perimeter / 1e3, "area_km2": abs(area) / 1e6,
                "area_km2_equal_area": abs(planar) / 1e6}
    length = GEOD.line_length(lons, lats) if len(points) >= 2 else 0.0
    if closed and len(points) == 2:
        length *= 2
    return {"length_km": length / 1e3, "area_km2": 0.0, "area_km2_equal_area": 0.0}


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
    elif cmd == "clip":
        u = union(args[0])
        print(json.dumps({tid: area_km2(shape.Intersection(u)) for tid, shape in territories(args[1])}))
    elif cmd == "locate":
        areas = [(f.GetField("name"), g) for f, g in polygons(args[1])]
        rows = []
        points = ogr.Open(args[0])
        for f in points.GetLayer():
            g = f.GetGeometryRef()
            inside = [name for name, area in areas if g is not None and area.Contains(g)]
            rows.append([f.GetField("name"), inside[0] if inside else None])
        print(json.dumps(rows))
    elif cmd == "path":
        points = [tuple(float(v) for v in a.split(",")) for a in args[1:]]
        print(json.dumps(path(args[0] == "closed", points)))
    else:
        print(f"unknown command {cmd}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
