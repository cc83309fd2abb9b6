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
#   independent-areas.py change-places BEFORE AFTER
#                                                 a point inside the largest piece gained and
#                                                 lost, [lon, lat, km2]
#   independent-areas.py outside TERRITORIES ID CONTROL
#                                                 km² of territory ID not under CONTROL
#   independent-areas.py zone ZONE CONTROL TERRITORIES PLACES
#                                                 a zone's km² under control and not, per
#                                                 territory, and the places in it
#   independent-areas.py near LINE PLACES KM      places within KM of a line, by side
#   independent-areas.py split LINE TERRITORIES CONTROL
#                                                 faces of the territories cut by a line, by side,
#                                                 and their km² under control
#   independent-areas.py buffer TERRITORIES ID CONTROL KM TOLERANCE
#                                                 km² of territory ID within KM of CONTROL's
#                                                 boundary away from the territories' outer edge
#   independent-areas.py compare A B              km² only in A, only in B, in both, in either
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

from osgeo import osr  # noqa: E402

osr.UseExceptions()


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
def territory(path, tid):
    for t, g in territories(path):
        if t == tid:
            return g
    raise SystemExit(f"no territory {tid}")


def points(path):
    """Places: (name, population or None, lon, lat, geonames id)."""
    ds = ogr.Open(path)
    out = []
    for layer in ds:
        defn = layer.GetLayerDefn()
        names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
        for f in layer:
            g = f.GetGeometryRef()
            if g is None or ogr.GT_Flatten(g.GetGeometryType()) != ogr.wkbPoint:
                continue
            pop = f.GetField("population") if "population" in names else None
            pop = pop if pop else None
            gid = f.GetField("geonames_id") if "geonames_id" in names else None
            out.append((f.GetField("name"), pop, g.GetX(), g.GetY(), gid))
    return out


def local_srs(lon, lat):
    srs = osr.SpatialReference()
    srs.ImportFromProj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs")
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def wgs84():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def project(geom, lon, lat, inverse=False):
    g = geom.Clone()
    a, b = wgs84(), local_srs(lon, lat)
    g.Transform(osr.CoordinateTransformation(b, a) if inverse else osr.CoordinateTransformation(a, b))
    return g


def first_line(path):
    ds = ogr.Open(path)
    for layer in ds:
        for f in layer:
            g = f.GetGeometryRef()
            if g is not None and ogr.GT_Flatten(g.GetGeometryType()) in (ogr.wkbLineString, ogr.wkbMultiLineString):
                return g.Clone()
    raise SystemExit(f"no line in {path}")


