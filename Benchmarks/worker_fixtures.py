"""What the worker benchmarks (worker_bench.py, object_storage_bench.py) set up alike: the demo
site serving N generated songs on loopback, and a fresh database holding one search job per song.
"""
import json
import subprocess
import urllib.request

import psycopg2


def start_demo_site(atlas, songs, seconds=180):
    """Starts `atlas demo-site`; returns (catalogue, process, site info). The site generates each
    song's audio on its first request, so each is fetched once here: the worker's download time is
    then the transfer, not the site's synthesis. The caller terminates the process."""
    catalogue = json.loads(subprocess.run([atlas, "demo-site", "--songs", str(songs), "--seconds", str(seconds), "--list"],
                                          check=True, capture_output=True, text=True).stdout)
    site = subprocess.Popen([atlas, "demo-site", "--songs", str(songs), "--seconds", str(seconds)], stdout=subprocess.PIPE,
                            text=True)
    try:
        info = json.loads(site.stdout.readline())
        for song in catalogue:
            urllib.request.urlopen(info["base_url"] + f"media/{song['track_id']}.wav").read()
    except BaseException:
        site.terminate()
        site.wait()
        raise
    return catalogue, site, info


def fresh_database(atlas, cluster_url, name, catalogue, env):
    """(Re)creates database `name` beside `cluster_url`, migrates it and queues one search job per
    song, as `atlas run`'s download step would; returns its URL."""
    admin = psycopg2.connect(cluster_url)
    admin.autocommit = True
    admin.cursor().execute(f"DROP DATABASE IF EXISTS {name}")
    admin.cursor().execute(f"CREATE DATABASE {name}")
    admin.close()
    database = cluster_url.rsplit("/", 1)[0] + f"/{name}"
    subprocess.run([atlas, "migrate"], check=True, env=dict(env, DATABASE_URL=database), stdout=subprocess.DEVNULL)
    connection = psycopg2.connect(database)
    with connection, connection.cursor() as cursor:
        for song in catalogue:
            cursor.execute("INSERT INTO master_track (track_id, track_name, streams) VALUES (%s, %s, 1)",
                           (song["track_id"], song["title"]))
            payload = json.dumps({"artist": song["artist"], "duration_ms": int(song["seconds"] * 1000), "title": song["title"],
                                  "track_id": song["track_id"]}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            cursor.execute("INSERT INTO jobs (kind, key, payload) VALUES ('search', %s, %s)", (song["track_id"], payload))
    connection.close()
    return database
