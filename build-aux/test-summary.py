#!/usr/bin/env python3
# Counts the tests of one or more meson build directories and prints
# "N passed, N failed" (each GTest case counts, from its TAP output; a
# test without TAP output counts as one).  Exits 1 if anything failed.
import json
import os
import re
import sys

passed = failed = skipped = 0
failures = []

for builddir in sys.argv[1:] or ["build"]:
    log = os.path.join(builddir, "meson-logs", "testlog.json")
    if not os.path.exists(log):
        print(f"no test log in {builddir}", file=sys.stderr)
        failed += 1
        failures.append(f"{builddir}: no test log")
        continue
    with open(log, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            t = json.loads(line)
            result = t.get("result")
            out = t.get("stdout") or ""
            ok = [l for l in out.splitlines() if re.match(r"^ok \d+", l)]
            not_ok = [l for l in out.splitlines() if re.match(r"^not ok \d+", l)]
            skip = [l for l in ok if "# SKIP" in l]
            name = f"{builddir}:{t.get('name')}"
            if result == "SKIP":
                skipped += 1
                continue
            if ok or not_ok:
                passed += len(ok) - len(skip)
                skipped += len(skip)
                failed += len(not_ok)
                failures += [f"{name}: {l}" for l in not_ok]
                # A crash or timeout after some cases still fails the program.
                if result not in ("OK", "EXPECTEDFAIL") and not not_ok:
                    failed += 1
                    failures.append(f"{name}: {result}")
            elif result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            else:
                failed += 1
                failures.append(f"{name}: {result}")

for f in failures:
    print(f"FAILED {f}")
if skipped:
    print(f"({skipped} skipped)")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
