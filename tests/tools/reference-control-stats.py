#!/usr/bin/env python3
# reference-control-stats.py
#
# Copyright 2026 The Truceline authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""An independent computation of control statistics, for the tests.

Reads a DeepStateMap-style control layer and a territories layer with
GDAL's Python bindings, classifies the control areas from their own
properties (the key at the end of the trilingual name, else the class
that uses the same fill colour), unions each class, intersects it with
each territory and with all of them together, and measures geodesic
areas on the WGS 84 ellipsoid with pyproj.Geod.  Prints JSON:

  {"territories": {"UA-14": {"name": ..., "km2": ..., "classes": {"Occupied": ...}}},
   "total": {"km2": ..., "classes": {...}, "covered_km2": ...}}

where covered_km2 is the area of the union of all classes inside the
territory (what the shares must not exceed).  Nothing here comes from
Truceline's code.
"""

import argparse
import json
import re
import sys

try:
    from osgeo import ogr
    from pyproj import Geod
except ImportError:
    # The test is skipped, not failed, where they are not installed.
    sys.exit(77)

GEOD = Geod(ellps="WGS84")

BEFORE_2022 = ("crimea", "ordlo", "tuzla", "sevastopol")


def status_of(name):
    if not name:
        return None
    match = re.search(r"geoJSON\.status\.([A-Za-z_]+)", name)
    if match:
        key = match.group(1)
        if key.startswith("occupied"):
            return "Occupied"
        if key.startswith("dismissed") or key.startswith("liberated"):
            return "Liberated"
        if key.startswith("unknown"):
            return "Unknown status"
        return None
    match = re.search(r"geoJSON\.territories\.([A-Za-z_-]+)", name)
    if match:
        if match.group(1).startswith(BEFORE_2022):
            return "Occupied before 24 Feb 2022"
        return "Occupied outside Ukraine"
    return None


def polygons(geometry):
    """The polygons of a geometry, as a list of OGR polygons."""
    if geometry is None:
        return []
    flat = ogr.GT_Flatten(geometry.GetGeometryType())
    if flat == ogr.wkbPolygon:
        return [geometry.Clone()]
    if flat in (ogr.wkbMultiPolygon, ogr.wkbGeometryCollection):
        out = []
        for i in range(geometry.GetGeometryCount()):
            out.extend(polygons(geometry.GetGeometryRef(i)))
        return out
    return []


def union(geometries):
    collection = ogr.Geometry(ogr.wkbMultiPolygon)
    for g in geometries:
        for p in polygons(g):
            collection.AddGeometry(p)
    if collection.GetGeometryCount() == 0:
        return None
    return collection.UnionCascaded()


def ring_area(ring):
    points = ring.GetPoints()
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    area, _ = GEOD.polygon_area_perimeter(lons, lats)
    return abs(area)


def geodesic_km2(geometry):
    total = 0.0
    for polygon in polygons(geometry):
        for i in range(polygon.GetGeometryCount()):
            a = ring_area(polygon.GetGeometryRef(i))
            total += a if i == 0 else -a
    return total / 1e6


def features(path):
    dataset = ogr.Open(path)
    layer = dataset.GetLayer(0)
    out = []
    for feature in layer:
        geometry = feature.GetGeometryRef()
        if geometry is None:
            continue
        items = feature.items()
        out.append((items, geometry.Clone().MakeValid()))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--control", required=True)
    parser.add_argument("--territories", required=True)
    parser.add_argument("--field", default="iso_3166_2")
    parser.add_argument("--single-class", metavar="NAME",
                        help="every area of the control layer is of one class, NAME")
    args = parser.parse_args()

    ogr.UseExceptions()

    controls = [(p, g) for p, g in features(args.control) if polygons(g)]
    if args.single_class:
        classes = [args.single_class for _ in controls]
    else:
        classes = [status_of(p.get("name")) for p, _ in controls]

    # A fill colour used by one class only gives it to unkeyed areas.
    colour_class = {}
    for (properties, _), cls in zip(controls, classes):
        if cls is None:
            continue
        fill = properties.get("fill")
        colour_class.setdefault(fill, set()).add(cls)
    for i, (properties, _) in enumerate(controls):
        if classes[i] is None:
            owners = colour_class.get(properties.get("fill"), set())
            if len(owners) == 1:
                classes[i] = next(iter(owners))

    by_class = {}
    for (_, geometry), cls in zip(controls, classes):
        if cls is not None:
            by_class.setdefault(cls, []).append(geometry)
    unions = {cls: union(gs) for cls, gs in by_class.items()}
    everything = union([g for g in unions.values() if g is not None])

    territories = {}
    names = {}
    shapes = []
    for properties, geometry in features(args.territories):
        code = properties.get(args.field)
        shapes.append(geometry)
        territories.setdefault(code, []).append(geometry)
        names[code] = properties.get("name")

    def measure(shape):
        result = {"km2": geodesic_km2(shape), "classes": {}}
        for cls, geometry in unions.items():
            if geometry is not None and geometry.Intersects(shape):
                km2 = geodesic_km2(geometry.Intersection(shape))
                if km2 > 0:
                    result["classes"][cls] = km2
        result["covered_km2"] = (geodesic_km2(everything.Intersection(shape))
                                 if everything is not None else 0.0)
        return result

    out = {"territories": {}, "total": measure(union(shapes))}
    for code, geometries in territories.items():
        out["territories"][code] = measure(union(geometries))
        out["territories"][code]["name"] = names[code]

    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
