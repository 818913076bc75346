#!/usr/bin/env bash
# SpotifyClient vs spotipy on the same loopback fake (see spotify_bench.py).
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python Benchmarks/spotify_bench.py .build/release/spotify "$@"
