#!/usr/bin/env python3
"""`atlas graph load` vs the Python `falkordb` client sending the same statements in the same
batches, into the same FalkorDB server, one run. Both read the dataset from the same PostgreSQL
store (the 2020 seed after `import-seed` + `infer`), so both timings cover read + send.

Usage: python graph_load_bench.py ATLAS_BINARY SEED_DIR DATA_DIR
The managed PostgreSQL cluster and FalkorDB server under DATA_DIR are started by atlas and
stopped at the end.
"""
import os
import resource
import subprocess
import sys
import time

import psycopg2
from falkordb import FalkorDB

ATLAS, SEED, DATA = sys.argv[1:4]
ENV = dict(os.environ, MUSICATLAS_DATA=DATA)
for key in ("DATABASE_URL", "FALKORDB_URL"):
    ENV.pop(key, None)
BATCH = 10_000
REPEATS = int(os.environ.get("REPEATS", "3"))

# The statements of GraphLoadPlan (Sources/Tools/Pipeline/Graph/GraphLoadPlan.swift), verbatim:
# CREATE fills an empty graph (atlas's first load), MERGE is the incremental load (its rerun).
MERGE = {
    "Artist": "UNWIND $rows AS r MERGE (a:Artist {artist_id: r[0]}) "
              "SET a.artist_name = r[1], a.is_main = r[2], a.popularity = r[3], a.popularity_source = r[4]",
    "Track": "UNWIND $rows AS r MERGE (t:Track {track_id: r[0]}) "
             "SET t.track_name = r[1], t.peak_date = date(r[2]), t.streams = r[3], t.source = r[4]",
    "Genre": "UNWIND $rows AS r MERGE (:Genre {genre_id: r})",
    "ART_TR": "UNWIND $rows AS r MATCH (a:Artist {artist_id: r[0]}), (t:Track {track_id: r[1]}) MERGE (a)-[:ART_TR]->(t)",
    "REL_ART": "UNWIND $rows AS r MATCH (a:Artist {artist_id: r[0]}), (b:Artist {artist_id: r[1]}) "
               "MERGE (a)-[e:REL_ART]->(b) SET e.source = r[2], e.weight = r[3]",
    "GEN_ART": "UNWIND $rows AS r MATCH (g:Genre {genre_id: r[0]}), (a:Artist {artist_id: r[1]}) "
               "MERGE (g)-[e:GEN_ART]->(a) SET e.source = r[2]",
}
CREATE = {
    "Artist": "UNWIND $rows AS r "
              "CREATE (:Artist {artist_id: r[0], artist_name: r[1], is_main: r[2], popularity: r[3], popularity_source: r[4]})",
    "Track": "UNWIND $rows AS r "
             "CREATE (:Track {track_id: r[0], track_name: r[1], peak_date: date(r[2]), streams: r[3], source: r[4]})",
    "Genre": "UNWIND $rows AS r CREATE (:Genre {genre_id: r})",
    "ART_TR": "UNWIND $rows AS r MATCH (a:Artist {artist_id: r[0]}), (t:Track {track_id: r[1]}) CREATE (a)-[:ART_TR]->(t)",
    "REL_ART": "UNWIND $rows AS r MATCH (a:Artist {artist_id: r[0]}), (b:Artist {artist_id: r[1]}) "
               "CREATE (a)-[:REL_ART {source: r[2], weight: r[3]}]->(b)",
    "GEN_ART": "UNWIND $rows AS r MATCH (g:Genre {genre_id: r[0]}), (a:Artist {artist_id: r[1]}) "
               "CREATE (g)-[:GEN_ART {source: r[2]}]->(a)",
}


def atlas(*args):
    return subprocess.run([ATLAS, *args], env=ENV, check=True, capture_output=True, text=True)


