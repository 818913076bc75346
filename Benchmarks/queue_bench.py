#!/usr/bin/env python3
"""Job queue claim + complete: `atlas bench-queue` vs the same SQL from psycopg2 threads, same
managed server, one run (issue 7 goal: >= 5,000 jobs/s with 4 workers, 0 duplicates).

Usage: python queue_bench.py ATLAS_BINARY DATA_DIR [JOBS] [WORKERS] [BATCH]
"""
import os
import subprocess
import sys
import threading
import time

import psycopg2

ATLAS, DATA = sys.argv[1:3]
JOBS = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
WORKERS = int(sys.argv[4]) if len(sys.argv) > 4 else 4
BATCH = int(sys.argv[5]) if len(sys.argv) > 5 else 10
ENV = dict(os.environ, MUSICATLAS_DATA=DATA)
ENV.pop("DATABASE_URL", None)

CLAIM = """
WITH expired AS (SELECT id FROM jobs WHERE state = 'running' AND lease_expires < now() AND kind = 'bench'
                 ORDER BY lease_expires, id LIMIT %(n)s FOR UPDATE SKIP LOCKED),
ready AS (SELECT id FROM jobs WHERE kind = 'bench' AND state = 'queued' AND run_after <= now()
          ORDER BY run_after, id LIMIT %(n)s FOR UPDATE SKIP LOCKED),
picked AS (SELECT id FROM expired UNION ALL SELECT id FROM ready LIMIT %(n)s)
UPDATE jobs j SET state = 'running', attempts = j.attempts + 1, lease_owner = %(owner)s,
       lease_expires = now() + interval '120 seconds', updated_at = now()
FROM picked WHERE j.id = picked.id RETURNING j.id"""
COMPLETE = """
UPDATE jobs SET state = 'done', finished_by = lease_owner, lease_owner = NULL, lease_expires = NULL, updated_at = now()
WHERE id = ANY(%s) AND state = 'running' AND lease_owner = %s"""


def atlas(*args):
    return subprocess.run([ATLAS, *args], env=ENV, check=True, capture_output=True, text=True)


def python_run(url):
    conn = psycopg2.connect(url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("DELETE FROM jobs WHERE kind = 'bench'")
        cur.execute("INSERT INTO jobs (kind, key) SELECT 'bench', g::text FROM generate_series(1, %s) g", (JOBS,))
    completed = [0] * WORKERS

    def work(n):
        c = psycopg2.connect(url)
        c.autocommit = True
        c.cursor().execute("SET synchronous_commit TO off")  # the same session setting as ours
        owner = f"py-{n}"
        with c.cursor() as cur:
            while True:
                cur.execute(CLAIM, {'n': BATCH, 'owner': owner})
                ids = [r[0] for r in cur.fetchall()]
                if not ids:
                    break
                cur.execute(COMPLETE, (ids, owner))
                completed[n] += cur.rowcount
        c.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(WORKERS)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM jobs WHERE kind = 'bench' AND state = 'done'")
        done = cur.fetchone()[0]
        cur.execute("DELETE FROM jobs WHERE kind = 'bench'")
    conn.close()
    return done, seconds, sum(completed) - done


def main():
    url = atlas("db", "start").stdout.strip().split("?")[0]
    try:
        ours = atlas("bench-queue", "--jobs", str(JOBS), "--workers", str(WORKERS), "--batch", str(BATCH)).stdout.strip()
        fields = dict(kv.split("=") for kv in ours.split()[1:])
        done, seconds, dups = python_run(url)
    finally:
        atlas("db", "stop")
    ours_rate, theirs_rate = float(fields["rate"]), done / seconds
    print(f"| measurement ({JOBS} jobs, {WORKERS} workers, batch {BATCH}) | MusicAtlas | psycopg2 threads | ratio | goal |")
    print("|---|---|---|---|---|")
    print(f"| claim + complete | {ours_rate:,.0f} jobs/s ({float(fields['seconds']):.2f} s, {fields['duplicates']} duplicates) "
          f"| {theirs_rate:,.0f} jobs/s ({seconds:.2f} s, {dups} duplicates) | {ours_rate / theirs_rate:.2f}x | >= 5,000 jobs/s, 0 duplicates |")


if __name__ == "__main__":
    main()
