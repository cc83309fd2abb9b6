# tl_qgis.py: what the QGIS test scripts share
#
# Copyright 2026 The Truceline authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts QGIS without a display and without touching the user's QGIS profile, and describes a
# vector layer's renderer as plain data (colours as "#rrggbbaa") for JSON.

import atexit
import os
import shutil
import sys
import tempfile

SKIP = 77  # meson's exit status for a skipped test

_app = None
_scratch = None


def start():
    """Import qgis.core and start a QgsApplication; exit 77 if QGIS is missing."""
    global _app, _scratch

    # Everything QGIS and Qt write (profile, settings, caches) goes to a folder removed at exit.
    _scratch = tempfile.mkdtemp(prefix='tl-qgis-')
    os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')
    for var, sub in (('XDG_CONFIG_HOME', 'config'), ('XDG_DATA_HOME', 'data'),
                     ('XDG_CACHE_HOME', 'cache'), ('XDG_RUNTIME_DIR', 'runtime')):
        os.environ[var] = os.path.join(_scratch, sub)
        os.makedirs(os.environ[var], mode=0o700)
    atexit.register(shutil.rmtree, _scratch, True)

    try:
        import qgis.core as core
    except ImportError as e:
        print('skipped: cannot import qgis.core (%s); install python3-qgis and run with '
              '/usr/bin/python3' % e, file=sys.stderr)
        sys.exit(SKIP)

    core.QgsApplication.setPrefixPath('/usr', True)
    _app = core.QgsApplication([], False, os.path.join(_scratch, 'profiles'))
    _app.initQgis()
    return core


def finish():
    """Shut QGIS down; call it after the last layer is gone."""
    global _app
    if _app is not None:
        _app.exitQgis()
        _app = None


def colour(c):
    """A QColor as "#rrggbbaa", or None."""
    if c is None or not c.isValid():
        return None
    return '#%02x%02x%02x%02x' % (c.red(), c.green(), c.blue(), c.alpha())


def variant(v):
    """A QVariant-ish attribute value as something json can write (NULL becomes None)."""
    from qgis.PyQt.QtCore import QVariant
    if v is None or (isinstance(v, QVariant) and v.isNull()):
        return None
    if isinstance(v, (str, int, float, bool)):
        return v
    return str(v)


def describe_symbol(sym):
    from qgis.core import QgsSymbolLayerUtils, QgsUnitTypes
    if sym is None:
        return None
    out = {
        'type': {0: 'marker', 1: 'line', 2: 'fill'}.get(int(sym.type()), 'hybrid'),
        'opacity': round(sym.opacity(), 4),
        'symbol_layers': [sl.layerType() for sl in sym.symbolLayers()],
        'fill': None,
        'fill_style': None,
        'stroke': None,
        'stroke_style': None,
        'stroke_width': None,
        'stroke_width_unit': None,
    }
    if sym.symbolLayerCount() == 0:
        return out
    # Every symbol layer's main colour (a fill's, a line's), in drawing order.
    out['layer_colors'] = [colour(sym.symbolLayer(i).color()) for i in range(sym.symbolLayerCount())]
    layers = [sym.symbolLayer(i) for i in range(sym.symbolLayerCount())]
    # Each simple line's custom dashes ([] when solid), each hatching's angle, in drawing order.
    out['line_dashes'] = [[round(d, 4) for d in sl.customDashVector()] if sl.useCustomDashPattern() else []
                          for sl in layers if sl.layerType() == 'SimpleLine']
    out['hatch_angles'] = [round(sl.lineAngle(), 4) for sl in layers if sl.layerType() == 'LinePatternFill']
    # The first symbol layer is the one a simple style has; more are listed in symbol_layers.
    sl = sym.symbolLayer(0)
    kind = sl.layerType()
    if kind == 'SimpleFill':
        out['fill'] = colour(sl.fillColor())
        out['fill_style'] = QgsSymbolLayerUtils.encodeBrushStyle(sl.brushStyle())
        out['stroke'] = colour(sl.strokeColor())
        out['stroke_style'] = QgsSymbolLayerUtils.encodePenStyle(sl.strokeStyle())
        out['stroke_width'] = sl.strokeWidth()
        out['stroke_width_unit'] = QgsUnitTypes.encodeUnit(sl.strokeWidthUnit())
    elif kind == 'SimpleLine':
        out['stroke'] = colour(sl.color())
        out['stroke_style'] = QgsSymbolLayerUtils.encodePenStyle(sl.penStyle())
        out['stroke_width'] = sl.width()
        out['stroke_width_unit'] = QgsUnitTypes.encodeUnit(sl.widthUnit())
    else:
        out['fill'] = colour(sl.color())
    return out


