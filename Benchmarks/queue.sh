#!/usr/bin/env bash
# Job queue claim + complete with 4 workers: atlas bench-queue vs psycopg2 threads, same server.
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d /tmp/musicatlas-bench-queue.XXXXXX)
chmod 755 "$data"
trap 'rm -rf "$data"' EXIT
.venv/bin/python Benchmarks/queue_bench.py .build/release/atlas "$data" "${JOBS:-20000}" "${WORKERS:-4}" "${BATCH:-10}"
