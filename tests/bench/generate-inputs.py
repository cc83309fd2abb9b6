#!/usr/bin/env python3
# generate-inputs.py
#
# Copyright 2026 The Truceline authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Write benchmark inputs shaped like real control data.

Each file is a GeoJSON FeatureCollection in 22-40 E, 44-52.5 N with:

- a few large MultiPolygons (occupied, contested, a separate enclave)
  whose outlines are long, finely wiggling lines with holes in them, like
  a daily occupied-territory polygon;
- many smaller polygons (the other cells of the grid);
- some points;

all with simplestyle properties and "Ukrainian /// English /// key" names.

The polygons are cells of a jittered grid whose edges are wiggly
polylines.  Every edge is generated once and written identically (once
forwards, once backwards) by the two features on either side, so that
neighbours share their borders exactly, as the polygons of a real control
map do.  Levels of detail must keep those borders crack-free.

With --merged it also writes bench-merged-100.geojson: a hundred dated
DeepState exports appended into one file, as a user who merges an
archive gets it (issue 15).  It is made from the real polygons in
shared/data/control/ (see generate_merged()), so it needs that folder.

With --daily N it writes bench-daily-N/: a daily series of N dated
snapshots (issue 13), one file a day from 2024-08-01, made from the
bundled monthly series (data/sample/series/): each day is its month's
snapshot, its outline nudged by about a metre, a nudge that changes from day to
day, so that consecutive days differ a little, as a daily archive does.

Usage: generate-inputs.py OUTDIR [--sizes 100k,1M,5M] [--merged [--control DIR]
                                                      [--snapshots N]] [--daily N]
