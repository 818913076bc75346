#!/usr/bin/env bash
# KworbScraper vs BeautifulSoup / lxml, and fetch concurrency on loopback (see kworb_bench.py).
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python Benchmarks/kworb_bench.py .build/release/kworb "${SEED:-../shared/fixtures/seed-2020}/kworb_artists_2020.html" "$@"