def describe_renderer(r):
    if r is None:
        return {'type': None}
    out = {'type': r.type()}
    if r.type() == 'singleSymbol':
        out['symbol'] = describe_symbol(r.symbol())
    elif r.type() == 'categorizedSymbol':
        out['attribute'] = r.classAttribute()
        out['categories'] = [{
            'value': variant(c.value()),
            'label': c.label(),
            'render': c.renderState(),
            'symbol': describe_symbol(c.symbol()),
        } for c in r.categories()]
    elif r.type() == 'RuleRenderer':
        out['rules'] = [{
            'label': rule.label(),
            'filter': rule.filterExpression(),
            'else': rule.isElse(),
            'symbol': describe_symbol(rule.symbol()),
        } for rule in r.rootRule().descendants()]
    return out


def describe_labels(lyr):
    """Whether QGIS labels the layer, and with which field (simple labelling only)."""
    out = {'enabled': lyr.labelsEnabled(), 'type': None, 'field': None, 'is_expression': None}
    from qgis.core import QgsPalLayerSettings, QgsTextBufferSettings, QgsTextFormat
    labeling = lyr.labeling()
    if labeling is not None:
        out['type'] = labeling.type()
        if labeling.type() == 'simple':
            # Copies: the bindings hand out references into temporaries that die at once.
            settings = QgsPalLayerSettings(labeling.settings())
            text_format = QgsTextFormat(settings.format())
            buffer = QgsTextBufferSettings(text_format.buffer())
            out['field'] = settings.fieldName
            out['is_expression'] = settings.isExpression
            out['size'] = text_format.size()
            out['buffer'] = buffer.enabled()
    return out


def describe_features(lyr, limit=20):
    """For a small layer, each feature's attributes and the symbols its renderer draws it with."""
    from qgis.core import (QgsExpression, QgsExpressionContext, QgsExpressionContextUtils, QgsPalLayerSettings,
                           QgsRenderContext)
    if lyr.renderer() is None or lyr.featureCount() > limit:
        return None
    ctx = QgsRenderContext()
    ctx.setExpressionContext(QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(lyr)))
    renderer = lyr.renderer().clone()
    renderer.startRender(ctx, lyr.fields())
    label = None
    if lyr.labelsEnabled() and lyr.labeling() is not None and lyr.labeling().type() == 'simple':
        settings = QgsPalLayerSettings(lyr.labeling().settings())
        label = QgsExpression(settings.fieldName if settings.isExpression
                              else QgsExpression.quotedColumnRef(settings.fieldName))
    out = []
    for f in lyr.getFeatures():
        ctx.expressionContext().setFeature(f)
        out.append({
            'attributes': {name: variant(f[name]) for name in lyr.fields().names()},
            'symbols': [describe_symbol(s) for s in renderer.symbolsForFeature(f, ctx)],
            # The text QGIS labels it with, if it labels the layer.
            'label': variant(label.evaluate(ctx.expressionContext())) if label is not None else None,
        })
    renderer.stopRender(ctx)
    return out


def describe_layer(lyr, provider_key):
    from qgis.core import QgsProviderRegistry, QgsWkbTypes
    out = {
        'name': lyr.name(),
        'valid': lyr.isValid(),
    }
    if not lyr.isValid():
        return out
    # loadStyle() gives the QML QGIS would apply from the data source's layer_styles table.
    stored = QgsProviderRegistry.instance().loadStyle(provider_key, lyr.source(), '')
    if isinstance(stored, tuple):
        stored = stored[0]
    md = lyr.metadata()
    out.update({
        'title': md.title(),
        'abstract': md.abstract(),
        'geometry': QgsWkbTypes.displayString(lyr.wkbType()),
        'feature_count': lyr.featureCount(),
        'stored_style': bool(stored),
        'opacity': round(lyr.opacity(), 4),
        'renderer': describe_renderer(lyr.renderer()),
        'labels': describe_labels(lyr),
        'features': describe_features(lyr),
    })
    return out
