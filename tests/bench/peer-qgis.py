#!/usr/bin/python3
# peer-qgis.py
#
# Copyright 2026 The Truceline authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Render a vector file to PNG with QGIS, headless, for the paired benchmark.

A peer of `truceline --export=OUT.png --size=WxH FILE` (issue 15): QGIS
3.22's core library, no window (Qt's offscreen platform), opens the
file as one layer of its OGR provider (so GDAL parses it, as it does for
Truceline), draws it with one simple fill symbol (a fill and an outline
stroke) through QgsMapRendererParallelJob (or the sequential job) into a
WxH image fitted to the data, and saves it as PNG.  run-peers.py times
the whole process from outside; the times printed here say where that
went, "in_process_s" being open + render + save (what is left once
QGIS is started) and "render_s" the render job alone.

Without --srs the map is in longitude/latitude (EPSG:4326); without
--extent it fits the layer's extent (all of it, strays included).
run-peers.py passes what fit-view.py prints: Truceline's own projection
and view, and for a dated series (which Truceline opens as its newest
snapshot) --snapshot FIELD=DATE, so that only that date's features are
drawn (a subset string: GDAL still reads the whole file).

Needs Debian's python3-qgis and qgis-providers, hence /usr/bin/python3.

Usage: peer-qgis.py FILE OUT.png [--size 1920x1080] [--srs PROJ]
                    [--extent MINX,MINY,MAXX,MAXY] [--job parallel|sequential]
                    [--snapshot FIELD=YYYY-MM-DD] [--layer NAME]
Prints one JSON object: versions and the seconds each step took.
"""

import argparse
import json
import os
import tempfile
import time

START = time.monotonic()

os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')
if 'XDG_RUNTIME_DIR' not in os.environ:
    # Qt warns on every start without one.
    os.environ['XDG_RUNTIME_DIR'] = tempfile.mkdtemp(prefix='tl-peer-qgis-')

from qgis.core import (  # noqa: E402  (after START: the import is part of the cost)
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFillSymbol,
    QgsMapRendererParallelJob,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsProject,
    QgsRectangle,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

BACKGROUND = '#dde8ef'          # Truceline's sea
FILL = '165,39,20,77'           # DeepState's occupied red (#a52714) at 0.3
STROKE = '165,39,20,255'
STROKE_WIDTH_PX = 1.0


def main():
    parser = argparse.ArgumentParser(description='Render a vector file with QGIS.')
    parser.add_argument('file')
    parser.add_argument('output')
    parser.add_argument('--size', default='1920x1080')
    parser.add_argument('--srs', help='PROJ string of the map (default: EPSG:4326)')
    parser.add_argument('--extent', help='MINX,MINY,MAXX,MAXY in the units of --srs')
    parser.add_argument('--job', choices=('parallel', 'sequential'), default='parallel')
    parser.add_argument('--snapshot', metavar='FIELD=YYYY-MM-DD',
                        help='draw only the features of this date')
    parser.add_argument('--layer', help='the OGR layer (default: the first)')
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split('x'))

    app = QgsApplication([], False)
    app.initQgis()
    started = time.monotonic()

    uri = args.file + ('|layername=' + args.layer if args.layer else '')
    layer = QgsVectorLayer(uri, 'data', 'ogr')
    if not layer.isValid():
        raise SystemExit('peer-qgis.py: QGIS cannot open %s' % args.file)
    if args.snapshot:
        field, date = args.snapshot.split('=', 1)
        if not layer.setSubsetString('"%s" = \'%s\'' % (field, date)):
            raise SystemExit('peer-qgis.py: cannot select %s' % args.snapshot)
    symbol = QgsFillSymbol.createSimple({
        'color': FILL,
        'outline_color': STROKE,
        'outline_width': str(STROKE_WIDTH_PX),
        'outline_width_unit': 'Pixel',
    })
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))

    if args.srs:
        crs = QgsCoordinateReferenceSystem.fromProj(args.srs)
    else:
        crs = QgsCoordinateReferenceSystem('EPSG:4326')
    if args.extent:
        extent = QgsRectangle(*(float(v) for v in args.extent.split(',')))
    else:
        transform = QgsCoordinateTransform(layer.crs(), crs, QgsProject.instance())
        extent = transform.transformBoundingBox(layer.extent())

    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(crs)
    settings.setOutputSize(QSize(width, height))
    settings.setExtent(extent)
    settings.setBackgroundColor(QColor(BACKGROUND))
    settings.setFlag(QgsMapSettings.Antialiasing, True)
    opened = time.monotonic()

    job_class = QgsMapRendererParallelJob if args.job == 'parallel' else QgsMapRendererSequentialJob
    job = job_class(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    rendered = time.monotonic()

    if not image.save(args.output, 'png'):
        raise SystemExit('peer-qgis.py: cannot write %s' % args.output)
    saved = time.monotonic()

    print(json.dumps({
        'peer': 'qgis',
        'version': Qgis.QGIS_VERSION,
        'job': args.job,
        'snapshot': args.snapshot,
        'srs': args.srs or 'EPSG:4326',
        'start_s': started - START,
        'open_s': opened - started,
        'render_s': rendered - opened,
        'save_s': saved - rendered,
        'in_process_s': saved - started,
    }), flush=True)

    # QGIS crashes on exit if a layer or job outlives exitQgis().
    del job, image, settings, layer, symbol
    app.exitQgis()


if __name__ == '__main__':
    main()
