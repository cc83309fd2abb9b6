#!/usr/bin/python3
# qgis-check-styles.py: the QGIS facts docs/research-qgis-styles.md relies on, checked
#
#   qgis-check-styles.py [PG:CONNINFO]
#
# 1. Applies each QML and SLD of tests/qgis/styles/ (and a few variants of them) to a memory
#    layer and compares the renderer type, colours ("#rrggbbaa"), widths and opacities QGIS
#    reads with what the document says.
# 2. Writes GeoPackages whose layer_styles rows differ in one column each and checks which
#    style QGIS applies on opening the layer.
# 3. With a PostGIS connection (a role that may create a schema, e.g. $TL_TEST_PG from
#    build-aux/pg-test-cluster.sh), does the same for public.layer_styles, in a schema
#    tl_qgis_check that it drops afterwards.
#
# Prints one line per case and exits 1 if any differs, 77 if qgis.core cannot be imported.

import os
import sqlite3
import sys
import tempfile

sys.dont_write_bytecode = True  # leave the source tree as it is
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tl_qgis  # noqa: E402

STYLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'styles')
failures = 0
core = None


def report(name, ok, detail=''):
    global failures
    print('%-4s %s%s' % ('ok' if ok else 'FAIL', name, ('  (%s)' % detail) if detail else ''))
    if not ok:
        failures += 1


def text(name):
    with open(os.path.join(STYLES, name), encoding='utf-8') as f:
        return f.read()


def memory_layer(geometry):
    return core.QgsVectorLayer('%s?crs=EPSG:4326&field=kind:string' % geometry, 't', 'memory')


def apply(geometry, content, sld):
    """Apply a QML or SLD text to a fresh memory layer; (layer, loaded?, message)."""
    from qgis.PyQt.QtXml import QDomDocument
    lyr = memory_layer(geometry)
    if sld:
        # As QGIS's "Load Style…" does with a .sld file.
        with tempfile.NamedTemporaryFile('w', suffix='.sld', encoding='utf-8') as f:
            f.write(content)
            f.flush()
            message, ok = lyr.loadSldStyle(f.name)
        return lyr, ok, message
    # As QGIS does with the styleQML it reads from layer_styles.
    doc = QDomDocument()
    if not doc.setContent(content)[0]:
        return lyr, False, 'not XML'
    ok, message = lyr.importNamedStyle(doc)
    return lyr, ok, message


def symbol_summary(s):
    return (s['fill'], s['stroke'] if s['stroke_style'] != 'no' else None,
            s['stroke_width'] if s['stroke_style'] != 'no' else None,
            s['stroke_width_unit'] if s['stroke_style'] != 'no' else None)


def check_style(name, geometry, content, sld, renderer, symbols, opacity=1.0,
                symbol_opacity=1.0):
    lyr, ok, message = apply(geometry, content, sld)
    if not ok:
        report(name, False, 'not loaded: %s' % message)
        return lyr
    r = tl_qgis.describe_renderer(lyr.renderer())
    if r['type'] == 'singleSymbol':
        seen = [r['symbol']]
    elif r['type'] == 'categorizedSymbol':
        seen = [c['symbol'] for c in r['categories']]
    elif r['type'] == 'RuleRenderer':
        seen = [rule['symbol'] for rule in r['rules']]
    else:
        seen = []
    got = [symbol_summary(s) for s in seen]
    got_opacity = [s['opacity'] for s in seen]
    good = (r['type'] == renderer and got == symbols and abs(lyr.opacity() - opacity) < 1e-6
            and all(abs(o - symbol_opacity) < 1e-6 for o in got_opacity))
    report(name, good, 'got %s %s opacity %s symbol opacity %s' %
           (r['type'], got, lyr.opacity(), got_opacity) if not good else '')
    return lyr


