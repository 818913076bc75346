#!/usr/bin/env bash
# MelSpectrogram vs librosa and the seed's worker loop, one run, same inputs (see the .py).
set -euo pipefail
cd "$(dirname "$0")/.."
# DSP-NOTES §0: let numpy pick its own OpenBLAS kernel, as in the reference measurements.
exec env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python Benchmarks/melspectrogram_bench.py .build/release/melspec "$@"