def side_of(line_xy, x, y):
    """+1 left, -1 right of the nearest segment of a projected line."""
    best, side = None, 0
    n = line_xy.GetPointCount()
    for i in range(n - 1):
        ax, ay = line_xy.GetX(i), line_xy.GetY(i)
        bx, by = line_xy.GetX(i + 1), line_xy.GetY(i + 1)
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        px, py = ax + t * dx, ay + t * dy
        d = (px - x) ** 2 + (py - y) ** 2
        if best is None or d < best:
            best, side = d, (1 if dx * (y - ay) - dy * (x - ax) > 0 else -1)
    return side


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "union":
        print(json.dumps({p: area_km2(union(p)) for p in args}))
    elif cmd == "change":
        a, b = union(args[0]), union(args[1])
        gained, lost = b.Difference(a), a.Difference(b)
        rows = {}
        outside = {}
        if len(args) > 2:
            everywhere = ogr.Geometry(ogr.wkbMultiPolygon)
            for tid, shape in territories(args[2]):
                g, l = area_km2(shape.Intersection(gained)), area_km2(shape.Intersection(lost))
                if g > 0 or l > 0:
                    rows[tid] = [g, l]
                everywhere = everywhere.Union(shape)
            # What changed outside every territory.
            outside = {"gained": area_km2(gained.Difference(everywhere)),
                       "lost": area_km2(lost.Difference(everywhere))}
        print(json.dumps({"gained": area_km2(gained), "lost": area_km2(lost),
                          "before": area_km2(a), "after": area_km2(b), "rows": rows,
                          "outside": outside}))
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
    elif cmd == "locate":
        areas = [(f.GetField("name"), g) for f, g in polygons(args[1])]
        rows = []
        places = ogr.Open(args[0])
        for f in places.GetLayer():
            g = f.GetGeometryRef()
            inside = [name for name, area in areas if g is not None and area.Contains(g)]
            rows.append([f.GetField("name"), inside[0] if inside else None])
        print(json.dumps(rows))
    elif cmd == "path":
        clicked = [tuple(float(v) for v in a.split(",")) for a in args[1:]]
        print(json.dumps(path(args[0] == "closed", clicked)))
    elif cmd == "outside":
        t, u = territory(args[0], args[1]), union(args[2])
        print(json.dumps({"km2": area_km2(t.Difference(u)), "territory_km2": area_km2(t)}))
    elif cmd == "zone":
        zone, u = union(args[0]), union(args[1])
        rows = {}
        for tid, shape in territories(args[2]):
            part = shape.Intersection(zone)
            km2 = area_km2(part)
            if km2 > 0:
                rows[tid] = {"km2": km2, "control": area_km2(part.Intersection(u)),
                             "neither": area_km2(part.Difference(u))}
        inside = []
        for name, pop, lon, lat, gid in points(args[3]):
            p = ogr.Geometry(ogr.wkbPoint)
            p.AddPoint_2D(lon, lat)
            if zone.Intersects(p):
                inside.append([name, pop])
        print(json.dumps({"km2": area_km2(zone), "control": area_km2(zone.Intersection(u)),
                          "neither": area_km2(zone.Difference(u)), "territories": rows,
                          "places": inside,
                          "population": sum(p or 0 for _, p in inside)}))
    elif cmd == "near":
        line, km = first_line(args[0]), float(args[2])
        result = []
        for name, pop, lon, lat, gid in points(args[1]):
            # Distances from the centre of an azimuthal equidistant projection are true.
            xy = project(line, lon, lat)
            p = ogr.Geometry(ogr.wkbPoint)
            p.AddPoint_2D(0, 0)
            d = xy.Distance(p) / 1000
            if d <= km + 0.5:
                env = line.GetEnvelope()
                cx, cy = (env[0] + env[1]) / 2, (env[2] + env[3]) / 2
                mid = project(line, cx, cy)
                pp = ogr.Geometry(ogr.wkbPoint)
                pp.AddPoint_2D(lon, lat)
                pxy = project(pp, cx, cy)
                side = side_of(mid, pxy.GetX(), pxy.GetY())
                result.append({"name": name, "population": pop, "km": d,
                               "side": "left" if side > 0 else "right"})
        print(json.dumps(result))
    elif cmd == "split":
        line, u = first_line(args[0]), union(args[2])
        env = line.GetEnvelope()
        cx, cy = (env[0] + env[1]) / 2, (env[2] + env[3]) / 2
        line_xy = project(line, cx, cy)
        rows = {}
        for tid, shape in territories(args[1]):
            if not shape.Intersects(line):
                continue
            faces = shape.Boundary().Union(line).Polygonize()
            sides = {"left": [0.0, 0.0], "right": [0.0, 0.0]}
            count = 0
            for i in range(faces.GetGeometryCount()):
                face = faces.GetGeometryRef(i)
                inner = face.PointOnSurface()
                if not shape.Intersects(inner):
                    continue
                count += 1
                # The side of the face: that of its point farthest inside,
                # relative to the nearest segment of the line.
                pxy = project(inner, cx, cy)
                side = "left" if side_of(line_xy, pxy.GetX(), pxy.GetY()) > 0 else "right"
                sides[side][0] += area_km2(face)
                sides[side][1] += area_km2(face.Intersection(u))
            if count >= 2 and sides["left"][0] > 0 and sides["right"][0] > 0:
                rows[tid] = sides
        print(json.dumps(rows))
    elif cmd == "buffer":
        t, u = territory(args[0], args[1]), union(args[2])
        km, tolerance = float(args[3]), float(args[4])
        env = t.GetEnvelope()
        cx, cy = (env[0] + env[1]) / 2, (env[2] + env[3]) / 2
        country = union(args[0])
        outer = project(country.Boundary(), cx, cy).Buffer(tolerance * 1000, 16)
        contact = project(u.Boundary(), cx, cy).Difference(outer)
        strip = contact.Buffer(km * 1000, 16)
        strip = project(strip, cx, cy, inverse=True)
        print(json.dumps({"km2": area_km2(t.Intersection(strip))}))
    elif cmd == "compare":
        a, b = union(args[0]), union(args[1])
        print(json.dumps({"only_a": area_km2(a.Difference(b)), "only_b": area_km2(b.Difference(a)),
                          "both": area_km2(a.Intersection(b)), "either": area_km2(a.Union(b))}))
    else:
        print(f"unknown command {cmd}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
