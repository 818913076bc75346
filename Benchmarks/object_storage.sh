#!/usr/bin/env bash
# S3 storage against boto3 on the same files and server, and the worker's per-song cost of a
# bucket over the data folder, one run (object_storage_bench.py).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/musicatlas-bench-s3.XXXXXX)
chmod 755 "$work"
trap '.venv/bin/python scripts/s3-test-server.py stop --state "$work/s3.json" 2>/dev/null || true; .build/release/atlas db stop --force --data "$work/data" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
.venv/bin/python Benchmarks/object_storage_bench.py "$PWD/.build/release/atlas" "$work" "${@}"
