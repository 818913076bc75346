#!/usr/bin/env python3
"""Plain-Python implementation of the seed's genre vote and popularity inference (SEED-SPEC
§3.3-3.4, the byte-order tie rule), the anchor for `musicgraph infer --mode seed2020`.

Usage: python musicgraph_infer.py master_artist.csv rel_artist_artist.csv OUTDIR
Writes OUTDIR/artist_genre.csv and OUTDIR/artist_popularity.csv like the Swift tool and prints
"load S infer S" on stderr.
"""
import csv
import os
import sys
import time


def main():
    artists_path, related_path, out = sys.argv[1:4]
    t0 = time.perf_counter()
    with open(artists_path, newline="", encoding="utf-8") as f:
        artists = [row["artist_id"] for row in csv.DictReader(f)]
    with open(related_path, newline="", encoding="utf-8") as f:
        rows = [(r["query"], r["rel_art"], r["genre"], int(r["popularity"]) if r["popularity"] else None)
                for r in csv.DictReader(f, delimiter=";")]
    t1 = time.perf_counter()

    direct, rel_pop, votes, pops = {}, {}, {}, {}
    seen_direct, seen_vote, seen_pop = set(), set(), set()
    for query, rel, genre, pop in rows:
        if (rel, genre) not in seen_direct:
            seen_direct.add((rel, genre))
            direct.setdefault(rel, []).append(genre)
        if rel not in rel_pop and pop is not None:
            rel_pop[rel] = pop
        if (query, rel, genre) not in seen_vote:
            seen_vote.add((query, rel, genre))
            votes.setdefault(query, []).append((rel, genre))
        if (query, rel, pop) not in seen_pop:
            seen_pop.add((query, rel, pop))
            pops.setdefault(query, []).append(pop)

    genres_out, pop_out = [], []
    for a in dict.fromkeys(artists):
        if a in direct:
            genres_out += [(a, g, "direct") for g in direct[a]]
        elif a in votes:
            counts, order = {}, []
            for _, g in sorted(votes[a], key=lambda p: (p[0].encode(), p[1].encode())):
                if g not in counts:
                    order.append(g)
                counts[g] = counts.get(g, 0) + 1
            top = max(counts.values())
            genres_out.append((a, next(g for g in order if counts[g] == top), "voted"))
        else:
            genres_out.append((a, "undefined", "undefined"))
        if a in rel_pop:
            pop_out.append((a, rel_pop[a], "direct"))
        elif a in pops and any(p is not None for p in pops[a]):
            values = [p for p in pops[a] if p is not None]
            pop_out.append((a, round(sum(values) / len(values)), "inferred"))
        else:
            pop_out.append((a, 0, "none"))
    t2 = time.perf_counter()

    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "artist_genre.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["artist_id", "genre", "source"])
        w.writerows(genres_out)
    with open(os.path.join(out, "artist_popularity.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["artist_id", "popularity", "source"])
        w.writerows(pop_out)
    print(f"load {t1 - t0:.3f} infer {t2 - t1:.3f}", file=sys.stderr)


if __name__ == "__main__":
    main()
