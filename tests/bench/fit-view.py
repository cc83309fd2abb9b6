#!/usr/bin/python3
# fit-view.py
#
# Copyright 2026 The Truceline authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Print the view that Truceline's PNG export fits a file to.

So that the peers of run-peers.py draw the same map as Truceline, this
works out, as Truceline does, the display projection it chooses for the
file (tl_document_choose_projection() in src/core/model/tl-document.c and
tl_projection_new_for_bounds() in src/core/geo/tl-projection.c: a Lambert
Conformal Conic centred on the main body of the data, or Mercator) and
the projected rectangle its export shows (tl_exporter_dup_viewport(),
src/core/export/tl-exporter-view.c: the main body of the data in that
projection, fitted with a padding of 3 % of the smaller side).  The
"main body" is tl_bounds_robust_union() of the features' bounding boxes,
weighted by their vertices, points left out when there are shapes, so
that strays like the Kuril Islands in a DeepState export do not count.

It reads the file with GDAL's Python bindings (Debian's python3-gdal,
hence /usr/bin/python3), once, before any timed run.  Vertex counts are
GDAL's, which can differ from Truceline's by a duplicate vertex here and
there; that moves a weighted median by a hair at most.  On the bench
inputs the result matches tl_exporter_dup_viewport() to a few
centimetres.

A layer with a field named "date" (in any case) holding two dates or
more is a dated series to Truceline (src/core/io/tl-opener.c,
split_by_date()): it opens as its newest snapshot, and that is what its
export shows.  So does this, and it says so with "where": {"field",
"value", "layer"}, the condition that picks that snapshot's features,
for the peers to draw the same.  With --all it frames every feature, as
Truceline does when no field dates the layer.

Usage: fit-view.py FILE [--size 1920x1080] [--all]
Prints one JSON object: {"srs": PROJ string, "extent": [minx, miny,
maxx, maxy]} in metres, with exactly the aspect ratio of the size, and
"where" for a series.
"""

import argparse
import json
import math
import sys

from osgeo import gdal, ogr, osr

gdal.UseExceptions()

POINT_TYPES = (ogr.wkbPoint, ogr.wkbMultiPoint)


def n_vertices(geometry):
    n = geometry.GetGeometryCount()
    if n == 0:
        return geometry.GetPointCount()
    return sum(n_vertices(geometry.GetGeometryRef(i)) for i in range(n))


def weighted_quantile(items, total, q):
    """tl-geo.c's weighted_quantile(): items are (value, weight)."""
    acc = 0.0
    items.sort()
    for value, weight in items:
        acc += weight
        if acc >= q * total:
            return value
    return items[-1][0]


def robust_union(boxes, weights, geographic):
    """tl_bounds_robust_union(): boxes are (min_x, min_y, max_x, max_y)."""
    w = [max(x, 0.0) for x in weights]
    total = sum(w)
    if total <= 0:
        w = [1.0] * len(boxes)
        total = float(len(boxes))
    cx = [(b[0] + b[2]) / 2 for b in boxes]
    cy = [(b[1] + b[3]) / 2 for b in boxes]
    mx = weighted_quantile(list(zip(cx, w)), total, 0.5)
    my = weighted_quantile(list(zip(cy, w)), total, 0.5)
    kx = max(math.cos(my * math.pi / 180.0), 0.1) if geographic else 1.0
    radius = 2.5 * weighted_quantile([(math.hypot(kx * (x - mx), y - my), v)
                                      for x, y, v in zip(cx, cy, w)], total, 0.5)
    out = None
    for b, x, y in zip(boxes, cx, cy):
        if math.hypot(kx * (x - mx), y - my) <= radius:
            out = list(b) if out is None else [min(out[0], b[0]), min(out[1], b[1]),
                                               max(out[2], b[2]), max(out[3], b[3])]
    return out


def round_half(v):
    """C's round (v * 2) / 2: halves away from zero, unlike Python's round()."""
    return math.copysign(math.floor(abs(v) * 2.0 + 0.5), v) / 2.0


