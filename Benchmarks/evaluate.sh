#!/usr/bin/env bash
# musicgraph evaluate on the 10,146 artists of 2020 (all of them evaluation artists, random
# 64-d float32 embeddings, k = 200) vs the numpy reference of the protocol, one run, same files.
set -euo pipefail
cd "$(dirname "$0")/.."
SEED=${SEED:-../shared/fixtures/seed-2020}
work=$(mktemp -d /tmp/musicatlas-bench-evaluate.XXXXXX)
trap 'rm -rf "$work"' EXIT
.venv/bin/python - "$SEED" "$work" <<'PY'
import csv, sys
import numpy as np
seed, work = sys.argv[1:3]
with open(f"{seed}/master_artist.csv", encoding="utf-8", newline="") as f:
    ids = [row["artist_id"] for row in csv.DictReader(f)]
np.save(f"{work}/E.npy", np.random.default_rng(7).standard_normal((len(ids), 64)).astype("<f4"))
open(f"{work}/ids.txt", "w").write("\n".join(ids) + "\n")
open(f"{work}/eval.txt", "w").write("\n".join(ids) + "\n")
PY
s=$(date +%s.%N)
ours=$(.build/release/musicgraph evaluate --embeddings "$work/E.npy" --ids "$work/ids.txt" --graph "$SEED/rel_REL_ART.csv" --eval-artists "$work/eval.txt" --k 200 --json)
e=$(date +%s.%N); ours_s=$(echo "$e - $s" | bc)
s=$(date +%s.%N)
theirs=$(.venv/bin/python Tests/MusicGraphTests/Reference/evaluate_reference.py "$work/E.npy" "$work/ids.txt" "$SEED/rel_REL_ART.csv" "$work/eval.txt" 200)
e=$(date +%s.%N); theirs_s=$(echo "$e - $s" | bc)
echo "ours:   $ours"
echo "numpy:  $theirs"
echo "| measurement | musicgraph evaluate | numpy reference | ratio | goal |"
echo "| --- | --- | --- | --- | --- |"
printf "| nDCG@200, 10,146 artists × 64-d | %.2f s | %.2f s | %.1fx | < 5 s |\n" "$ours_s" "$theirs_s" "$(echo "$theirs_s / $ours_s" | bc -l)"
