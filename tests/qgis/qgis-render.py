#!/usr/bin/python3
# qgis-render.py: a GeoPackage project drawn by QGIS, as a PNG
#
#   qgis-render.py FILE.gpkg OUT.png --bbox=W,S,E,N [--size=WxH] [--points=LON,LAT;LON,LAT...]
#
# Opens every layer of FILE.gpkg the way QGIS does (each with its default style from
# layer_styles), stacks them as Truceline does (its layers in order, the first at the bottom,
# then the zones, then the lines on top) and renders the area W,S,E,N (degrees) in
# EPSG:3857 on a white background, WxH pixels (default 800x600), to OUT.png, offscreen.
# Prints {"qgis": VERSION, "width": W, "height": H, "layers": [names, top first],
# "points": [[x, y], ...]}: where each of --points falls in the image, in pixels.
#
# Runs without a display and leaves the user's QGIS profile alone.  Exits 77 (a skip, for
# meson) when qgis.core cannot be imported, 1 when the file cannot be opened or drawn.

import json
import os
import sys

sys.dont_write_bytecode = True  # leave the source tree as it is
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tl_qgis  # noqa: E402


def usage():
    print('usage: qgis-render.py FILE.gpkg OUT.png --bbox=W,S,E,N [--size=WxH] [--points=LON,LAT;...]',
          file=sys.stderr)
    sys.exit(2)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    options = dict(a[2:].split('=', 1) for a in sys.argv[1:] if a.startswith('--') and '=' in a)
    if len(args) != 2 or 'bbox' not in options:
        usage()
    path, out = args
    try:
        west, south, east, north = (float(v) for v in options['bbox'].split(','))
        width, height = (int(v) for v in options.get('size', '800x600').split('x'))
        points = [tuple(float(v) for v in p.split(',')) for p in options.get('points', '').split(';') if p]
    except ValueError:
        usage()
    if not os.path.exists(path):
        print('qgis-render: %s does not exist' % path, file=sys.stderr)
        sys.exit(1)

    core = tl_qgis.start()
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    details = core.QgsProviderRegistry.instance().querySublayers(path)
    layers = []
    for d in details:
        if d.providerKey() != 'ogr':
            continue
        lyr = core.QgsVectorLayer(d.uri(), d.name(), 'ogr')
        if not lyr.isValid() or lyr.wkbType() == core.QgsWkbTypes.NoGeometry:
            continue
        layers.append(lyr)
    if not layers:
        print('qgis-render: QGIS finds no layers to draw in %s' % path, file=sys.stderr)
        sys.exit(1)

    def rank(lyr):
        name = lyr.name()
        return (2 if name == 'proposed_lines' else 1 if name == 'deferral_zones' else 0, name)
    layers.sort(key=rank, reverse=True)  # QGIS draws the first on top

    crs = core.QgsCoordinateReferenceSystem('EPSG:3857')
    to_map = core.QgsCoordinateTransform(core.QgsCoordinateReferenceSystem('EPSG:4326'), crs,
                                         core.QgsProject.instance())
    extent = to_map.transformBoundingBox(core.QgsRectangle(west, south, east, north))

    settings = core.QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(crs)
    settings.setOutputSize(QSize(width, height))
    settings.setOutputDpi(96)
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setExtent(extent)
    settings.setFlag(core.QgsMapSettings.Antialiasing, True)

    job = core.QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    if not image.save(out, 'PNG'):
        print('qgis-render: could not write %s' % out, file=sys.stderr)
        sys.exit(1)

    m2p = settings.mapToPixel()
    placed = []
    for lon, lat in points:
        p = m2p.transform(to_map.transform(core.QgsPointXY(lon, lat)))
        placed.append([round(p.x(), 2), round(p.y(), 2)])

    result = {'qgis': core.Qgis.QGIS_VERSION, 'width': image.width(), 'height': image.height(),
              'layers': [lyr.name() for lyr in layers], 'points': placed}
    # Every QGIS object must be gone before QGIS shuts down.
    del job, settings, layers, lyr, details, to_map, m2p, image
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write('\n')
    tl_qgis.finish()
    return 0


if __name__ == '__main__':
    sys.exit(main())