def projection_for(bounds):
    """tl_projection_new_for_bounds()"""
    if bounds is None:
        bounds = [22, 44, 40.5, 52.5]
    min_x = min(max(bounds[0], -180), 180)
    max_x = min(max(bounds[2], -180), 180)
    min_y = min(max(bounds[1], -85), 85)
    max_y = min(max(bounds[3], -85), 85)
    lon0 = round_half((min_x + max_x) / 2.0)
    lat0 = round_half((min_y + max_y) / 2.0)
    if max_x - min_x <= 60.0 and (min_y >= 10.0 or max_y <= -10.0):
        span = max(max_y - min_y, 2.0)
        lat1 = round_half(lat0 - span / 3.0)
        lat2 = round_half(lat0 + span / 3.0)
        if lat1 == lat2:
            lat2 += 0.5
        return ('+proj=lcc +lat_0=%g +lon_0=%g +lat_1=%g +lat_2=%g '
                '+x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs' % (lat0, lon0, lat1, lat2))
    return '+proj=merc +lon_0=%g +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs' % lon0


def date_field(layer):
    """The field that makes a layer a series to Truceline, or None."""
    definition = layer.GetLayerDefn()
    for i in range(definition.GetFieldCount()):
        if definition.GetFieldDefn(i).GetName().lower() == 'date':
            return i
    return None


def iso_date(feature, index):
    if not feature.IsFieldSetAndNotNull(index):
        return None
    year, month, day = feature.GetFieldAsDateTime(index)[:3]
    if year <= 0:
        return None
    return '%04d-%02d-%02d' % (year, month, day)


def main():
    parser = argparse.ArgumentParser(description="Print the view of Truceline's export.")
    parser.add_argument('file')
    parser.add_argument('--size', default='1920x1080')
    parser.add_argument('--all', action='store_true',
                        help='frame every feature, even of a dated series')
    args = parser.parse_args()
    width, height = (float(v) for v in args.size.split('x'))

    dataset = gdal.OpenEx(args.file, gdal.OF_VECTOR | gdal.OF_READONLY)
    features = []   # (is a point, vertices, geometry)
    where = None
    for i in range(dataset.GetLayerCount()):
        layer = dataset.GetLayer(i)
        field = None if args.all else date_field(layer)
        dated = []
        for feature in layer:
            geometry = feature.GetGeometryRef()
            if geometry is None or geometry.IsEmpty():
                continue
            is_point = ogr.GT_Flatten(geometry.GetGeometryType()) in POINT_TYPES
            item = (is_point, float(n_vertices(geometry)), geometry.Clone())
            if field is None:
                features.append(item)
            else:
                dated.append((iso_date(feature, field), item))
        dates = set(d for d, _ in dated if d is not None)
        if len(dates) >= 2:
            newest = max(dates)
            features += [item for d, item in dated if d == newest]
            where = {'layer': layer.GetName(),
                     'field': layer.GetLayerDefn().GetFieldDefn(field).GetName(),
                     'value': newest}
        else:
            features += [item for _, item in dated]
    if not features:
        sys.exit('%s: no geometry in %s' % (sys.argv[0], args.file))
    if not all(is_point for is_point, _, _ in features):
        features = [f for f in features if not f[0]]

    def box(geometry):
        min_x, max_x, min_y, max_y = geometry.GetEnvelope()
        return (min_x, min_y, max_x, max_y)

    weights = [n for _, n, _ in features]
    srs = projection_for(robust_union([box(g) for _, _, g in features], weights, True))

    wgs84 = osr.SpatialReference()
    wgs84.SetWellKnownGeogCS('WGS84')
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    target = osr.SpatialReference()
    target.ImportFromProj4(srs)
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    transform = osr.CoordinateTransformation(wgs84, target)
    boxes = []
    for _, _, geometry in features:
        geometry.Transform(transform)
        boxes.append(box(geometry))
    b = robust_union(boxes, weights, False)

    # tl_viewport_fit_bounds() with the export's padding
    padding = min(width, height) * 0.03
    scale = max((b[2] - b[0]) / max(width - 2 * padding, 1),
                (b[3] - b[1]) / max(height - 2 * padding, 1))
    cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
    extent = [cx - width / 2 * scale, cy - height / 2 * scale,
              cx + width / 2 * scale, cy + height / 2 * scale]
    view = {'srs': srs, 'extent': extent}
    if where is not None:
        view['where'] = where
    print(json.dumps(view))


if __name__ == '__main__':
    main()
