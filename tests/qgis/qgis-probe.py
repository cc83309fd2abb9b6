#!/usr/bin/python3
# qgis-probe.py: how QGIS sees a GeoPackage or some PostGIS tables, as JSON
#
#   qgis-probe.py [--at=YYYY-MM-DD] FILE.gpkg
#   qgis-probe.py [--at=YYYY-MM-DD] 'PG:host=... port=... dbname=... user=...' [SCHEMA.]TABLE...
#
# Opens each layer the way QGIS does (so its default style comes from layer_styles) and prints
# {"qgis": VERSION, "layers": [...]}: per layer its name, valid, geometry, feature_count,
# title/abstract (from gpkg_contents identifier/description), stored_style (whether
# layer_styles had a style for it), opacity and renderer.  A single-symbol renderer gives its
# symbol's fill, stroke (colours "#rrggbbaa"), stroke_width (+ unit) and opacity; a
# categorized one gives attribute and categories (value, label, symbol).  A layer of at most 20
# features also lists them: each one's attributes and the symbols QGIS draws it with.  Tables without
# geometry are listed with geometry "NoGeometry" and no renderer.
#
# With --at, each layer also gets "temporal": its temporal settings once its default style is
# loaded again explicitly (as Layer Properties > Style > Load Default Style does: QGIS 3.22 drops
# a default style's temporal settings when it opens a layer, since the data provider has no
# temporal capabilities), and "shown_at": the distinct values of its start field among the
# features QGIS's temporal controller shows at noon on that day.
#
# Runs without a display and leaves the user's QGIS profile alone.  Exits 77 (a skip, for
# meson) when qgis.core cannot be imported, 1 when the data source cannot be opened.
#
# Debian's python3-qgis is built for /usr/bin/python3: another python3 first on PATH (pyenv,
# a venv) has no qgis module and would only skip.

import json
import os
import re
import sys

sys.dont_write_bytecode = True  # leave the source tree as it is
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tl_qgis  # noqa: E402


def usage():
    print('usage: qgis-probe.py [--at=YYYY-MM-DD] FILE.gpkg | '
          'qgis-probe.py [--at=YYYY-MM-DD] PG:CONNINFO [SCHEMA.]TABLE...', file=sys.stderr)
    sys.exit(2)


def describe_temporal(core, lyr, day):
    from qgis.PyQt.QtCore import QDate, QDateTime, QTime
    lyr.loadDefaultStyle()
    tp = lyr.temporalProperties()
    out = {
        'active': tp.isActive(),
        'mode': int(tp.mode()),
        'start_field': tp.startField(),
        'end_field': tp.endField(),
        'shown_at': None,
    }
    if tp.isActive():
        when = QDateTime(QDate.fromString(day, 'yyyy-MM-dd'), QTime(12, 0))
        context = core.QgsVectorLayerTemporalContext()
        context.setLayer(lyr)
        expression = tp.createFilterString(context, core.QgsDateTimeRange(when, when))
        request = core.QgsFeatureRequest().setFilterExpression(expression)
        values = set()
        for f in lyr.getFeatures(request):
            v = f[tp.startField()] if tp.startField() else None
            values.add(v.toString('yyyy-MM-dd') if hasattr(v, 'toString') else tl_qgis.variant(v))
        out['shown_at'] = sorted(str(v) for v in values)
    return out


def gpkg_layers(core, path):
    if not os.path.exists(path):
        print('qgis-probe: %s does not exist' % path, file=sys.stderr)
        sys.exit(1)
    details = core.QgsProviderRegistry.instance().querySublayers(path)
    ogr = [d for d in details if d.providerKey() == 'ogr']
    if not ogr:
        print('qgis-probe: QGIS finds no layers in %s' % path, file=sys.stderr)
        sys.exit(1)
    for d in ogr:
        yield core.QgsVectorLayer(d.uri(), d.name(), 'ogr')


def pg_layers(core, conninfo, tables):
    base = core.QgsDataSourceUri(conninfo)
    md = core.QgsProviderRegistry.instance().providerMetadata('postgres')
    try:
        conn = md.createConnection(base.uri(False), {})
        known = {}
        for schema in sorted({t.partition('.')[0] if '.' in t else 'public' for t in tables}):
            for prop in conn.tables(schema):
                known[(schema, prop.tableName())] = prop
    except core.QgsException as e:
        # The message repeats the connection string, password included.
        print('qgis-probe: cannot connect: %s' % re.sub(r"password='[^']*'", "password=...",
                                                         str(e)), file=sys.stderr)
        sys.exit(1)
    for t in tables:
        schema, _, table = t.rpartition('.')
        schema = schema or 'public'
        uri = core.QgsDataSourceUri(conninfo)
        prop = known.get((schema, table))
        uri.setDataSource(schema, table, prop.geometryColumn() if prop is not None else '')
        # As QGIS's browser does: its layer_styles look-up matches the type given here.
        if prop is not None and prop.geometryColumnTypes():
            column_type = prop.geometryColumnTypes()[0]
            uri.setWkbType(column_type.wkbType)
            uri.setSrid(str(column_type.crs.postgisSrid()))
        yield core.QgsVectorLayer(uri.uri(False), t, 'postgres')


def main():
    args = sys.argv[1:]
    day = None
    if args and args[0].startswith('--at='):
        day = args.pop(0)[len('--at='):]
    if not args:
        usage()
    pg = args[0].startswith('PG:')
    if pg and len(args) < 2 or not pg and len(args) != 1:
        usage()

    core = tl_qgis.start()
    if pg:
        layers = pg_layers(core, args[0][3:], args[1:])
        provider = 'postgres'
    else:
        layers = gpkg_layers(core, args[0])
        provider = 'ogr'

    result = {'qgis': core.Qgis.QGIS_VERSION, 'layers': []}
    for lyr in layers:
        result['layers'].append(tl_qgis.describe_layer(lyr, provider))
        if day is not None and lyr.isValid() and lyr.wkbType() != core.QgsWkbTypes.NoGeometry:
            result['layers'][-1]['temporal'] = describe_temporal(core, lyr, day)
        if 'renderer' in result['layers'][-1] and lyr.wkbType() == core.QgsWkbTypes.NoGeometry:
            result['layers'][-1]['renderer'] = None
        del lyr
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write('\n')
    tl_qgis.finish()
    return 0


if __name__ == '__main__':
    sys.exit(main())
