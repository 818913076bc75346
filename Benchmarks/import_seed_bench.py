#!/usr/bin/env python3
"""`atlas import-seed` (COPY) vs psycopg2 executemany of the same rows (the seed's way), same
server, one run.

Usage: python import_seed_bench.py ATLAS_BINARY SEED_DIR DATA_DIR
The managed cluster under DATA_DIR is started by the first atlas call and stopped at the end.
"""
import csv
import os
import subprocess
import sys
import time

import psycopg2

ATLAS, SEED, DATA = sys.argv[1:4]
ENV = dict(os.environ, MUSICATLAS_DATA=DATA)
ENV.pop("DATABASE_URL", None)


def atlas(*args):
    return subprocess.run([ATLAS, *args], env=ENV, check=True, capture_output=True, text=True)


def rows(name, delimiter):
    with open(os.path.join(SEED, name), newline="", encoding="utf-8") as f:
        reader = csv.reader(f, delimiter=delimiter)
        next(reader)
        return list(reader)


def main():
    url = atlas("db", "start").stdout.strip()
    try:
        start = time.perf_counter()
        atlas("import-seed", SEED)
        ours = time.perf_counter() - start

        artists = [(a, n, m == "t") for a, n, m in rows("master_artist.csv", ",")]
        tracks = [(t, n, d or None, int(s)) for t, n, d, s in rows("master_track.csv", ",")]
        links = rows("rel_ART_TR.csv", ";")
        edges = rows("rel_REL_ART.csv", ";")
        related = [(q, r, g, int(p) if p else None) for q, r, g, p in rows("rel_artist_artist.csv", ";")]
        total = len(artists) + len(tracks) + len(links) + len(edges) + len(related)
        conn = psycopg2.connect(url.split("?")[0])
        start = time.perf_counter()
        with conn, conn.cursor() as cur:
            cur.execute("TRUNCATE master_artist, master_track, rel_artist_track, rel_artist_artist, related_artist_edge,"
                        " master_genre, artist_popularity, track_url RESTART IDENTITY CASCADE")
            cur.executemany("INSERT INTO master_artist (artist_id, artist_name, is_main) VALUES (%s, %s, %s)", artists)
            cur.executemany("INSERT INTO master_track (track_id, track_name, peak_date, streams) VALUES (%s, %s, %s, %s)", tracks)
            cur.executemany("INSERT INTO rel_artist_track (artist_id, track_id) VALUES (%s, %s)", links)
            cur.executemany("INSERT INTO related_artist_edge (artist_id, related_id) VALUES (%s, %s)", edges)
            cur.executemany("INSERT INTO rel_artist_artist (query_artist, related_artist, genre, popularity) VALUES (%s, %s, %s, %s)", related)
        theirs = time.perf_counter() - start
        conn.close()
    finally:
        atlas("db", "stop")

    print("| measurement | MusicAtlas | psycopg2 executemany | ratio | goal |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| import the 2020 seed ({total:,} rows, 5 tables) | {ours:.2f} s ({total / ours:,.0f} rows/s, whole `atlas import-seed` "
          f"process incl. parsing) | {theirs:.2f} s ({total / theirs:,.0f} rows/s, inserts only) | {theirs / ours:.1f}x | >= 20x, < 2 s |")


if __name__ == "__main__":
    main()
