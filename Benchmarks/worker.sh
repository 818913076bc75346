#!/usr/bin/env bash
# The worker end to end over 50 generated songs from loopback (see the .py); release build.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/musicatlas-worker-bench.XXXX)
chmod 755 "$work"  # the managed PostgreSQL runs as the postgres user
trap '.build/release/atlas db stop --force --data "$work/db" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
.venv/bin/python Benchmarks/worker_bench.py .build/release/atlas "$work" "${1:-50}"