"""

import argparse
import datetime
import json
import math
import os
import random
import sys
import time

LON_MIN, LON_MAX = 22.0, 40.0
LAT_MIN, LAT_MAX = 44.0, 52.5
SEED = 20260701
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Vertices on an edge of a large polygon's outline, relative to the
# other edges: front lines are drawn in much finer detail.
FRONT_DETAIL = 6

STYLES = {
    'occupied': ('Окуповано', 'Occupied', 'geoJSON.status.occupied',
                 '#a52714', 0.302, '#a52714', 2),
    'contested': ('Статус невідомий', 'Unknown status', 'geoJSON.status.unknown',
                  '#bcaaa4', 0.302, '#bcaaa4', 2),
    'enclave': ("Придністров'я", 'Transnistria', 'geoJSON.territories.transnistria',
                '#ff5252', 0.302, '#ff5252', 2),
    'liberated': ('Звільнено', 'Liberated', 'geoJSON.status.liberated',
                  '#0f9d58', 0.25, '#0f9d58', 1.5),
    'ordlo': ('ОРДЛО', 'CADR and CALR', 'geoJSON.territories.ordlo',
              '#880e4f', 0.302, '#880e4f', 2),
    'district': ('Район', 'District', 'geoJSON.admin.district',
                 '#9e9e9e', 0.08, '#616161', 0.8),
}

POINT_KINDS = [
    ('Напрямок удару', 'Direction of attack', 'geoJSON.status.attack_direction', '#0288d1'),
    ('Місто', 'City', 'geoJSON.places.city', '#000000'),
    ('Аеродром', 'Airfield', 'geoJSON.military.airfield', '#ff5252'),
    ('Міст', 'Bridge', 'geoJSON.infrastructure.bridge', '#795548'),
]

SIZES = {'100k': 100_000, '1M': 1_000_000, '5M': 5_000_000}

# The merged file of issue 15: the real one has 8,790 features (8,037
# polygons), 1.18 M vertices and 40 MB from about 100 exports.
MERGED_SNAPSHOTS = 100
MERGED_FEATURES = 8_800
MERGED_VERTICES = 1_180_000
MERGED_LAST_DATE = datetime.date(2025, 7, 15)   # that of the features export
MERGED_FEATURES_FILE = 'deepstate-features-2025-07-15.geojson'
MERGED_SERIES_FILE = 'deepstate-occupied-monthly.geojson'
# Polygons of fewer vertices than this are "small" (see generate_merged())
MERGED_SMALL = 100
# Fill colours of areas along the front, whose outlines move from one
# export to the next; the others (liberated, Crimea, abroad) stay put.
FRONT_FILLS = ('#a52714', '#bcaaa4', '#bdbdbd')


def parse_size(text):
    if text in SIZES:
        return SIZES[text]
    mult = 1
    t = text.lower()
    if t.endswith('k'):
        mult, t = 1000, t[:-1]
    elif t.endswith('m'):
        mult, t = 1_000_000, t[:-1]
    return int(float(t) * mult)


def json_string(s):
    out = ['"']
    for ch in s:
        if ch == '"':
            out.append('\\"')
        elif ch == '\\':
            out.append('\\\\')
        elif ord(ch) < 0x20:
            out.append('\\u%04x' % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return ''.join(out)


class Grid:
    """A jittered grid of nx × ny cells over the region."""

    def __init__(self, rng, nx, ny):
        self.nx, self.ny = nx, ny
        self.dx = (LON_MAX - LON_MIN) / nx
        self.dy = (LAT_MAX - LAT_MIN) / ny
        self.nodes = {}
        for j in range(ny + 1):
            for i in range(nx + 1):
                x = LON_MIN + i * self.dx
                y = LAT_MIN + j * self.dy
                if 0 < i < nx:
                    x += rng.uniform(-0.2, 0.2) * self.dx
                if 0 < j < ny:
                    y += rng.uniform(-0.2, 0.2) * self.dy
                self.nodes[(i, j)] = (x, y)


class Edges:
    """The wiggly polyline of every grid edge, generated once.

    An edge is keyed by its two end nodes in canonical (sorted) order;
    interior() returns its interior vertices, already formatted, in the
    requested direction.
    """

    def __init__(self, grid, seed, detail, front):
        self.grid = grid
        self.seed = seed
        self.detail = detail
        self.front = front
        self.cache = {}

    def n_interior(self, a, b):
        key = (a, b) if a < b else (b, a)
        return self.detail * (FRONT_DETAIL if key in self.front else 1)

    def interior(self, a, b):
        key = (a, b) if a < b else (b, a)
        pair = self.cache.get(key)
        if pair is None:
            pair = self._make(key)
            self.cache[key] = pair
        return pair[0] if (a, b) == key else pair[1]

    def _make(self, key):
        a, b = key
        n = self.n_interior(a, b)
        if n == 0:
            return ('', '')
        rng = random.Random('%d:%d,%d:%d,%d' % (self.seed, a[0], a[1], b[0], b[1]))
        ax, ay = self.grid.nodes[a]
        bx, by = self.grid.nodes[b]
        vx, vy = bx - ax, by - ay
        length = math.hypot(vx, vy)
        # Unit normal, in degrees; latitude degrees are longer, which
        # only changes the look a little.
        nx, ny = -vy / length, vx / length

        # A Brownian bridge (jagged, like a digitised front line) plus
        # one or two slow bends, under a sine envelope so that the edge
        # leaves its end nodes steeply enough not to cross its
        # neighbours.
        steps = n + 1
        sigma = 0.09 * length / math.sqrt(steps)
        walk = [0.0] * (steps + 1)
        acc = 0.0
        gauss = rng.gauss
        for k in range(1, steps + 1):
            acc += gauss(0.0, sigma)
            walk[k] = acc
        bend1 = rng.uniform(-0.12, 0.12) * length
        bend2 = rng.uniform(-0.05, 0.05) * length
        phase = rng.uniform(0, math.pi)

        pts = []
        sin = math.sin
        pi = math.pi
        for k in range(1, steps):
            t = k / steps
            env = sin(pi * t)
            d = (walk[k] - t * acc) * env + bend1 * env + bend2 * sin(2 * pi * t + phase) * env
            # Small tangential jitter keeps vertex spacing irregular
            # without letting the line double back.
            s = t + rng.uniform(-0.3, 0.3) / steps
            x = min(max(ax + vx * s + nx * d, LON_MIN), LON_MAX)
            y = min(max(ay + vy * s + ny * d, LAT_MIN), LAT_MAX)
            pts.append('[%.6f,%.6f]' % (x, y))
        fwd = ','.join(pts)
        pts.reverse()
        return (fwd, ','.join(pts))


def boundary_rings(cells):
    """Rings around a set of cells, exteriors anticlockwise, holes clockwise.

    Each ring is a list of grid nodes (not closed).  Cell (i, j) has the
    corners (i, j), (i+1, j), (i+1, j+1), (i, j+1).
    """
    out = {}
    for (i, j) in cells:
        corners = [(i, j), (i + 1, j), (i + 1, j + 1), (i, j + 1)]
        neighbours = [(i, j - 1), (i + 1, j), (i, j + 1), (i - 1, j)]
        for k in range(4):
            if neighbours[k] not in cells:
                out.setdefault(corners[k], []).append(corners[(k + 1) % 4])

    rings = []
    while out:
        start = next(iter(out))
        ring = [start]
        prev = start
        cur = out[start].pop()
        if not out[start]:
            del out[start]
        while cur != start:
            ring.append(cur)
            choices = out[cur]
            if len(choices) == 1:
                nxt = choices.pop()
            else:
                # A pinch point: turn left, so that the rings of cells
                # touching at a corner stay separate.
                din = (cur[0] - prev[0], cur[1] - prev[1])
                left = (-din[1], din[0])
                nxt = None
                for c in choices:
                    if (c[0] - cur[0], c[1] - cur[1]) == left:
                        nxt = c
                if nxt is None:
                    nxt = choices[0]
                choices.remove(nxt)
            if not choices:
                del out[cur]
            prev, cur = cur, nxt
        rings.append(ring)
    return rings


def ring_area(ring):
    s = 0.0
    for k in range(len(ring)):
        x0, y0 = ring[k]
        x1, y1 = ring[(k + 1) % len(ring)]
        s += x0 * y1 - x1 * y0
    return s / 2


def point_in_ring(pt, ring):
    x, y = pt
    inside = False
    n = len(ring)
    for k in range(n):
        x0, y0 = ring[k]
        x1, y1 = ring[(k + 1) % n]
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def polygons_of(cells):
    """Groups the rings of a cell set into polygons: [[outer, holes...]]."""
    rings = boundary_rings(cells)
    outers = [r for r in rings if ring_area(r) > 0]
    holes = [r for r in rings if ring_area(r) < 0]
    polys = [[o] for o in outers]
    for h in holes:
        # Test a point just inside the hole's first edge (on its right,
        # since holes run clockwise), in grid units.
        (x0, y0), (x1, y1) = h[0], h[1]
        probe = ((x0 + x1) / 2 + (y1 - y0) * 0.25, (y0 + y1) / 2 - (x1 - x0) * 0.25)
        best = None
        for p in polys:
            if point_in_ring(probe, p[0]):
                if best is None or abs(ring_area(p[0])) < abs(ring_area(best[0])):
                    best = p
        if best is not None:
            best.append(h)
    return polys


def plan(rng, nx, ny):
    """Decides which cell belongs to which feature.

    Returns (big, small): big maps a style to its cell set; small is a
    list of (style, cell).
    """
    occupied = set()
    contested = set()
    enclave = set()
    liberated = []

    # The front line: a random walk of the column where occupation starts.
    col = int(nx * 0.62)
    front = []
    for j in range(ny):
        col += rng.choice((-1, 0, 0, 1))
        col = max(int(nx * 0.45), min(int(nx * 0.8), col))
        front.append(col)
    # A southern peninsula, its own part of the MultiPolygon, one row
    # of cells away from the main part.
    south = max(1, int(ny * 0.08))
    cx = int(nx * 0.55)
    for j in range(0, south):
        for i in range(cx - max(1, int(nx * 0.06)), cx + max(1, int(nx * 0.06))):
            occupied.add((i, j))
    first_row = max(south + 1, int(ny * 0.15))
    for j in range(first_row, int(ny * 0.9)):
        for i in range(front[j], nx):
            occupied.add((i, j))

    # Holes: isolated cells inside, not on the edge, not touching.
    interior = [c for c in occupied
                if all(n in occupied for n in ((c[0] + a, c[1] + b)
                                               for a in (-1, 0, 1) for b in (-1, 0, 1)))]
    interior.sort()
    rng.shuffle(interior)
    taken = set()
    for c in interior[:max(3, len(interior) // 8)]:
        if any((c[0] + a, c[1] + b) in taken for a in (-1, 0, 1) for b in (-1, 0, 1)):
            continue
        taken.add(c)
        occupied.discard(c)
        liberated.append(c)

    # The grey zone along the front: a broken strip, so several parts.
    for j in range(first_row, int(ny * 0.9)):
        if rng.random() < 0.15:
            continue
        for w in range(1, 1 + rng.choice((1, 1, 2))):
            c = (front[j] - w, j)
            if c[0] >= 0:
                contested.add(c)

    # An enclave in the west, with a hole of its own if it is big enough.
    ex, ey = int(nx * 0.12), int(ny * 0.35)
    for j in range(ey, ey + max(2, int(ny * 0.12))):
        for i in range(ex, ex + max(2, int(nx * 0.05))):
            enclave.add((i, j))

    big = {'occupied': occupied, 'contested': contested, 'enclave': enclave}
    used = occupied | contested | enclave
    small = [('liberated', c) for c in liberated]
    # Many small polygons: most of the other cells, some left empty.
    for j in range(ny):
        for i in range(nx):
            c = (i, j)
            if c in used or c in taken:
                continue
            r = rng.random()
            if r < 0.2:
                continue
            small.append(('ordlo' if r < 0.25 else 'district', c))
    return big, small


def ring_vertices(ring, edges):
    n = len(ring) + 1
    for k in range(len(ring)):
        n += edges.n_interior(ring[k], ring[(k + 1) % len(ring)])
    return n


def ring_text(ring, edges, nodes_text):
    parts = []
    for k in range(len(ring)):
        a, b = ring[k], ring[(k + 1) % len(ring)]
        parts.append(nodes_text[a])
        inner = edges.interior(a, b)
        if inner:
            parts.append(inner)
    parts.append(nodes_text[ring[0]])
    return '[' + ','.join(parts) + ']'


def properties(style, name_suffix, extra=''):
    uk, en, key, fill, fill_opacity, stroke, stroke_width = STYLES[style]
    name = '%s%s /// %s%s /// %s' % (uk, name_suffix, en, name_suffix, key)
    return ('{"name":%s,"fill":"%s","fill-opacity":%s,"stroke":"%s","stroke-opacity":1,'
            '"stroke-width":%s%s}' % (json_string(name), fill, fill_opacity, stroke,
                                      stroke_width, extra))


def generate(path, target, seed):
    rng = random.Random(seed)

    # About one grid cell per 2,500 vertices, 3:2 wide.
    n_cells = max(150, target // 2500)
    ny = max(6, int(round(math.sqrt(n_cells / 1.5))))
    nx = max(9, int(round(ny * 1.5)))
    grid = Grid(rng, nx, ny)
    big, small = plan(rng, nx, ny)

    big_polys = {style: polygons_of(cells) for style, cells in big.items()}
    small_rings = [(style, boundary_rings({c})[0]) for style, c in small]

    # Edges on the outline of a large polygon are front lines.
    front = set()
    for polys in big_polys.values():
        for poly in polys:
            for ring in poly:
                for k in range(len(ring)):
                    a, b = ring[k], ring[(k + 1) % len(ring)]
                    front.add((a, b) if a < b else (b, a))

    n_points = max(50, target // 1000)

    # Vertices as a function of the detail per edge: count with detail 0
    # and 1, and solve for the target.
    all_rings = [r for polys in big_polys.values() for poly in polys for r in poly]
    all_rings += [r for _, r in small_rings]
    probe = Edges(grid, seed, 0, front)
    base = sum(ring_vertices(r, probe) for r in all_rings) + n_points
    probe.detail = 1
    per_detail = sum(ring_vertices(r, probe) for r in all_rings) + n_points - base
    detail = max(0, int(round((target - base) / per_detail)))
    edges = Edges(grid, seed, detail, front)

    nodes_text = {k: '[%.6f,%.6f]' % v for k, v in grid.nodes.items()}
    n_vertices = 0
    fid = 0

    with open(path, 'w', encoding='utf-8', buffering=1 << 20) as out:
        out.write('{"type":"FeatureCollection","name":"bench-control",'
                  '"features":[\n')
        first = True

        def feature(geometry_type, coordinates, props):
            nonlocal first, fid
            if not first:
                out.write(',\n')
            first = False
            fid += 1
            out.write('{"type":"Feature","id":%d,"properties":%s,'
                      '"geometry":{"type":"%s","coordinates":' % (fid, props, geometry_type))
            out.write(coordinates)
            out.write('}}')

        for style in ('occupied', 'contested', 'enclave'):
            polys = big_polys[style]
            texts = []
            for poly in polys:
                texts.append('[' + ','.join(ring_text(r, edges, nodes_text) for r in poly) + ']')
                n_vertices += sum(ring_vertices(r, edges) for r in poly)
            feature('MultiPolygon', '[' + ','.join(texts) + ']',
                    properties(style, '', ',"description":"%d parts"' % len(polys)))

        for k, (style, ring) in enumerate(small_rings):
            n_vertices += ring_vertices(ring, edges)
            feature('Polygon', '[' + ring_text(ring, edges, nodes_text) + ']',
                    properties(style, ' %d' % (k + 1)))

        for k in range(n_points):
            uk, en, key, colour = POINT_KINDS[k % len(POINT_KINDS)]
            lon = rng.uniform(LON_MIN + 0.5, LON_MAX - 0.5)
            lat = rng.uniform(LAT_MIN + 0.3, LAT_MAX - 0.3)
            name = '%s %d /// %s %d /// %s' % (uk, k + 1, en, k + 1, key)
            props = ('{"name":%s,"fill":"%s","fill-opacity":1,"stroke":"#ffffff",'
                     '"stroke-width":1,"marker-color":"%s"}'
                     % (json_string(name), colour, colour))
            feature('Point', '[%.6f,%.6f]' % (lon, lat), props)
            n_vertices += 1

        out.write('\n]}\n')

    return n_vertices, fid


def merged_dates(rng, n):
    """n export dates, 3-4 days apart, the last on MERGED_LAST_DATE."""
    dates = [MERGED_LAST_DATE]
    while len(dates) < n:
        dates.append(dates[-1] - datetime.timedelta(days=rng.choice((3, 3, 3, 4, 4))))
    dates.reverse()
    return dates


def count_positions(coordinates):
    if coordinates and isinstance(coordinates[0], (int, float)):
        return 1
    return sum(count_positions(c) for c in coordinates)


def coordinates_text(coordinates, shift):
    """GeoJSON coordinates as GDAL's writer spaces them, 3-D as in the exports.

    shift(x, y) returns the displacement of a vertex, or is None.
    """
    if isinstance(coordinates[0], (int, float)):
        x, y = coordinates[0], coordinates[1]
        if shift is not None:
            dx, dy = shift(x, y)
            x, y = x + dx, y + dy
        return '[ %r, %r, 0.0 ]' % (round(x, 7), round(y, 7))
    return '[ ' + ', '.join(coordinates_text(c, shift) for c in coordinates) + ' ]'


def generate_merged(path, control, n_snapshots, seed):
    """A merged multi-snapshot file, shaped like the real one of issue 15.

    Every snapshot is one dated export, written after the one before it,
    as appending exports into one file gives.  An export holds:

    - the occupied territory of the month (the monthly series, the
      latest date on or before the export's), one Polygon per part, with
      the simplestyle properties of the export's occupied areas;
    - the polygons of the 2025-07-15 features export, each from some
      export on up to the last (areas, once drawn, stay in the exports,
      so the last export is the real one); how many exports each is in
      is spread around what it takes to reach MERGED_FEATURES features
      and MERGED_VERTICES vertices in all, small polygons in more exports
      than large ones, as in the real file;
    - 7 or 8 of its points.

    The outlines along the front move by up to ~1 km from one export to
    the next (a smooth displacement, so nothing starts to cross itself);
    the others repeat exactly.  Every feature carries its export's date.
    Strays far from Ukraine (Finland, the Kuril Islands) stay in, as they
    are in the real exports.
    """
    rng = random.Random(seed)

    with open(os.path.join(control, MERGED_FEATURES_FILE), encoding='utf-8') as f:
        source = json.load(f)['features']
    with open(os.path.join(control, MERGED_SERIES_FILE), encoding='utf-8') as f:
        series = sorted(json.load(f)['features'], key=lambda s: s['properties']['date'])

    polygons = [f for f in source if f['geometry']['type'] != 'Point']
    points = [f for f in source if f['geometry']['type'] == 'Point']
    occupied_props = next(f['properties'] for f in polygons
                          if f['properties'].get('fill') == '#a52714')

    dates = merged_dates(rng, n_snapshots)
    n_points = [7 + k % 2 for k in range(n_snapshots)]

    def month_of(date):
        month = series[0]
        for s in series:
            if s['properties']['date'] <= date.isoformat():
                month = s
        return month

    months = [month_of(d) for d in dates]
    occ_features = sum(len(m['geometry']['coordinates']) for m in months)
    occ_vertices = sum(count_positions(m['geometry']['coordinates']) for m in months)

    # How many exports each polygon is in: a mean for small ones and one
    # for large ones, with every polygon spread around its mean.  Two
    # equations (features, vertices), two unknowns (the means), solved
    # once for the spreads and once more with the spreads drawn.
    sizes = [count_positions(p['geometry']['coordinates']) for p in polygons]
    small = [v < MERGED_SMALL for v in sizes]
    want_f = MERGED_FEATURES * n_snapshots / MERGED_SNAPSHOTS - occ_features - sum(n_points)
    want_v = MERGED_VERTICES * n_snapshots / MERGED_SNAPSHOTS - occ_vertices - sum(n_points)

    def solve(offsets):
        """The two means, given each polygon's offset from its mean."""
        ns = sum(1 for s in small if s)
        nl = len(sizes) - ns
        vs = sum(v for v, s in zip(sizes, small) if s)
        vl = sum(sizes) - vs
        f = want_f - sum(offsets)
        v = want_v - sum(o * n for o, n in zip(offsets, sizes))
        mean_l = (v - vs * f / ns) / (vl - vs * nl / ns)
        return (f - nl * mean_l) / ns, mean_l

    def clamp_run(r):
        return max(1, min(n_snapshots, int(round(r))))

    mean_s, mean_l = solve([0] * len(sizes))
    spreads = []
    for s in small:
        mean = mean_s if s else mean_l
        spreads.append(max(0.0, min(mean - 1, n_snapshots - mean)))
    offsets = [rng.uniform(-d, d) for d in spreads]
    mean_s, mean_l = solve(offsets)
    runs = []
    for s, o in zip(small, offsets):
        length = clamp_run((mean_s if s else mean_l) + o)
        runs.append((n_snapshots - length, n_snapshots))

    def displacement(amplitude, phase):
        sin = math.sin

        def shift(x, y):
            return (amplitude * sin(7.0 * y + phase),
                    0.6 * amplitude * sin(5.0 * x + 1.3 * phase))
        return shift

    n_vertices = 0
    n_features = 0

    with open(path, 'w', encoding='utf-8', buffering=1 << 20) as out:
        out.write('{\n"type": "FeatureCollection",\n"name": "bench-merged",\n"features": [\n')
        first = True

        def feature(props, geometry_type, coordinates, shift):
            nonlocal first, n_features, n_vertices
            if not first:
                out.write(',\n')
            first = False
            n_features += 1
            n_vertices += count_positions(coordinates)
            out.write('{ "type": "Feature", "properties": %s, "geometry": '
                      '{ "type": "%s", "coordinates": %s } }'
                      % (json.dumps(props, ensure_ascii=False), geometry_type,
                         coordinates_text(coordinates, shift)))

        for k, date in enumerate(dates):
            phase = rng.uniform(0, 2 * math.pi)
            front = displacement(0.01, phase)
            coast = displacement(0.004, phase)
            stamp = {'date': date.isoformat()}

            for part in months[k]['geometry']['coordinates']:
                feature(dict(occupied_props, **stamp), 'Polygon', part, coast)

            chosen = set(id(p) for p in rng.sample(points, n_points[k]))
            i = 0
            for f in source:
                props = dict(f['properties'], **stamp)
                geometry = f['geometry']
                if geometry['type'] == 'Point':
                    if id(f) in chosen:
                        feature(props, 'Point', geometry['coordinates'], None)
                    continue
                start, end = runs[i]
                i += 1
                if start <= k < end:
                    moves = f['properties'].get('fill') in FRONT_FILLS
                    feature(props, geometry['type'], geometry['coordinates'],
                            front if moves else None)

        out.write('\n]\n}\n')

    return n_vertices, n_features

DAILY_START = datetime.date(2024, 8, 1)


def generate_daily(outdir, n_days, seed):
    """The daily series of issue 13: see the module's docstring."""
    folder = os.path.join(TOP, 'data', 'sample', 'series')
    monthly = []
    for name in sorted(os.listdir(folder)):
        if name.endswith('.geojson'):
            day = datetime.date.fromisoformat(name[-len('YYYY-MM-DD.geojson'):-len('.geojson')])
            with open(os.path.join(folder, name), encoding='utf-8') as f:
                monthly.append((day, json.load(f)))
    rng = random.Random(seed)
    os.makedirs(outdir, exist_ok=True)
    n_vertices = 0
    for i in range(n_days):
        day = DAILY_START + datetime.timedelta(days=i)
        source = monthly[0][1]
        for d, data in monthly:
            if d <= day:
                source = data
        # About a metre (1e-5 degrees), the same for the whole day.
        dx, dy = rng.uniform(-1e-5, 1e-5), rng.uniform(-1e-5, 1e-5)

        def nudge(c):
            if isinstance(c[0], (int, float)):
                return [round(c[0] + dx, 7), round(c[1] + dy, 7)]
            return [nudge(x) for x in c]

        features = []
        for feature in source['features']:
            geometry = dict(feature['geometry'])
            geometry['coordinates'] = nudge(geometry['coordinates'])
            n_vertices += count_positions(geometry['coordinates'])
            features.append({'type': 'Feature', 'properties': feature['properties'],
                             'geometry': geometry})
        path = os.path.join(outdir, 'deepstate-occupied-%s.geojson' % day.isoformat())
        with open(path, 'w', encoding='utf-8') as f:
            json.dump({'type': 'FeatureCollection', 'features': features}, f)
    return n_vertices


def main():
    parser = argparse.ArgumentParser(description='Write GeoJSON benchmark inputs.')
    parser.add_argument('outdir')
    parser.add_argument('--sizes', default='100k,1M,5M',
                        help='comma-separated vertex counts (100k, 1M, 5M, 250k, …); '
                        'empty for none')
    parser.add_argument('--merged', action='store_true',
                        help='also write bench-merged-N.geojson from the control data')
    parser.add_argument('--control', default=os.path.join(TOP, '..', 'shared', 'data', 'control'),
                        help='the folder of the real control files (default: %(default)s)')
    parser.add_argument('--snapshots', type=int, default=MERGED_SNAPSHOTS,
                        help='exports in the merged file (default: %(default)s)')
    parser.add_argument('--daily', type=int, default=0,
                        help='also write bench-daily-N/, a daily series of N snapshots')
    args = parser.parse_args()

    os.makedirs(args.outdir, exist_ok=True)
    for size in args.sizes.split(','):
        size = size.strip()
        if not size:
            continue
        target = parse_size(size)
        path = os.path.join(args.outdir, 'bench-%s.geojson' % size)
        start = time.monotonic()
        n_vertices, n_features = generate(path, target, SEED + target)
        print('%s: %d vertices, %d features, %d bytes (%.1f s)'
              % (path, n_vertices, n_features, os.path.getsize(path),
                 time.monotonic() - start))
        sys.stdout.flush()

    if args.merged:
        for name in (MERGED_FEATURES_FILE, MERGED_SERIES_FILE):
            if not os.path.isfile(os.path.join(args.control, name)):
                sys.exit('%s: %s not found (see --control)' % (sys.argv[0], name))
        path = os.path.join(args.outdir, 'bench-merged-%d.geojson' % args.snapshots)
        start = time.monotonic()
        n_vertices, n_features = generate_merged(path, args.control, args.snapshots,
                                                 SEED + args.snapshots)
        print('%s: %d vertices, %d features, %d bytes (%.1f s)'
              % (path, n_vertices, n_features, os.path.getsize(path),
                 time.monotonic() - start))

    if args.daily > 0:
        path = os.path.join(args.outdir, 'bench-daily-%d' % args.daily)
        start = time.monotonic()
        n_vertices = generate_daily(path, args.daily, SEED + args.daily)
        print('%s: %d snapshots, %d vertices (%.1f s)'
              % (path, args.daily, n_vertices, time.monotonic() - start))


if __name__ == '__main__':
    main()