def check_qml_and_sld():
    fill = text('fill.qml')
    fill_expected = [('#c8282866', '#780000ff', 0.6, 'MM')]
    check_style('fill.qml', 'Polygon', fill, False, 'singleSymbol', fill_expected, 0.8)
    check_style('line.qml', 'LineString', text('line.qml'), False, 'singleSymbol',
                [(None, '#cc0000ff', 0.8, 'MM')], 0.9)
    lyr = check_style('categorized.qml', 'Polygon', text('categorized.qml'), False,
                      'categorizedSymbol',
                      [('#e69f0073', '#996600ff', 0.5, 'MM'),
                       ('#0072b273', '#00466eff', 0.5, 'MM'),
                       ('#8080805a', None, None, None)])

    # Which category a feature falls in: exact, case-sensitive match; "" takes the rest.
    r = lyr.renderer()
    ctx = core.QgsRenderContext()
    r.startRender(ctx, lyr.fields())
    got = []
    for value in ('deferral_zone', 'Deferral_Zone', 'other', None):
        f = core.QgsFeature(lyr.fields())
        f.setAttribute('kind', value)
        f.setGeometry(core.QgsGeometry.fromWkt('POLYGON((0 0,1 0,1 1,0 0))'))
        got.append(tl_qgis.colour(r.symbolForFeature(f, ctx).color()))
    r.stopRender(ctx)
    report('categorized.qml: "" category takes other values and NULL, match is case-sensitive',
           got == ['#e69f0073', '#8080805a', '#8080805a', '#8080805a'], str(got))

    # Variants of fill.qml.
    legacy = fill.replace('<Option type="Map">', '').replace('</Option>\n        </layer>',
                                                             '</layer>')
    for key in ('color', 'style', 'outline_color', 'outline_style', 'outline_width',
                'outline_width_unit'):
        start = legacy.index('<Option name="%s"' % key)
        end = legacy.index('/>', start) + 2
        value = legacy[start:end].split('value="')[1].split('"')[0]
        legacy = legacy[:start] + '<prop k="%s" v="%s"/>' % (key, value) + legacy[end:]
    check_style('fill.qml with legacy <prop k v/> instead of <Option>', 'Polygon', legacy,
                False, 'singleSymbol', fill_expected, 0.8)
    check_style('fill.qml with colours "#c82828" and "#66780000" (Qt reads #AARRGGBB)',
                'Polygon',
                fill.replace('200,40,40,102', '#c82828').replace('120,0,0,255', '#66780000'),
                False, 'singleSymbol', [('#c82828ff', '#78000066', 0.6, 'MM')], 0.8)
    check_style('fill.qml with a newer-QGIS colour "200,40,40,102,rgb:..." suffix', 'Polygon',
                fill.replace('200,40,40,102', '200,40,40,102,rgb:0.784,0.157,0.157,0.4'),
                False, 'singleSymbol', fill_expected, 0.8)
    check_style('fill.qml with <symbol alpha="0.5">: symbol opacity', 'Polygon',
                fill.replace('<symbol name="0" type="fill">',
                             '<symbol name="0" type="fill" alpha="0.5">'),
                False, 'singleSymbol', fill_expected, 0.8, 0.5)
    check_style('fill.qml with styleCategories="Labeling": attribute ignored on load',
                'Polygon', fill.replace('<qgis>', '<qgis styleCategories="Labeling">'),
                False, 'singleSymbol', fill_expected, 0.8)
    no_outline = '\n'.join(line for line in fill.split('\n') if 'outline' not in line)
    check_style('fill.qml without outline options: QGIS defaults', 'Polygon', no_outline,
                False, 'singleSymbol', [('#c8282866', '#232323ff', 0.26, 'MM')], 0.8)
    no_opacity = fill.replace('  <layerOpacity>0.8</layerOpacity>\n', '')
    check_style('fill.qml without <layerOpacity>: opacity 1', 'Polygon', no_opacity, False,
                'singleSymbol', fill_expected, 1.0)
    _, ok, message = apply('Polygon', fill.replace(
        '</qgis>', '  <layerGeometryType>1</layerGeometryType>\n</qgis>'), False)
    report('fill.qml with <layerGeometryType>1 (line) is refused on a polygon layer',
           not ok, message)

    check_style('fill.sld', 'Polygon', text('fill.sld'), True, 'singleSymbol',
                [('#c8282866', '#780000ff', 2.0, 'Pixel')])
    check_style('line.sld', 'LineString', text('line.sld'), True, 'singleSymbol',
                [(None, '#cc0000ff', 3.0, 'Pixel')])
    check_style('line.sld with stroke-opacity 0.5: alpha 127', 'LineString',
                text('line.sld').replace(
                    '</Stroke>', '  <CssParameter name="stroke-opacity">0.5</CssParameter>\n'
                    '            </Stroke>'),
                True, 'singleSymbol', [(None, '#cc00007f', 3.0, 'Pixel')])
    # fill-opacity 0.45 * 255 = 114.75 and 0.35 * 255 = 89.25 are truncated, not rounded.
    lyr = check_style('categorized.sld becomes a rule-based renderer', 'Polygon',
                      text('categorized.sld'), True, 'RuleRenderer',
                      [('#e69f0072', '#996600ff', 2.0, 'Pixel'),
                       ('#0072b272', '#00466eff', 2.0, 'Pixel'),
                       ('#80808059', None, None, None)])
    # QGIS 3.22 ignores <ElseFilter/>: the "Other" rule has no filter and draws everything.
    rules = tl_qgis.describe_renderer(lyr.renderer()).get('rules', [])
    got = [(rule['filter'], rule['else']) for rule in rules]
    r = lyr.renderer()
    ctx = core.QgsRenderContext()
    r.startRender(ctx, lyr.fields())
    f = core.QgsFeature(lyr.fields())
    f.setAttribute('kind', 'deferral_zone')
    f.setGeometry(core.QgsGeometry.fromWkt('POLYGON((0 0,1 0,1 1,0 0))'))
    drawn = [tl_qgis.colour(sym.color()) for sym in r.symbolsForFeature(f, ctx)]
    r.stopRender(ctx)
    report('categorized.sld: <ElseFilter/> is ignored, so "Other" also draws over a '
           'deferral_zone',
           got == [("kind = 'deferral_zone'", False), ("kind = 'buffer_zone'", False),
                   ('', False)] and drawn == ['#e69f0072', '#80808059'],
           '%s, deferral_zone drawn with %s' % (got, drawn))
    se = (text('fill.sld')
          .replace('version="1.0.0" xmlns="http://www.opengis.net/sld"',
                   'version="1.1.0" xmlns="http://www.opengis.net/sld" '
                   'xmlns:se="http://www.opengis.net/se"')
          .replace('CssParameter', 'se:SvgParameter'))
    for tag in ('Name', 'FeatureTypeStyle', 'Rule', 'PolygonSymbolizer', 'Fill', 'Stroke'):
        se = se.replace('<%s>' % tag, '<se:%s>' % tag).replace('</%s>' % tag, '</se:%s>' % tag)
    check_style('fill.sld as SE 1.1 (se:SvgParameter)', 'Polygon', se, True, 'singleSymbol',
                [('#c8282866', '#780000ff', 2.0, 'Pixel')])

    check_style('fill.sld without stroke-width: 1 pixel', 'Polygon',
                text('fill.sld').replace(
                    '<CssParameter name="stroke-width">2</CssParameter>', ''),
                True, 'singleSymbol', [('#c8282866', '#780000ff', 1.0, 'Pixel')])
    lyr, ok, _ = apply('Polygon', se.replace(
        '<se:PolygonSymbolizer>',
        '<se:PolygonSymbolizer uom="http://www.opengeospatial.org/se/units/metre">'), True)
    sym = tl_qgis.describe_symbol(lyr.renderer().symbol())
    report('fill.sld with uom="…/metre": stroke-width 2 becomes thousands of pixels',
           ok and sym['stroke_width_unit'] == 'Pixel' and sym['stroke_width'] > 1000,
           '%s %s' % (sym['stroke_width'], sym['stroke_width_unit']))

    # What QGIS writes as SLD: widths in whole pixels, no layer opacity.
    from qgis.PyQt.QtXml import QDomDocument
    for name, geometry, width, opacity in (('fill.qml', 'Polygon', '2', 'fill-opacity">0.4'),
                                           ('line.qml', 'LineString', '3', '')):
        lyr, _, _ = apply(geometry, text(name), False)
        doc = QDomDocument()
        lyr.exportSldStyle(doc, '')
        sld = doc.toString()
        report('QGIS exports %s as SLD with stroke-width %s (mm in pixels), no layer opacity'
               % (name, width),
               '<se:SvgParameter name="stroke-width">%s</se:SvgParameter>' % width in sld and
               opacity in sld and 'Opacity>' not in sld and '0.8<' not in sld
               and '0.9<' not in sld)


