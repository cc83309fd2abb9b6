#!/usr/bin/env python3
# run-peers.py
#
# Copyright 2026 The Truceline authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""The paired benchmark of issue 15: Truceline's PNG export against peers.

Times whole processes from outside: `truceline --export=OUT.png
--size=WxH FILE`, then peer-mapnik.py and peer-qgis.py on the same file,
the same size and the same view (fit-view.py's: Truceline's projection
and fit), then again, --runs times, interleaved so that a slow spell of
the machine hits all of them alike.  A dated series (a layer with a
"date" field, like bench-merged-100) is timed twice: as Truceline opens
it, its newest snapshot (the peers draw only that date's features), and
every snapshot at once (Truceline told to date it by a field it lacks).  Every run is a fresh process; the
files are in the page cache (one untimed warm-up run of each tool comes
first), nothing else is dropped.

Truceline runs in two modes.  Cold: XDG_CACHE_HOME is a new empty
folder for every run, so its read cache ($XDG_CACHE_HOME/truceline/,
what it made of a file it read before) cannot help.  Warm:
XDG_CACHE_HOME is one folder per input, filled by the warm-up run and
kept, so every timed run reads the file from the cache.  The peers keep
no such cache; they run with a new empty XDG_CACHE_HOME every time.

Every PNG is checked after its run (outside the timing): the right size,
and not blank (at least 1 % of pixels differ from the commonest colour),
with PIL or, failing that, GDAL's Python bindings and numpy.

A peer that is not installed (Debian's python3-mapnik; python3-qgis and
qgis-providers) is skipped with a message.  Peers run with the first of
$PYTHON, this interpreter, python3 and /usr/bin/python3 that can import
them.

Usage: run-peers.py [BUILDDIR] [INPUTDIR] [--runs N] [--mode cold|warm|both]
                    [--size WxH] [--out DIR] [--wait-load L] [--input FILE]...
  BUILDDIR  the meson build directory (default: build), already built
  INPUTDIR  where the generated inputs live or go
            (default: $TMPDIR/tl-bench-inputs); bench-1M.geojson and
            bench-merged-100.geojson are generated there if missing
  --input   benchmark these files instead of the two generated ones
  --out     where the PNGs, peers.md and peers.json go
            (default: $TMPDIR/tl-bench-peers)
  --wait-load  before each round, wait (up to 10 minutes) until the
            1-minute load average is at most L: on a machine shared with
            builds, rounds then run in the quieter spells

Prints a markdown table of medians and ratios.
"""

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
TMP = os.environ.get('TMPDIR', '/tmp')

# Not blank: this share of pixels differs from the commonest colour.
MIN_DRAWN = 0.01
RUN_TIMEOUT = 900
# A field no file has: given to --date-field, Truceline opens a dated
# layer whole instead of as a series.
NO_SUCH_FIELD = 'tl-bench-no-such-field'
WAIT_LOAD_MAX_S = 600

PROBES = {
    'mapnik': 'import mapnik',
    'qgis': 'from qgis.core import Qgis',
    'gdal': 'from osgeo import gdal, ogr, osr',
    'png': '''
try:
    import PIL.Image
except ImportError:
    from osgeo import gdal
    import numpy
''',
}

CHECK_PNG = r'''
import json, sys
path = sys.argv[1]
try:
    import PIL.Image
    image = PIL.Image.open(path)
    width, height = image.size
    counts = image.convert('RGB').getcolors(width * height)
    commonest = max(c for c, _ in counts)
    via = 'PIL'
except ImportError:
    from osgeo import gdal
    import numpy
    dataset = gdal.Open(path)
    width, height = dataset.RasterXSize, dataset.RasterYSize
    bands = dataset.ReadAsArray().astype(numpy.uint32).reshape(dataset.RasterCount, -1)
    rgb = bands[:3] if len(bands) >= 3 else numpy.repeat(bands[:1], 3, axis=0)
    packed = (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]
    commonest = int(numpy.unique(packed, return_counts=True)[1].max())
    via = 'GDAL'
print(json.dumps({'width': width, 'height': height,
                  'drawn': 1.0 - commonest / float(width * height), 'via': via}))
'''


def log(text):
    print(text, file=sys.stderr, flush=True)


def find_python(probe):
    candidates = [os.environ.get('PYTHON'), sys.executable,
                  shutil.which('python3'), '/usr/bin/python3']
    seen = set()
    for python in candidates:
        if not python or python in seen or not os.path.exists(python):
            continue
        seen.add(python)
        env = dict(os.environ, QT_QPA_PLATFORM='offscreen')
        result = subprocess.run([python, '-c', PROBES[probe]], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if result.returncode == 0:
            return python
    return None


def build_type(builddir):
    try:
        with open(os.path.join(builddir, 'meson-info', 'intro-buildoptions.json')) as f:
            return next((o['value'] for o in json.load(f) if o['name'] == 'buildtype'), '?')
    except (OSError, ValueError):
        return '?'


def cpu_model():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or '?'


def command_output(argv):
    try:
        return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True).stdout.strip()
    except OSError:
        return ''


def ensure_inputs(inputdir):
    """The generated 1M-vertex grid and the merged file, generated if missing."""
    one_m = os.path.join(inputdir, 'bench-1M.geojson')
    merged = os.path.join(inputdir, 'bench-merged-100.geojson')
    control = os.path.join(TOP, '..', 'shared', 'data', 'control')
    argv = [sys.executable, os.path.join(HERE, 'generate-inputs.py'), inputdir]
    want_1m = not os.path.exists(one_m) or not os.path.getsize(one_m)
    want_merged = not os.path.exists(merged) or not os.path.getsize(merged)
    if want_merged and not os.path.isdir(control):
        log('No %s: skipping the merged input (generate it with generate-inputs.py '
            '--merged --control DIR)' % os.path.normpath(control))
        want_merged = False
    if want_1m or want_merged:
        log('Generating inputs into %s' % inputdir)
        subprocess.run(argv + ['--sizes', '1M' if want_1m else ''] +
                       (['--merged'] if want_merged else []), check=True)
    return [p for p in (one_m, merged) if os.path.exists(p)]


class Tool:
    """One row of the table: how to run it and what it ran."""

    def __init__(self, key, name, detail, argv, cache):
        self.key = key
        self.name = name        # 'truceline', 'mapnik', 'QGIS'
        self.version = ''       # a peer's, once it has said
        self.detail = detail
        self.argv = argv        # function (input, output PNG, case) -> argv
        self.cache = cache      # 'cold', 'warm' or 'none'
        self.times = []
        self.by_round = {}      # round -> seconds, for paired ratios
        self.cpu = []           # user + system seconds, per run
        self.reports = []       # the JSON a peer printed, per run
        self.drawn = None
        self.failures = 0

    @property
    def label(self):
        return ' '.join(w for w in (self.name, self.version, self.detail) if w)


def run_once(tool, path, png, case, env, session, stem):
    """Runs one timed process.

    Returns its wall-clock and CPU (user + system) seconds and the JSON it
    printed last, or Nones on failure.
    """
    env = dict(env)
    if tool.cache == 'warm':
        env['XDG_CACHE_HOME'] = session['warm'][stem]
    else:
        env['XDG_CACHE_HOME'] = tempfile.mkdtemp(prefix='cache-', dir=session['root'])
    if os.path.exists(png):
        os.unlink(png)
    argv = tool.argv(path, png, case)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        result = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        log('  %s: timed out after %d s' % (tool.label, RUN_TIMEOUT))
        return None, None, None
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if tool.cache != 'warm':
        shutil.rmtree(env['XDG_CACHE_HOME'], ignore_errors=True)
    if result.returncode != 0 or not os.path.exists(png):
        log('  %s failed (exit status %d):\n%s'
            % (tool.label, result.returncode, result.stderr.strip()[-2000:]))
        return None, None, None
    report = None
    lines = result.stdout.strip().splitlines()
    if lines and lines[-1].startswith('{'):
        report = json.loads(lines[-1])
    return seconds, cpu, report


def wait_for_load(limit):
    """Waits until the 1-minute load average is at most limit; returns it."""
    deadline = time.monotonic() + WAIT_LOAD_MAX_S
    load = os.getloadavg()[0]
    if load > limit:
        log('  waiting for the load average (%.1f) to fall to %.1f' % (load, limit))
    while load > limit and time.monotonic() < deadline:
        time.sleep(10)
        load = os.getloadavg()[0]
    return load


def check_png(python, png, size):
    if python is None:
        return None
    result = subprocess.run([python, '-c', CHECK_PNG, png], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        log('  cannot read %s: %s' % (png, result.stderr.strip()[-500:]))
        return False
    stats = json.loads(result.stdout)
    if (stats['width'], stats['height']) != size:
        log('  %s is %d×%d, not %d×%d' % (png, stats['width'], stats['height'], *size))
        return False
    if stats['drawn'] < MIN_DRAWN:
        log('  %s is blank: %.2f %% of pixels drawn' % (png, 100 * stats['drawn']))
        return False
    return stats['drawn']


def fmt_s(v):
    return '—' if v is None else '%.2f' % v


def fmt_ratio(a, b):
    return '—' if a is None or b is None or b == 0 else '%.2f' % (a / b)


def paired_ratio(a, b):
    """The median over rounds of a's time ÷ b's in the same round."""
    return median([a.by_round[r] / b.by_round[r] for r in a.by_round if r in b.by_round])


def median(values):
    return statistics.median(values) if values else None


def table(path, title, tools, runs, loads):
    size = os.path.getsize(path)
    lines = ['### %s (%.1f MB)%s' % (os.path.basename(path), size / 1e6,
                                     ': ' + title if title else ''), '',
             '1-minute load average at the start of the rounds: %.1f–%.1f.'
             % (min(loads), max(loads)), '']
    cold = next((t for t in tools if t.key == 'truceline-cold'), None)
    warm = next((t for t in tools if t.key == 'truceline-warm'), None)
    head = '| run | median s | min–max s | CPU s | drawn px |'
    rule = '| --- | ---: | ---: | ---: | ---: |'
    for t in (cold, warm):
        if t is not None:
            head += ' truceline %s ÷ this |' % t.cache
            rule += ' ---: |'
    lines += [head, rule]

    def row(label, values, cpu, drawn, tool=None):
        m = median(values)
        cells = '| %s | %s | %s | %s | %s |' % (
            label, fmt_s(m),
            '%.2f–%.2f' % (min(values), max(values)) if values else '—',
            fmt_s(median(cpu)), '—' if drawn is None else '%.1f %%' % (100 * drawn))
        for t in (cold, warm):
            if t is not None:
                cells += ' %s |' % fmt_ratio(median(t.times), m)
                if tool is not None and tool is not t and t.times and tool.times:
                    cells = cells[:-2] + ' (%.2f) |' % paired_ratio(t, tool)
        lines.append(cells)

    for t in tools:
        note = ''
        if t.failures:
            note = ' (%d of %d runs failed)' % (t.failures, runs)
        row(t.label + note, t.times, t.cpu, t.drawn, t)
        if t.key == 'qgis' and t.reports:
            row('QGIS in-process (open + render + save)',
                [r['in_process_s'] for r in t.reports], [], None)
            row('QGIS render job only', [r['render_s'] for r in t.reports], [], None)
    lines.append('')

    goals = []
    for key, limit in (('mapnik', 0.5), ('qgis', 0.25)):
        peer = next((t for t in tools if t.key == key), None)
        if peer is None or cold is None or not peer.times or not cold.times:
            continue
        ratio = median(cold.times) / median(peer.times)
        goals.append('truceline cold ÷ %s %.2f, paired %.2f (goal ≤ %.2f: %s)'
                     % (peer.name, ratio, paired_ratio(cold, peer), limit,
                        'PASS' if max(ratio, paired_ratio(cold, peer)) <= limit else 'MISS'))
    if goals:
        lines += ['Issue 15, whole process, cold: ' + '; '.join(goals) + '.', '']
    return lines


def cases_of(path, gdal_python, size, have_peers):
    """What to time on path: one case, or two for a dated series.

    A dated series opens in Truceline as its newest snapshot: the peers
    then draw only that date's features.  Its second case is every
    snapshot, as the file was drawn before Truceline knew series: for
    that, Truceline is told to date the layer by a field it does not
    have (it warns and opens the layer whole).
    """
    def view_of(*options):
        if gdal_python is None:
            return None
        result = subprocess.run([gdal_python, os.path.join(HERE, 'fit-view.py'), path,
                                 '--size=%dx%d' % size] + list(options),
                                stdout=subprocess.PIPE, text=True)
        return json.loads(result.stdout) if result.returncode == 0 else None

    view = view_of()
    if view is None and have_peers:
        log('  no GDAL Python bindings: the peers draw EPSG:4326 fitted to '
            'the whole layer, not Truceline\'s view')
    where = view.get('where') if view else None
    if where is None:
        return [{'suffix': '', 'title': '', 'view': view, 'truceline': [], 'peers': []}]
    return [
        {'suffix': '-newest',
         'title': 'newest snapshot, %s = %s, as Truceline opens the file'
                  % (where['field'], where['value']),
         'view': view, 'truceline': [],
         'peers': ['--snapshot=%s=%s' % (where['field'], where['value']),
                   '--layer=' + where['layer']]},
        {'suffix': '-every',
         'title': 'every snapshot (truceline --date-field=%s)' % NO_SUCH_FIELD,
         'view': view_of('--all'), 'truceline': ['--date-field=' + NO_SUCH_FIELD],
         'peers': []},
    ]


def run_case(case, path, modes, truceline_argv, peers, png_python, env, session, args, raw):
    """Times one case in interleaved rounds; returns its table's lines."""
    size = tuple(int(v) for v in args.size.split('x'))
    stem = os.path.splitext(os.path.basename(path))[0] + case['suffix']
    view = case['view']
    if case['title']:
        log('  %s' % case['title'])
    if view is not None:
        log('  view: %s, extent %s' % (view['srs'],
                                       ', '.join('%.0f' % v for v in view['extent'])))

    tools = [Tool('truceline-' + m, 'truceline', 'cold' if m == 'cold' else 'warm cache',
                  truceline_argv, m)
             for m in modes]
    for key, name, detail, argv in peers:
        tools.append(Tool(key, name, detail, argv, 'none'))

    session['warm'][stem] = tempfile.mkdtemp(prefix='warm-', dir=session['root'])
    pngs = {t.key: os.path.join(args.out, '%s-%s.png' % (stem, t.key)) for t in tools}

    # Untimed: the page cache, the shared libraries, the warm cache.
    for t in tools:
        seconds, _, report_ = run_once(t, path, pngs[t.key], case, env, session, stem)
        log('  warm-up   %-32s %s s' % (t.label, fmt_s(seconds)))
        if report_ is not None:
            t.version = report_['version'].split('-')[0]
    if any(t.cache == 'warm' for t in tools):
        warm_dir = session['warm'][stem]
        if not os.listdir(warm_dir):
            log('  note: the warm-up left %s empty: Truceline\'s read cache did '
                'not keep this file (off, or a kind it does not keep), so warm '
                'runs are cold runs too' % warm_dir)

    loads = []
    for r in range(args.runs):
        if args.wait_load is not None:
            wait_for_load(args.wait_load)
        loads.append(os.getloadavg()[0])
        for t in tools:
            seconds, cpu, report_ = run_once(t, path, pngs[t.key], case, env, session, stem)
            drawn = check_png(png_python, pngs[t.key], size) if seconds else None
            if seconds is None or drawn is False:
                t.failures += 1
                continue
            t.times.append(seconds)
            t.by_round[r] = seconds
            t.cpu.append(cpu)
            if report_ is not None:
                t.reports.append(report_)
            t.drawn = drawn
            extra = ''
            if report_ is not None:
                extra = '  (in-process %.2f s, render %.2f s)' % (
                    report_['in_process_s'], report_['render_s'])
            log('  round %d/%d %-32s %.2f s, CPU %.2f s%s'
                % (r + 1, args.runs, t.label, seconds, cpu, extra))

    raw['inputs'][path + case['suffix']] = {
        'case': case,
        'load_averages': loads,
        'runs': {t.key: {'label': t.label, 'seconds': t.times, 'cpu_seconds': t.cpu,
                         'reports': t.reports, 'failures': t.failures}
                 for t in tools},
        'pngs': pngs,
    }
    return table(path, case['title'], tools, args.runs, loads)


def main():
    parser = argparse.ArgumentParser(description="Truceline's PNG export against mapnik and QGIS.")
    parser.add_argument('builddir', nargs='?', default=os.path.join(TOP, 'build'))
    parser.add_argument('inputdir', nargs='?', default=os.path.join(TMP, 'tl-bench-inputs'))
    parser.add_argument('--runs', type=int, default=5, help='timed rounds (default: 5)')
    parser.add_argument('--mode', choices=('cold', 'warm', 'both'), default='both',
                        help='Truceline with an empty or a pre-filled cache (default: both)')
    parser.add_argument('--size', default='1920x1080')
    parser.add_argument('--out', default=os.path.join(TMP, 'tl-bench-peers'))
    parser.add_argument('--input', action='append', help='a file to benchmark (repeatable)')
    parser.add_argument('--wait-load', type=float, metavar='L',
                        help='before each round, wait for the load average to fall to L')
    args = parser.parse_args()
    size = tuple(int(v) for v in args.size.split('x'))

    truceline = os.path.join(args.builddir, 'src', 'app', 'truceline')
    if not os.access(truceline, os.X_OK):
        sys.exit('%s: %s not found: configure and build first' % (sys.argv[0], truceline))
    os.makedirs(args.out, exist_ok=True)
    inputs = args.input or ensure_inputs(args.inputdir)

    mapnik_python = find_python('mapnik')
    qgis_python = find_python('qgis')
    gdal_python = find_python('gdal')
    png_python = find_python('png')
    if mapnik_python is None:
        log('mapnik not found (Debian: apt-get install python3-mapnik): skipping mapnik')
    if qgis_python is None:
        log('QGIS not found (Debian: apt-get install python3-qgis qgis-providers): '
            'skipping QGIS')
    if png_python is None:
        log('Neither PIL nor GDAL\'s Python bindings with numpy: PNGs are not checked')

    modes = [m for m in ('cold', 'warm') if args.mode in (m, 'both')]

    def truceline_argv(path, png, case):
        return [truceline, '--export=' + png, '--size=%dx%d' % size] + case['truceline'] + [path]

    def peer_argv(python, script):
        def argv(path, png, case):
            out = [python, os.path.join(HERE, script), path, png, '--size=%dx%d' % size]
            view = case['view']
            if view is not None:
                out += ['--srs=' + view['srs'], '--extent=' + ','.join(map(repr, view['extent']))]
            return out + case['peers']
        return argv

    peers = []
    if mapnik_python is not None:
        peers.append(('mapnik', 'mapnik', '(OGR datasource)',
                      peer_argv(mapnik_python, 'peer-mapnik.py')))
    if qgis_python is not None:
        peers.append(('qgis', 'QGIS', 'whole process', peer_argv(qgis_python, 'peer-qgis.py')))

    version = (command_output([truceline, '--version']).split() or ['?'])[-1]
    header = [
        '## Paired export benchmark (issue 15)',
        '',
        'Machine: %s, %s CPUs online, %s; load average %s at the start.'
        % (cpu_model(), os.cpu_count(), platform.platform(terse=True),
           ', '.join('%.1f' % v for v in os.getloadavg())),
        'Truceline %s (%s build), GDAL %s; %d interleaved rounds, %d×%d PNG, '
        'whole processes timed from outside, files in the page cache.'
        % (version, build_type(args.builddir),
           command_output(['gdal-config', '--version']) or '?', args.runs, size[0], size[1]),
        '',
    ]
    log('\n'.join(header))
    report = header[:]
    raw = {'machine': header[2:4], 'inputs': {}}

    with tempfile.TemporaryDirectory(prefix='tl-peers-') as root:
        session = {'root': root, 'warm': {}}
        base_env = dict(os.environ)
        base_env.setdefault('XDG_RUNTIME_DIR', tempfile.mkdtemp(prefix='runtime-', dir=root))

        for path in inputs:
            path = os.path.abspath(path)
            log('%s:' % path)
            for case in cases_of(path, gdal_python, size, bool(mapnik_python or qgis_python)):
                report += run_case(case, path, modes, truceline_argv, peers, png_python,
                                   base_env, session, args, raw)

    report.append('Load average %s at the end.  PNGs in %s.'
                  % (', '.join('%.1f' % v for v in os.getloadavg()), args.out))
    text = '\n'.join(report) + '\n'
    with open(os.path.join(args.out, 'peers.md'), 'w', encoding='utf-8') as f:
        f.write(text)
    with open(os.path.join(args.out, 'peers.json'), 'w', encoding='utf-8') as f:
        json.dump(raw, f, indent=1)
    print(text, end='')


if __name__ == '__main__':
    main()
