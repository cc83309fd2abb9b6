#!/usr/bin/env python3
# check-potfiles.py SOURCE_ROOT
#
# Every file listed in po/POTFILES.in exists, and every C file or UI
# template with translatable strings is listed: a string that is not
# extracted is never translated, and a moved file silently drops out.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import glob
import os
import re
import sys

root = sys.argv[1]
with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
    listed = [l.strip() for l in f if l.strip() and not l.startswith("#")]

problems = [f"po/POTFILES.in lists {p}, which does not exist"
            for p in listed if not os.path.exists(os.path.join(root, p))]

marker = re.compile(r'\b(?:_|N_|C_|NC_|g_dgettext|ngettext)\s*\(\s*"')
ui_marker = re.compile(r'translatable="yes"')
for path in sorted(glob.glob(os.path.join(root, "src", "**", "*.c"), recursive=True) +
                   glob.glob(os.path.join(root, "ui", "**", "*.ui"), recursive=True)):
    rel = os.path.relpath(path, root)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if (marker.search(text) or ui_marker.search(text)) and rel not in listed:
        problems.append(f"{rel} has translatable strings but is not in po/POTFILES.in")

for p in problems:
    print(p)
print(f"{len(listed)} files listed, {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
