#!/usr/bin/env bash
# MusicGraph load + infer on the full 2020 data: ours vs a plain-Python implementation of the same
# rules, one run, same inputs; checks that both produce identical files.
set -euo pipefail
cd "$(dirname "$0")/.."
SEED=${SEED:-../shared/fixtures/seed-2020}
OUT=${TMPDIR:-/tmp}/musicatlas-bench-musicgraph
rm -rf "$OUT"; mkdir -p "$OUT"
runs=5
best() { sort -n | head -1; }
ours_wall=(); py_wall=(); ours_inproc=(); py_inproc=()
for i in $(seq $runs); do
    s=$(date +%s.%N)
    .build/release/musicgraph infer --mode seed2020 --artists "$SEED/master_artist.csv" --related "$SEED/rel_artist_artist.csv" --out "$OUT/swift" 2> "$OUT/swift.log"
    e=$(date +%s.%N); ours_wall+=("$(echo "$e - $s" | bc)")
    ours_inproc+=("$(awk '/load/ {print $3 + $6}' "$OUT/swift.log")")
    s=$(date +%s.%N)
    .venv/bin/python Benchmarks/musicgraph_infer.py "$SEED/master_artist.csv" "$SEED/rel_artist_artist.csv" "$OUT/python" 2> "$OUT/python.log"
    e=$(date +%s.%N); py_wall+=("$(echo "$e - $s" | bc)")
    py_inproc+=("$(awk '{print $2 + $4}' "$OUT/python.log")")
done
cmp "$OUT/swift/artist_genre.csv" "$OUT/python/artist_genre.csv" && cmp "$OUT/swift/artist_popularity.csv" "$OUT/python/artist_popularity.csv" && echo "outputs identical"
o=$(printf '%s\n' "${ours_inproc[@]}" | best); p=$(printf '%s\n' "${py_inproc[@]}" | best)
ow=$(printf '%s\n' "${ours_wall[@]}" | best); pw=$(printf '%s\n' "${py_wall[@]}" | best)
echo "| measurement (best of $runs) | MusicAtlas | plain Python | ratio | goal |"
echo "| --- | --- | --- | --- | --- |"
printf "| load + infer, in-process | %.3f s | %.3f s | %.1fx | < 0.3 s, >= 5x |\n" "$o" "$p" "$(echo "$p / $o" | bc -l)"
printf "| whole process (incl. start-up, writing) | %.3f s | %.3f s | %.1fx | |\n" "$ow" "$pw" "$(echo "$pw / $ow" | bc -l)"
