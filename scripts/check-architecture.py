#!/usr/bin/env python3
"""Checks the package's shape from `swift package dump-package` (run by `make test`):

- no target holds more than 2,500 lines of Swift;
- FlyingFox (an HTTP server) is a dependency of test targets and of AtlasDemo only;
- the thin `spotify` tool links none of FFmpeg, FFTW, libpng, libpq, libxml2 or FlyingFox;
- the six library products do not depend on each other.

Prints one line per rule and exits 1 when one is broken.
"""
import json
import os
import subprocess
import sys

LIMIT = 2500
PRODUCTS = ["MelSpectrogram", "KworbScraper", "SpotifyClient", "MusicGraph", "YTFetch", "FalkorDBClient", "SimilarArtists"]
HEAVY = {"CFFmpeg", "CSndFile", "CZlib", "CFFTW", "CLibPNG", "CLibPQ", "CLibXML2", "CChromaprint", "FlyingFox"}

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
package = json.loads(subprocess.run(["swift", "package", "dump-package"], cwd=root, check=True, capture_output=True, text=True).stdout)
targets = {t["name"]: t for t in package["targets"]}


def dependencies(target):
    names = []
    for dep in target.get("dependencies", []):
        for kind in ("byName", "target", "product"):
            if kind in dep:
                names.append(dep[kind][0])
    return names


def closure(name, seen=None):
    seen = set() if seen is None else seen
    for dep in dependencies(targets[name]) if name in targets else []:
        if dep not in seen:
            seen.add(dep)
            closure(dep, seen)
    return seen


def swift_lines(target):
    path = os.path.join(root, target.get("path") or f"Sources/{target['name']}")
    total = 0
    for folder, _, files in os.walk(path):
        for file in files:
            if file.endswith(".swift"):
                with open(os.path.join(folder, file), encoding="utf-8") as handle:
                    total += sum(1 for _ in handle)
    return total


failures = []
sizes = {name: swift_lines(t) for name, t in targets.items() if t["type"] != "system"}
largest = max(sizes, key=sizes.get)
over = {n: s for n, s in sizes.items() if s > LIMIT}
print(f"architecture: largest target {largest} ({sizes[largest]} lines of Swift; limit {LIMIT})")
if over:
    failures.append(f"targets over {LIMIT} lines: {over}")

flyingfox = sorted(n for n, t in targets.items() if "FlyingFox" in dependencies(t))
allowed = [n for n in flyingfox if targets[n]["type"] == "test" or n in ("AtlasDemo", "TestSupport")]
print(f"architecture: FlyingFox used by {', '.join(flyingfox)}")
if allowed != flyingfox:
    failures.append(f"FlyingFox outside tests and AtlasDemo: {sorted(set(flyingfox) - set(allowed))}")

spotify = closure("spotify")
print(f"architecture: spotify links {', '.join(sorted(spotify))}")
if spotify & HEAVY:
    failures.append(f"spotify's closure contains {sorted(spotify & HEAVY)}")

for product in PRODUCTS:
    crossing = closure(product) & set(PRODUCTS)
    if crossing:
        failures.append(f"library product {product} depends on {sorted(crossing)}")
print(f"architecture: the {len(PRODUCTS)} library products depend on none of each other" if not any("library product" in f for f in failures) else "")

for failure in failures:
    print("architecture: FAILED: " + failure)
sys.exit(1 if failures else 0)
