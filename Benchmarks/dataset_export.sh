#!/usr/bin/env bash
# atlas dataset export of 5,000 windows vs dd's sequential write, one run (dataset_export_bench.py).
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d /tmp/musicatlas-bench-dataset.XXXXXX)
chmod 755 "$data"
trap 'rm -rf "$data"' EXIT
.venv/bin/python Benchmarks/dataset_export_bench.py "$PWD/.build/release/atlas" "$data"
