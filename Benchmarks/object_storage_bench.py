"""Object storage, measured side by side in one run against one S3 API server (moto on loopback,
signatures checked):

1. throughput: 200 windows (.npy, 960 KiB each: 256 mels x 938 frames float32) and 20 audio
   files (4 MiB each, a 3-minute M4A's size) uploaded and downloaded by `atlas storage` and by
   boto3 (upload_file / download_file, the engine of `aws s3 cp`), both four files at a time;
2. the worker: `atlas worker --stage all` over N generated 3-minute songs served by
   `atlas demo-site`, once with the data folder and once with the bucket; the per-song
   overhead of the bucket (goal: under 10 %).

moto is a Python server, so absolute rates are moto's more than either client's: the ratio is
what compares the clients.
"""
import concurrent.futures
import hashlib
import json
import os
import subprocess
import sys
import time

import boto3

from worker_fixtures import fresh_database, start_demo_site

atlas, work = sys.argv[1], sys.argv[2]
songs = int(sys.argv[3]) if len(sys.argv) > 3 else 10
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
python = sys.executable
state = os.path.join(work, "s3.json")
subprocess.run([python, os.path.join(root, "scripts/s3-test-server.py"), "start", "--state", state, "--bucket", "bench",
                "--log", os.path.join(work, "moto.log")], check=True)
s3state = json.load(open(state))
env = dict(os.environ, AWS_ACCESS_KEY_ID=s3state["access_key_id"], AWS_SECRET_ACCESS_KEY=s3state["secret_access_key"],
           AWS_ENDPOINT_URL_S3=s3state["endpoint"], AWS_REGION="us-east-1")
env.pop("DATABASE_URL", None)
s3 = boto3.client("s3", endpoint_url=s3state["endpoint"], region_name="us-east-1", aws_access_key_id=s3state["access_key_id"],
                  aws_secret_access_key=s3state["secret_access_key"])

# 1. Throughput.
files = os.path.join(work, "files")
rng = open("/dev/urandom", "rb")
paths = []
for i in range(200):
    paths.append(f"spectrograms/track{i // 5:03d}__{i % 5}__{30 * (i % 5)}__{30 * (i % 5) + 30}.npy")
for i in range(20):
    paths.append(f"audio/track{i:03d}.m4a")
for path in paths:
    full = os.path.join(files, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as handle:
        handle.write(rng.read(983_168 if path.endswith(".npy") else 4 << 20))
total = sum(os.path.getsize(os.path.join(files, p)) for p in paths)


def cpu_seconds(pid):
    """User + system CPU seconds of a process so far (/proc)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(command, show=False, extra=None):
    started = time.perf_counter()
    done = subprocess.run(command, check=True, env=dict(env, **(extra or {})), capture_output=True, text=True)
    if show:
        print("  " + done.stdout.strip().replace("\n", "; "))
    return time.perf_counter() - started


def boto3_all(function, items):
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(function, items))
    return time.perf_counter() - started


data = os.path.join(work, "data")
ours_up = timed([atlas, "storage", "upload", files, "--to", "ours", "--storage", "s3://bench/t", "--data", data])
ours_down = timed([atlas, "storage", "download", "ours/", "--to", os.path.join(work, "ours-down"), "--storage", "s3://bench/t", "--data", data])
boto_up = boto3_all(lambda p: s3.upload_file(os.path.join(files, p), "bench", "t/boto3/" + p), paths)
boto_down = boto3_all(lambda p: (os.makedirs(os.path.dirname(os.path.join(work, "boto-down", p)), exist_ok=True),
                                 s3.download_file("bench", "t/boto3/" + p, os.path.join(work, "boto-down", p))), paths)
for p in paths:  # both read back what was written
    original = hashlib.sha256(open(os.path.join(files, p), "rb").read()).hexdigest()
    assert hashlib.sha256(open(os.path.join(work, "ours-down", "ours", p), "rb").read()).hexdigest() == original, p
    assert hashlib.sha256(open(os.path.join(work, "boto-down", p), "rb").read()).hexdigest() == original, p
mb = total / 1e6
print(f"object storage throughput: {len(paths)} files, {mb:.0f} MB (200 windows of 983 KB, 20 audio files of 4.2 MB), 4 at a time, moto on loopback")
print(f"  upload:   atlas storage {mb / ours_up:6.1f} MB/s ({ours_up:.2f} s)   boto3 {mb / boto_up:6.1f} MB/s ({boto_up:.2f} s)   ratio {boto_up / ours_up:.2f}x")
print(f"  download: atlas storage {mb / ours_down:6.1f} MB/s ({ours_down:.2f} s)   boto3 {mb / boto_down:6.1f} MB/s ({boto_down:.2f} s)   ratio {boto_down / ours_down:.2f}x")

# 2. The worker, data folder against bucket, on the same songs.
catalogue, site, site_info = start_demo_site(atlas, songs)
feed = site_info["search_feed"]
url = subprocess.run([atlas, "db", "start", "--data", data], check=True, capture_output=True, text=True, env=env).stdout.strip()
results, server_cpu = {}, {}
try:
    for run, storage in enumerate(("", "s3://bench/worker-1", "", "s3://bench/worker-2")):
        name = ("bucket" if storage else "folder") + str(run)
        database = fresh_database(atlas, url, f"bench_{name}", catalogue, env)
        folder = os.path.join(work, "worker-" + name)
        command = [atlas, "worker", "--stage", "all", "--concurrency", "2", "--until-empty", "--search-feed", feed, "--data", folder]
        if storage:
            command += ["--storage", storage]
        before = cpu_seconds(s3state["pid"])
        results[name] = timed(command, show=True, extra={"DATABASE_URL": database})
        server_cpu[name] = cpu_seconds(s3state["pid"]) - before
finally:
    site.terminate()
    site.wait()
folder_s, bucket_s = min(results["folder0"], results["folder2"]), min(results["bucket1"], results["bucket3"])
print(f"worker, {songs} generated 3-minute songs (search + download + windows, 2 jobs at a time, 2 cores; folder, bucket, folder, bucket: best of two each):")
print(f"  data folder {folder_s:.2f} s ({folder_s / songs:.3f} s/song)   bucket {bucket_s:.2f} s ({bucket_s / songs:.3f} s/song)   "
      f"overhead {100 * (bucket_s - folder_s) / folder_s:+.1f} % (goal < 10 %)")
moto_cpu = min(server_cpu["bucket1"], server_cpu["bucket3"])
print(f"  the S3 server (moto, Python) used {moto_cpu:.2f} s of CPU during the bucket run, on the same 2 cores as the worker "
      f"({100 * moto_cpu / 2 / folder_s:.1f} % of the machine over the folder run's length)")