def read_store(url):
    """The rows DatasetReader reads, in the same order, shaped like GraphLoadPlan's rows."""
    conn = psycopg2.connect(url.split("?")[0])
    with conn, conn.cursor() as cur:
        cur.execute("SELECT a.artist_id, a.artist_name, a.is_main, p.popularity, p.source FROM master_artist a "
                    "LEFT JOIN artist_popularity p USING (artist_id) ORDER BY a.ordinal")
        artists = [list(r) for r in cur.fetchall()]
        cur.execute("SELECT track_id, track_name, peak_date, streams FROM master_track ORDER BY ordinal")
        tracks = [[t, n, d.isoformat() if d else None, s, "kworb" if s > 0 else "spotify"] for t, n, d, s in cur.fetchall()]
        cur.execute("SELECT artist_id, track_id FROM rel_artist_track ORDER BY artist_id, track_id")
        links = [list(r) for r in cur.fetchall()]
        cur.execute("SELECT artist_id, related_id, source, weight FROM related_artist_edge ORDER BY artist_id, related_id")
        relations = [list(r) for r in cur.fetchall()]
        cur.execute("SELECT genre, artist_id, source FROM master_genre ORDER BY ordinal")
        assignments, seen, genres = [], set(), []
        for genre, artist, source in cur.fetchall():
            if (artist, genre) in seen:
                continue
            seen.add((artist, genre))
            assignments.append([genre, artist, source])
            if genre not in genres:
                genres.append(genre)
    conn.close()
    return {"Artist": artists, "Track": tracks, "Genre": genres, "ART_TR": links, "REL_ART": relations, "GEN_ART": assignments}


def python_load(port, url, name, statements):
    start = time.perf_counter()
    rows = read_store(url)
    read = time.perf_counter() - start
    graph = FalkorDB(host="127.0.0.1", port=port).select_graph(name)
    # Schema as the client offers it; on a rerun both calls answer "already exists".
    for label, key in (("Artist", "artist_id"), ("Track", "track_id"), ("Genre", "genre_id")):
        try:
            graph.create_node_unique_constraint(label, key)
        except Exception:
            pass
    for label, key in (("Artist", "artist_name"), ("Track", "track_name")):
        try:
            graph.create_node_range_index(label, key)
        except Exception:
            pass
    while any(c["status"] != "OPERATIONAL" for c in graph.list_constraints()):
        time.sleep(0.02)
    server_ms = 0.0
    for phase, statement in statements.items():
        data = rows[phase]
        for i in range(0, len(data), BATCH):
            server_ms += graph.query(statement, {"rows": data[i:i + BATCH]}).run_time_ms
    total = time.perf_counter() - start
    return total, read, server_ms / 1000, {k: len(v) for k, v in rows.items()}


def counts(port, name):
    graph = FalkorDB(host="127.0.0.1", port=port).select_graph(name)
    out = {}
    for label in ("Artist", "Track", "Genre"):
        out[label] = graph.query(f"MATCH (n:{label}) RETURN count(n)").result_set[0][0]
    for rel in ("ART_TR", "REL_ART", "GEN_ART"):
        out[rel] = graph.query(f"MATCH ()-[e:{rel}]->() RETURN count(e)").result_set[0][0]
    return out


def timed_atlas(*args):
    """Wall time and peak RSS of one atlas process (GNU time)."""
    start = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M", ATLAS, *args], env=ENV, check=True, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    rss_kib = int(out.stderr.strip().splitlines()[-1])
    server = [line for line in out.stdout.splitlines() if "(server " in line]
    server_s = float(server[0].split("(server ")[1].split(" s")[0]) if server else float("nan")
    return elapsed, server_s, rss_kib


