#!/usr/bin/env python3
"""An audio baseline for artist similarity: each artist's embedding is the mean and the standard
deviation of every mel band over its training windows (2 × mels values). Writes E.npy and
ids.txt, which `musicgraph evaluate` scores:

    python baseline.py dataset/ out/
    musicgraph evaluate --embeddings out/E.npy --ids out/ids.txt --graph dataset/similar_artists.csv \
        --eval-artists out/eval.txt --k 200 --json

Artists are embedded from the windows of their tracks in `--split` (default: all splits, since an
artist-disjoint split has no training windows for evaluation artists); eval.txt lists the artists
of the dataset's test split that have windows (or every embedded artist when the split has none).
"""
import argparse
import os

import numpy as np

from atlas_dataset import AtlasDataset


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset")
    parser.add_argument("out")
    parser.add_argument("--split", action="append", help="splits whose windows embed artists (default: all)")
    args = parser.parse_args()
    data = AtlasDataset(args.dataset)
    splits = args.split or ["train", "validation", "test"]
    sums, squares, counts = {}, {}, {}
    for split in splits:
        for _, window, _, artists in data.windows(split):
            bands = np.asarray(window, dtype=np.float64)
            for artist in artists:
                if artist not in data.artists:
                    continue
                sums[artist] = sums.get(artist, 0) + bands.sum(axis=1)
                squares[artist] = squares.get(artist, 0) + (bands ** 2).sum(axis=1)
                counts[artist] = counts.get(artist, 0) + bands.shape[1]
    ids = sorted(counts, key=lambda s: s.encode("utf-8"))
    rows = []
    for artist in ids:
        mean = sums[artist] / counts[artist]
        std = np.sqrt(np.maximum(squares[artist] / counts[artist] - mean ** 2, 0))
        rows.append(np.concatenate([mean, std]))
    os.makedirs(args.out, exist_ok=True)
    np.save(os.path.join(args.out, "E.npy"), np.asarray(rows, dtype=np.float64).reshape(len(ids), -1))
    with open(os.path.join(args.out, "ids.txt"), "w", encoding="utf-8") as handle:
        handle.write("\n".join(ids) + "\n")
    test = [a for a in ids if data.artists[a]["split"] == "test"]
    with open(os.path.join(args.out, "eval.txt"), "w", encoding="utf-8") as handle:
        handle.write("\n".join(test if len(test) > 1 else ids) + "\n")
    print(f"baseline: {len(ids)} artists embedded with {2 * (rows[0].shape[0] // 2) if rows else 0} values each")


if __name__ == "__main__":
    main()
