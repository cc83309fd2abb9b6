#!/usr/bin/python3
# peer-mapnik.py
#
# Copyright 2026 The Truceline authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Render a vector file to PNG with mapnik, for the paired benchmark.

A peer of `truceline --export=OUT.png --size=WxH FILE` (issue 15): the
file is read through mapnik's OGR datasource (so GDAL parses it, as it
does for Truceline), drawn with one style of one rule, a polygon fill
and a line stroke, into a WxH image fitted to the data, and written as
a 32-bit PNG.  run-peers.py times the whole process from outside; the
times printed here are for information.

Without --srs the map is in longitude/latitude (EPSG:4326); without
--extent it fits the layer's extent (all of it, strays included).
run-peers.py passes what fit-view.py prints: Truceline's own projection
and view, and for a dated series (which Truceline opens as its newest
snapshot) --snapshot FIELD=DATE, so that only that date's features are
drawn; GDAL still reads the whole file, through an OGR SQL layer.

Needs Debian's python3-mapnik (mapnik 3.1), hence /usr/bin/python3.

Usage: peer-mapnik.py FILE OUT.png [--size 1920x1080] [--srs PROJ]
                      [--extent MINX,MINY,MAXX,MAXY] [--datasource ogr|geojson]
                      [--snapshot FIELD=YYYY-MM-DD --layer NAME]
Prints one JSON object: versions and the seconds each step took.
"""

import argparse
import json
import time

START = time.monotonic()

import mapnik  # noqa: E402  (after START: the import is part of the cost)

WGS84 = '+proj=longlat +datum=WGS84 +no_defs'
BACKGROUND = '#dde8ef'   # Truceline's sea
FILL = '#a52714'         # DeepState's occupied red
FILL_OPACITY = 0.3
STROKE_WIDTH = 1.0


def main():
    parser = argparse.ArgumentParser(description='Render a vector file with mapnik.')
    parser.add_argument('file')
    parser.add_argument('output')
    parser.add_argument('--size', default='1920x1080')
    parser.add_argument('--srs', default=WGS84, help='PROJ string of the map')
    parser.add_argument('--extent', help='MINX,MINY,MAXX,MAXY in the units of --srs')
    parser.add_argument('--datasource', choices=('ogr', 'geojson'), default='ogr',
                        help="mapnik's input plugin (default: ogr)")
    parser.add_argument('--snapshot', metavar='FIELD=YYYY-MM-DD',
                        help='draw only the features of this date (OGR datasource)')
    parser.add_argument('--layer', help='the OGR layer, for --snapshot')
    args = parser.parse_args()
    if args.snapshot and (args.datasource != 'ogr' or not args.layer):
        parser.error('--snapshot needs the OGR datasource and --layer')
    width, height = (int(v) for v in args.size.split('x'))
    imported = time.monotonic()

    m = mapnik.Map(width, height, args.srs)
    m.background = mapnik.Color(BACKGROUND)

    fill = mapnik.PolygonSymbolizer()
    fill.fill = mapnik.Color(FILL)
    fill.fill_opacity = FILL_OPACITY
    stroke = mapnik.LineSymbolizer()
    stroke.stroke = mapnik.Color(FILL)
    stroke.stroke_width = STROKE_WIDTH
    rule = mapnik.Rule()
    rule.symbols.append(fill)
    rule.symbols.append(stroke)
    style = mapnik.Style()
    style.rules.append(rule)
    m.append_style('data', style)

    layer = mapnik.Layer('data', WGS84)
    if args.snapshot:
        # OGR SQL will not compare a date field with a string, but will
        # its text (YYYY/MM/DD).
        field, date = args.snapshot.split('=', 1)
        sql = ('SELECT * FROM "%s" WHERE CAST("%s" AS character(10)) = \'%s\''
               % (args.layer, field, date.replace('-', '/')))
        layer.datasource = mapnik.Ogr(file=args.file, layer_by_sql=sql)
    elif args.datasource == 'ogr':
        layer.datasource = mapnik.Ogr(file=args.file, layer_by_index=0)
    else:
        layer.datasource = mapnik.Datasource(type='geojson', file=args.file)
    layer.styles.append('data')
    m.layers.append(layer)
    opened = time.monotonic()

    if args.extent:
        m.zoom_to_box(mapnik.Box2d(*(float(v) for v in args.extent.split(','))))
    else:
        m.zoom_all()
    image = mapnik.Image(width, height)
    mapnik.render(m, image)
    rendered = time.monotonic()

    image.save(args.output, 'png32')
    saved = time.monotonic()

    version = mapnik.mapnik_version()
    print(json.dumps({
        'peer': 'mapnik',
        'version': '%d.%d.%d' % (version // 100000, version // 100 % 1000, version % 100),
        'datasource': args.datasource,
        'snapshot': args.snapshot,
        'srs': args.srs,
        'import_s': imported - START,
        'open_s': opened - imported,
        'render_s': rendered - opened,
        'save_s': saved - rendered,
        'in_process_s': saved - imported,
    }))


if __name__ == '__main__':
    main()