def median(values):
    return sorted(values)[len(values) // 2]


def main():
    url = atlas("db", "start").stdout.strip()
    runs = {key: [] for key in ("ours", "ours_server", "ours_rerun", "ours_rerun_server", "theirs", "read", "theirs_server",
                                "theirs_rerun", "theirs_rerun_server", "merge_fresh", "merge_fresh_server")}
    try:
        atlas("import-seed", SEED)
        atlas("run", "--only", "infer", "--mode", "seed2020")
        graph_url = atlas("graph", "start").stdout.strip()
        port = int(graph_url.rsplit(":", 1)[1])
        db = FalkorDB(host="127.0.0.1", port=port)
        ours_rss = 0
        for rep in range(REPEATS):
            # Alternate who goes first, so drift on the shared server does not favour one side.
            order = ("ours", "python") if rep % 2 == 0 else ("python", "ours")
            for side in order:
                if side == "ours":
                    elapsed, server, rss = timed_atlas("graph", "load", "--graph", f"ours{rep}")
                    runs["ours"].append(elapsed); runs["ours_server"].append(server); ours_rss = max(ours_rss, rss)
                    elapsed, server, _ = timed_atlas("graph", "load", "--graph", f"ours{rep}")
                    runs["ours_rerun"].append(elapsed); runs["ours_rerun_server"].append(server)
                else:
                    total, read, server, sent = python_load(port, url, f"python{rep}", CREATE)
                    runs["theirs"].append(total); runs["read"].append(read); runs["theirs_server"].append(server)
                    total, _, server, _ = python_load(port, url, f"python{rep}", MERGE)
                    runs["theirs_rerun"].append(total); runs["theirs_rerun_server"].append(server)
            a, b = counts(port, f"ours{rep}"), counts(port, f"python{rep}")
            assert a == b == sent, (a, b, sent)
            for name in (f"ours{rep}", f"python{rep}"):
                db.select_graph(name).delete()
        theirs_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        total, _, server, _ = python_load(port, url, "python_merge", MERGE)
        runs["merge_fresh"].append(total); runs["merge_fresh_server"].append(server)
        assert counts(port, "python_merge") == sent
    finally:
        subprocess.run([ATLAS, "graph", "stop"], env=ENV, capture_output=True)
        atlas("db", "stop")

    m = {key: median(values) for key, values in runs.items() if values}
    nodes = a["Artist"] + a["Track"] + a["Genre"]
    rels = a["ART_TR"] + a["REL_ART"] + a["GEN_ART"]
    print(f"graph: {nodes:,} nodes, {rels:,} relationships, batches of {BATCH:,}; counts equal in every graph; "
          f"medians of {REPEATS} alternating runs")
    print("| measurement | MusicAtlas `atlas graph load` | Python falkordb 1.8.1, same statements and batches | ratio |")
    print("| --- | --- | --- | --- |")
    print(f"| first load into an empty graph (CREATE; read store + send) | {m['ours']:.2f} s (server {m['ours_server']:.2f} s) "
          f"| {m['theirs']:.2f} s (read {m['read']:.2f} s, server {m['theirs_server']:.2f} s) | {m['theirs'] / m['ours']:.2f}x |")
    ours_client, theirs_client = m["ours"] - m["ours_server"], m["theirs"] - m["theirs_server"]
    print(f"| client side of it (total − server) | {ours_client:.2f} s | {theirs_client:.2f} s | {theirs_client / ours_client:.2f}x |")
    print(f"| rerun, nothing changes (MERGE) | {m['ours_rerun']:.2f} s (server {m['ours_rerun_server']:.2f} s) "
          f"| {m['theirs_rerun']:.2f} s (server {m['theirs_rerun_server']:.2f} s) | {m['theirs_rerun'] / m['ours_rerun']:.2f}x |")
    print(f"| peak RSS | {ours_rss / 1024:.0f} MiB (atlas process) | {theirs_rss / 1024:.0f} MiB (python process) | |")
    print(f"| for scale: MERGE statements into an empty graph (python, one run) | | {m['merge_fresh']:.2f} s "
          f"(server {m['merge_fresh_server']:.2f} s) | {m['merge_fresh'] / m['ours']:.2f}x vs atlas |")


if __name__ == "__main__":
    main()
