#!/usr/bin/python3
# qgis-make-styled.py: a GeoPackage styled by QGIS itself, for Truceline to read
#
#   qgis-make-styled.py OUT.gpkg
#
# Writes OUT.gpkg (replacing it) with two EPSG:4326 polygon layers whose styles QGIS saves as
# the default in the layer_styles table (QgsVectorLayer.saveStyleToDatabase, useAsDefault):
#
#   regions  single symbol: fill #1f78b499, stroke #0a3250ff 0.7 mm; layer opacity 0.85
#            features: name = "North", "South"
#   zones    categorized on "kind":
#              deferral_zone  fill #e69f0073, stroke #996600ff 0.5 mm
#              buffer_zone    fill #0072b273, stroke #00466eff 0.5 mm
#              "" (all other values)  fill #8080805a, no stroke
#            features: kind = deferral_zone, buffer_zone, other
#   ruled    rule-based (a renderer Truceline does not read): kind = 'deferral_zone' in
#            fill #ff00ffff; features: kind = deferral_zone
#
# gpkg_contents carries identifier "Regions" / "Zones" and a description.  It then opens the
# file again as QGIS would, checks that these styles come back, and prints what QGIS sees in
# the format of qgis-probe.py.  Exits 77 when qgis.core cannot be imported, 1 on any failure.

import json
import os
import sys

sys.dont_write_bytecode = True  # leave the source tree as it is
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tl_qgis  # noqa: E402

REGIONS = {
    'color': '31,120,180,153', 'outline_color': '10,50,80,255', 'outline_width': '0.7',
    'outline_width_unit': 'MM',
}
REGIONS_OPACITY = 0.85
ZONES = [
    ('deferral_zone', 'Deferral zone', {'color': '230,159,0,115', 'outline_color': '153,102,0,255',
                                        'outline_width': '0.5', 'outline_width_unit': 'MM'}),
    ('buffer_zone', 'Buffer zone', {'color': '0,114,178,115', 'outline_color': '0,70,110,255',
                                    'outline_width': '0.5', 'outline_width_unit': 'MM'}),
    ('', 'Other', {'color': '128,128,128,90', 'outline_style': 'no'}),
]
EXPECTED = {
    'regions': ('singleSymbol', [('#1f78b499', '#0a3250ff', 0.7)]),
    'zones': ('categorizedSymbol', [('#e69f0073', '#996600ff', 0.5),
                                    ('#0072b273', '#00466eff', 0.5),
                                    ('#8080805a', None, None)]),
    'ruled': ('RuleRenderer', []),
}


def fail(message):
    print('qgis-make-styled: %s' % message, file=sys.stderr)
    sys.exit(1)


def write_layer(core, path, name, title, fields, rows, first):
    mem = core.QgsVectorLayer('Polygon?crs=EPSG:4326&' + '&'.join('field=%s:string' % f
                                                                  for f in fields),
                              name, 'memory')
    features = []
    for wkt, values in rows:
        f = core.QgsFeature(mem.fields())
        f.setGeometry(core.QgsGeometry.fromWkt(wkt))
        f.setAttributes(list(values))
        features.append(f)
    mem.dataProvider().addFeatures(features)

    options = core.QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = 'GPKG'
    options.layerName = name
    options.layerOptions = ['IDENTIFIER=' + title,
                            'DESCRIPTION=%s, written by qgis-make-styled.py' % title]
    options.actionOnExistingFile = (core.QgsVectorFileWriter.CreateOrOverwriteFile if first else
                                    core.QgsVectorFileWriter.CreateOrOverwriteLayer)
    result = core.QgsVectorFileWriter.writeAsVectorFormatV3(
        mem, path, core.QgsCoordinateTransformContext(), options)
    if result[0] != core.QgsVectorFileWriter.NoError:
        fail('cannot write %s: %s' % (name, result[1]))