GPKG_STYLES_TABLE = '''
CREATE TABLE layer_styles (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, f_table_catalog TEXT(256),
  f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256),
  styleName TEXT(30), styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN, description TEXT,
  owner TEXT(30), ui TEXT(30),
  update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))
'''


def qml(rgba):
    return ('<qgis><renderer-v2 type="singleSymbol"><symbols><symbol name="0" type="fill">'
            '<layer class="SimpleFill"><Option type="Map">'
            '<Option name="color" type="QString" value="%s"/>'
            '</Option></layer></symbol></symbols></renderer-v2></qgis>' % rgba)


RED, GREEN, BLUE = '255,0,0,255', '0,255,0,255', '0,0,255,255'
SLD_ONLY = ('<StyledLayerDescriptor xmlns="http://www.opengis.net/sld" version="1.0.0">'
            '<NamedLayer><Name>zones</Name><UserStyle><FeatureTypeStyle><Rule>'
            '<PolygonSymbolizer><Fill><CssParameter name="fill">#ff0000</CssParameter></Fill>'
            '</PolygonSymbolizer></Rule></FeatureTypeStyle></UserStyle></NamedLayer>'
            '</StyledLayerDescriptor>')


def row(**kw):
    r = {'f_table_catalog': '', 'f_table_schema': '', 'f_table_name': 'zones',
         'f_geometry_column': 'geom', 'styleName': 's', 'styleQML': qml(RED),
         'useAsDefault': 1, 'update_time': '2025-01-01T00:00:00.000Z'}
    r.update(kw)
    return r


