#!/usr/bin/env python3
"""An independent implementation of the artist-similarity protocol of issue 17 (OLGA, nDCG@k),
written from the protocol's text with numpy, to check `musicgraph evaluate` against.

usage: evaluate_reference.py E.npy IDS.txt GRAPH.csv EVAL.txt K  → prints {"ndcg","k","scored","skipped"}
"""
import csv
import json
import math
import sys

import numpy as np


def main(embeddings_path, ids_path, graph_path, eval_path, k):
    k = int(k)
    matrix = np.load(embeddings_path).astype(np.float64)
    ids = [line.strip() for line in open(ids_path, encoding="utf-8") if line.strip()]
    row_of = {artist: i for i, artist in enumerate(ids)}
    wanted = [line.strip() for line in open(eval_path, encoding="utf-8") if line.strip()]
    evaluation = sorted(set(wanted), key=lambda s: s.encode("utf-8"))
    members = set(evaluation)

    # Undirected adjacency among evaluation artists, no self-loops.
    with open(graph_path, encoding="utf-8", newline="") as handle:
        sample = handle.readline()
        handle.seek(0)
        reader = csv.reader(handle, delimiter=";" if ";" in sample else ",")
        header = next(reader)
        a_col = header.index("artist_id") if "artist_id" in header else header.index("artist_id1")
        b_col = header.index("related_id") if "related_id" in header else header.index("artist_id2")
        adjacent = {artist: set() for artist in evaluation}
        for row in reader:
            a, b = row[a_col], row[b_col]
            if a != b and a in members and b in members:
                adjacent[a].add(b)
                adjacent[b].add(a)

    vectors = np.stack([matrix[row_of[artist]] for artist in evaluation])
    vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    scores, skipped = [], 0
    for i, artist in enumerate(evaluation):
        relevant = adjacent[artist]
        if not relevant:
            skipped += 1
            continue
        others = [j for j in range(len(evaluation)) if j != i]
        distances = np.sqrt(((vectors[others] - vectors[i]) ** 2).sum(axis=1))
        pairs = sorted(zip(distances.tolist(), [evaluation[j] for j in others]), key=lambda p: p[0])
        # Group runs whose neighbouring distances differ by at most 1e-12; order each by id bytes.
        ranked, group = [], [pairs[0]]
        for previous, current in zip(pairs, pairs[1:]):
            if current[0] - previous[0] <= 1e-12:
                group.append(current)
            else:
                ranked += sorted(group, key=lambda p: p[1].encode("utf-8"))
                group = [current]
        ranked += sorted(group, key=lambda p: p[1].encode("utf-8"))
        dcg = sum(1.0 / math.log2(rank + 2) for rank, (_, other) in enumerate(ranked[:k]) if other in relevant)
        idcg = sum(1.0 / math.log2(rank + 2) for rank in range(min(k, len(relevant))))
        scores.append(dcg / idcg)
    print(json.dumps({"ndcg": sum(scores) / len(scores) if scores else 0.0, "k": k, "scored": len(scores), "skipped": skipped}))


if __name__ == "__main__":
    main(*sys.argv[1:6])
