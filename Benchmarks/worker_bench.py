#!/usr/bin/env python3
"""The worker end to end: N generated 3-minute songs served from loopback by `atlas demo-site`
through search -> download (yt-dlp) -> windows (`atlas worker --stage all`), on this machine's
cores, against a real PostgreSQL. Prints songs per minute per core and the share of the
worker's time each phase took, from the per-job phase timings the worker records in
`job_event.phases` (search: yt-dlp, record; download: yt-dlp, store, record; spectrogram:
decode, fingerprint, dsp, output, record).

There is no Python anchor for this one (the 2020 pipeline ran these stages as separate AWS
services); the figure to compare is songs/min/core against the whole-process render rate of
Benchmarks/melspectrogram_bench.py.

Usage: python worker_bench.py ATLAS_BINARY WORKDIR [SONGS]
"""
import collections
import json
import os
import subprocess
import sys
import time

import psycopg2

from worker_fixtures import fresh_database, start_demo_site

atlas, work = os.path.abspath(sys.argv[1]), sys.argv[2]
songs = int(sys.argv[3]) if len(sys.argv) > 3 else 50
cores = os.cpu_count()
os.makedirs(work, exist_ok=True)
env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MUSICATLAS_STORAGE")}
data = os.path.join(work, "db")

catalogue, site, site_info = start_demo_site(atlas, songs)
try:
    started_db = subprocess.run([atlas, "db", "start", "--data", data], capture_output=True, text=True, env=env)
    if started_db.returncode != 0:
        raise SystemExit(f"atlas db start failed: {started_db.stderr}")
    url = started_db.stdout.strip()
    database = fresh_database(atlas, url, "bench_worker", catalogue, env)
    folder = os.path.join(work, "worker-data")
    subprocess.run(["rm", "-rf", folder], check=True)
    command = [atlas, "worker", "--stage", "all", "--concurrency", str(cores), "--until-empty",
               "--search-feed", site_info["search_feed"], "--data", folder]
    started = time.perf_counter()
    usage_before = os.times()
    subprocess.run(command, check=True, env=dict(env, DATABASE_URL=database), capture_output=True)
    wall = time.perf_counter() - started
    usage = os.times()
    cpu = (usage.children_user - usage_before.children_user) + (usage.children_system - usage_before.children_system)
    connection = psycopg2.connect(database)
    with connection.cursor() as cursor:
        cursor.execute("SELECT kind, outcome, count(*) FROM job_event GROUP BY kind, outcome ORDER BY kind, outcome")
        outcomes = cursor.fetchall()
        cursor.execute("SELECT kind, key, sum(value::float) FROM job_event, jsonb_each_text(phases) "
                       "WHERE outcome = 'done' GROUP BY kind, key")
        phases = cursor.fetchall()
        cursor.execute("SELECT count(*) FROM spectrogram_window")
        windows = cursor.fetchone()[0]
    connection.close()
finally:
    site.terminate()
    site.wait()

done = {kind: n for kind, outcome, n in outcomes if outcome == "done"}
if done.get("spectrogram") != songs:
    raise SystemExit(f"expected {songs} spectrogram jobs done, got {outcomes}")
total = sum(seconds for _, _, seconds in phases)
by_phase = collections.defaultdict(float)
for kind, name, seconds in phases:
    by_phase[f"{kind}: {name}"] += seconds
print(f"worker, {songs} generated 3-minute songs (22.05 kHz WAV from atlas demo-site), --stage all --concurrency {cores}, "
      f"{cores} cores: {wall:.1f} s wall, {cpu:.1f} s CPU (worker and its yt-dlp children), {windows} windows")
print(f"  {songs / wall * 60 / cores:.1f} songs per minute per core ({songs / wall * 60:.1f} songs per minute)")
print("  where the jobs' time went (sum of phase wall times over all slots):")
print("| phase | seconds | share |")
print("| --- | --- | --- |")
for name, seconds in sorted(by_phase.items(), key=lambda item: -item[1]):
    print(f"| {name} | {seconds:.1f} | {100 * seconds / total:.1f} % |")
print(json.dumps({"songs": songs, "wall_s": wall, "cpu_s": cpu, "songs_per_min_per_core": songs / wall * 60 / cores,
                  "phases_s": by_phase}))