GPKG_CASES = [
    ('one row, f_table_schema \'\', useAsDefault 1', [row()], True, RED),
    ('f_table_schema NULL is not found', [row(f_table_schema=None)], True, None),
    ('f_table_catalog NULL is fine', [row(f_table_catalog=None)], True, RED),
    ('useAsDefault 0 on the only row still applies', [row(useAsDefault=0)], True, RED),
    ('the default row wins over a newer non-default one',
     [row(styleName='t', styleQML=qml(BLUE), useAsDefault=0),
      row(styleQML=qml(GREEN), update_time='2020-01-01T00:00:00.000Z')], True, GREEN),
    ('without a default row the newest update_time wins, whatever the row order',
     [row(styleQML=qml(BLUE), useAsDefault=0),
      row(styleName='t', styleQML=qml(GREEN), useAsDefault=0,
          update_time='2020-01-01T00:00:00.000Z')], True, BLUE),
    ('without a default row the newest update_time wins, whatever the row order',
     [row(styleName='t', styleQML=qml(GREEN), useAsDefault=0,
          update_time='2020-01-01T00:00:00.000Z'),
      row(styleQML=qml(BLUE), useAsDefault=0)], True, BLUE),
    ('of two default rows the newest wins, whatever the row order',
     [row(styleQML=qml(BLUE)),
      row(styleName='t', styleQML=qml(GREEN), update_time='2020-01-01T00:00:00.000Z')],
     True, BLUE),
    ('of two default rows the newest wins, whatever the row order',
     [row(styleName='t', styleQML=qml(GREEN), update_time='2020-01-01T00:00:00.000Z'),
      row(styleQML=qml(BLUE))], True, BLUE),
    ('useAsDefault \'true\' (text) is not a default',
     [row(styleQML=qml(GREEN), useAsDefault='true', update_time='2020-01-01T00:00:00.000Z'),
      row(styleName='t', styleQML=qml(BLUE), useAsDefault=0)], True, BLUE),
    ('f_geometry_column must match', [row(f_geometry_column='geometry')], True, None),
    ('f_table_name matches case-sensitively', [row(f_table_name='Zones')], True, None),
    ('layer_styles missing from gpkg_contents is still read', [row()], False, RED),
    ('styleSLD alone is not used', [row(styleQML='', styleSLD=SLD_ONLY)], True, None),
]


