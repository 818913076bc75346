#!/usr/bin/env bash
# atlas graph load vs the Python falkordb client, same statements and batches, same servers
# (see graph_load_bench.py).
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d /tmp/musicatlas-bench-graph.XXXXXX)
chmod 755 "$data"
trap 'rm -rf "$data"' EXIT
.venv/bin/python Benchmarks/graph_load_bench.py .build/release/atlas "${SEED:-../shared/fixtures/seed-2020}" "$data"
