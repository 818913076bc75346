#!/usr/bin/env bash
# atlas import-seed (COPY) vs psycopg2 executemany, same managed server (see import_seed_bench.py).
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d /tmp/musicatlas-bench-pg.XXXXXX)
chmod 755 "$data"
trap 'rm -rf "$data"' EXIT
.venv/bin/python Benchmarks/import_seed_bench.py .build/release/atlas "${SEED:-../shared/fixtures/seed-2020}" "$data"