def write_gpkg(path):
    mem = core.QgsVectorLayer('Polygon?crs=EPSG:4326&field=kind:string', 'zones', 'memory')
    f = core.QgsFeature(mem.fields())
    f.setGeometry(core.QgsGeometry.fromWkt('POLYGON((30 50,31 50,31 51,30 50))'))
    f.setAttributes(['buffer_zone'])
    mem.dataProvider().addFeatures([f])
    options = core.QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = 'GPKG'
    options.layerName = 'zones'
    result = core.QgsVectorFileWriter.writeAsVectorFormatV3(
        mem, path, core.QgsCoordinateTransformContext(), options)
    assert result[0] == core.QgsVectorFileWriter.NoError, result


def stored_colour(lyr, key):
    """The colour of the style QGIS found in layer_styles, or None."""
    stored = core.QgsProviderRegistry.instance().loadStyle(key, lyr.source(), '')
    if isinstance(stored, tuple):
        stored = stored[0]
    if not stored:
        return None
    return tl_qgis.colour(lyr.renderer().symbol().color())


def check_gpkg_lookup(folder):
    for i, (name, rows, registered, expected) in enumerate(GPKG_CASES):
        path = os.path.join(folder, 'case%d.gpkg' % i)
        write_gpkg(path)
        db = sqlite3.connect(path)
        db.execute(GPKG_STYLES_TABLE)
        if registered:
            db.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier) "
                       "VALUES ('layer_styles', 'attributes', 'layer_styles')")
        for r in rows:
            db.execute('INSERT INTO layer_styles (%s) VALUES (%s)' %
                       (','.join(r), ','.join('?' * len(r))), list(r.values()))
        db.commit()
        db.close()
        lyr = core.QgsVectorLayer(path + '|layername=zones', 'zones', 'ogr')
        got = stored_colour(lyr, 'ogr')
        want = expected and tl_qgis.colour(core.QgsSymbolLayerUtils.decodeColor(expected))
        report('gpkg: ' + name, got == want, 'got %s, want %s' % (got, want))

    # A style file beside the GeoPackage is used only when layer_styles has none.
    path = os.path.join(folder, 'sidecar.gpkg')
    write_gpkg(path)
    with open(os.path.join(folder, 'sidecar.qml'), 'w', encoding='utf-8') as f:
        f.write(qml(GREEN))
    lyr = core.QgsVectorLayer(path + '|layername=zones', 'zones', 'ogr')
    first = tl_qgis.colour(lyr.renderer().symbol().color())
    db = sqlite3.connect(path)
    db.execute(GPKG_STYLES_TABLE)
    r = row()
    db.execute('INSERT INTO layer_styles (%s) VALUES (%s)' %
               (','.join(r), ','.join('?' * len(r))), list(r.values()))
    db.commit()
    db.close()
    lyr = core.QgsVectorLayer(path + '|layername=zones', 'zones', 'ogr')
    second = tl_qgis.colour(lyr.renderer().symbol().color())
    report('gpkg: <file>.qml beside the GeoPackage applies only without a layer_styles row',
           (first, second) == ('#00ff00ff', '#ff0000ff'), '%s, then %s' % (first, second))


PG_STYLES_TABLE = '''
CREATE TABLE IF NOT EXISTS public.layer_styles (
  id SERIAL PRIMARY KEY, f_table_catalog varchar, f_table_schema varchar,
  f_table_name varchar, f_geometry_column varchar, styleName text, styleQML xml,
  styleSLD xml, useAsDefault boolean, description text,
  owner varchar(63) DEFAULT CURRENT_USER, ui xml,
  update_time timestamp DEFAULT CURRENT_TIMESTAMP, type varchar)
'''