def save_default_style(core, path, name, renderer, opacity=1.0):
    lyr = core.QgsVectorLayer('%s|layername=%s' % (path, name), name, 'ogr')
    if not lyr.isValid():
        fail('cannot open %s in %s' % (name, path))
    lyr.setRenderer(renderer)
    lyr.setOpacity(opacity)
    error = lyr.saveStyleToDatabase(name, 'Made by qgis-make-styled.py', True, '')
    if error:
        fail('cannot save the style of %s: %s' % (name, error))


def check(layer):
    renderer_type, symbols = EXPECTED[layer['name']]
    r = layer.get('renderer') or {}
    if not layer['stored_style'] or r.get('type') != renderer_type:
        return False
    if renderer_type == 'RuleRenderer':
        return [rule['symbol']['fill'] for rule in r['rules']] == ['#ff00ffff']
    seen = ([r['symbol']] if renderer_type == 'singleSymbol'
            else [c['symbol'] for c in r['categories']])
    for symbol, (fill, stroke, width) in zip(seen, symbols):
        if symbol['fill'] != fill:
            return False
        if stroke is None and symbol['stroke_style'] != 'no':
            return False
        if stroke is not None and (symbol['stroke'] != stroke or
                                   abs(symbol['stroke_width'] - width) > 1e-9):
            return False
    return len(seen) == len(symbols)


def main():
    if len(sys.argv) != 2:
        print('usage: qgis-make-styled.py OUT.gpkg', file=sys.stderr)
        return 2
    path = os.path.abspath(sys.argv[1])
    core = tl_qgis.start()
    if os.path.exists(path):
        os.remove(path)

    write_layer(core, path, 'regions', 'Regions', ['name'], [
        ('POLYGON((30 50,32 50,32 52,30 52,30 50))', ['North']),
        ('POLYGON((30 46,32 46,32 48,30 48,30 46))', ['South']),
    ], True)
    write_layer(core, path, 'zones', 'Zones', ['kind', 'name'], [
        ('POLYGON((34 48,35 48,35 49,34 49,34 48))', ['deferral_zone', 'Zone A']),
        ('POLYGON((36 48,37 48,37 49,36 49,36 48))', ['buffer_zone', 'Zone B']),
        ('POLYGON((38 48,39 48,39 49,38 49,38 48))', ['other', 'Zone C']),
    ], False)

    save_default_style(core, path, 'regions',
                       core.QgsSingleSymbolRenderer(core.QgsFillSymbol.createSimple(REGIONS)),
                       REGIONS_OPACITY)
    categories = [core.QgsRendererCategory(value, core.QgsFillSymbol.createSimple(props), label)
                  for value, label, props in ZONES]
    save_default_style(core, path, 'zones',
                       core.QgsCategorizedSymbolRenderer('kind', categories))
    write_layer(core, path, 'ruled', 'Ruled', ['kind', 'name'], [
        ('POLYGON((34 45,35 45,35 46,34 46,34 45))', ['deferral_zone', 'Zone D']),
    ], False)
    root = core.QgsRuleBasedRenderer.Rule(None)
    root.appendChild(core.QgsRuleBasedRenderer.Rule(
        core.QgsFillSymbol.createSimple({'color': '255,0,255,255'}), 0, 0,
        '"kind" = \'deferral_zone\'', 'Deferral'))
    save_default_style(core, path, 'ruled', core.QgsRuleBasedRenderer(root))

    seen = []
    for name in ('regions', 'zones', 'ruled'):
        lyr = core.QgsVectorLayer('%s|layername=%s' % (path, name), name, 'ogr')
        seen.append(tl_qgis.describe_layer(lyr, 'ogr'))
        del lyr
    ok = all(check(layer) for layer in seen) and seen[0]['opacity'] == REGIONS_OPACITY
    json.dump({'qgis': core.Qgis.QGIS_VERSION, 'layers': seen}, sys.stdout, indent=2,
              ensure_ascii=False)
    sys.stdout.write('\n')
    tl_qgis.finish()
    if not ok:
        fail('QGIS does not read back the styles it saved')
    return 0


if __name__ == '__main__':
    sys.exit(main())