def check_pg_lookup(conninfo):
    base = core.QgsDataSourceUri(conninfo)
    md = core.QgsProviderRegistry.instance().providerMetadata('postgres')
    conn = md.createConnection(base.uri(False), {})
    database = conn.executeSql('SELECT current_database()')[0][0]
    conn.executeSql('DROP SCHEMA IF EXISTS tl_qgis_check CASCADE')
    conn.executeSql('CREATE SCHEMA tl_qgis_check')
    conn.executeSql('CREATE TABLE tl_qgis_check.zones (id serial PRIMARY KEY, kind text, '
                    'geom geometry(Polygon, 4326))')
    conn.executeSql("INSERT INTO tl_qgis_check.zones (kind, geom) VALUES ('buffer_zone', "
                    "ST_GeomFromText('POLYGON((30 50,31 50,31 51,30 50))', 4326))")
    conn.executeSql(PG_STYLES_TABLE)

    def layer(typed):
        uri = core.QgsDataSourceUri(conninfo)
        uri.setDataSource('tl_qgis_check', 'zones', 'geom')
        if typed:
            uri.setWkbType(core.QgsWkbTypes.Polygon)
            uri.setSrid('4326')
        return core.QgsVectorLayer(uri.uri(False), 'zones', 'postgres')

    cases = [
        ('type NULL, useAsDefault false: found with and without type= in the URI',
         {'type': None, 'useAsDefault': False}, (RED, RED)),
        ("type 'Polygon' is found only when the URI says type=Polygon",
         {'type': 'Polygon'}, (None, RED)),
        ("type 'Unknown geometry' is found only without type= in the URI",
         {'type': 'Unknown geometry'}, (RED, None)),
        ('f_table_catalog must be the database name', {'f_table_catalog': 'elsewhere'},
         (None, None)),
        ("f_table_schema must be the layer's schema", {'f_table_schema': 'public'},
         (None, None)),
    ]
    try:
        for name, changes, expected in cases:
            conn.executeSql("DELETE FROM public.layer_styles WHERE f_table_schema IN "
                            "('tl_qgis_check', 'public') AND f_table_name = 'zones' "
                            "AND styleName = 'tl_qgis_check'")
            r = {'f_table_catalog': database, 'f_table_schema': 'tl_qgis_check',
                 'f_table_name': 'zones', 'f_geometry_column': 'geom',
                 'styleName': 'tl_qgis_check', 'styleQML': qml(RED), 'useAsDefault': True,
                 'type': None}
            r.update(changes)
            values = []
            for v in r.values():
                if v is None:
                    values.append('NULL')
                elif isinstance(v, bool):
                    values.append('true' if v else 'false')
                else:
                    values.append("'%s'" % v.replace("'", "''"))
            conn.executeSql('INSERT INTO public.layer_styles (%s) VALUES (%s)' %
                            (','.join(r), ','.join(values)))
            got = tuple(stored_colour(layer(typed), 'postgres') for typed in (False, True))
            want = tuple(e and tl_qgis.colour(core.QgsSymbolLayerUtils.decodeColor(e))
                         for e in expected)
            report('postgis: ' + name, got == want, 'got %s, want %s (untyped, typed URI)'
                   % (got, want))
    finally:
        conn.executeSql("DELETE FROM public.layer_styles WHERE styleName = 'tl_qgis_check'")
        conn.executeSql('DROP SCHEMA tl_qgis_check CASCADE')


def main():
    global core
    if len(sys.argv) > 2 or (len(sys.argv) == 2 and not sys.argv[1].startswith('PG:')):
        print('usage: qgis-check-styles.py [PG:CONNINFO]', file=sys.stderr)
        return 2
    core = tl_qgis.start()
    check_qml_and_sld()
    with tempfile.TemporaryDirectory() as folder:
        check_gpkg_lookup(folder)
    if len(sys.argv) == 2:
        check_pg_lookup(sys.argv[1][3:])
    tl_qgis.finish()
    print('%d failed' % failures)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
