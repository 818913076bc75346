#!/usr/bin/env python3
"""SpotifyClient vs spotipy: 1,000 artist lookups against the same loopback fake Spotify, both at
concurrency 8, one run.

The fake is nginx on 127.0.0.1 answering /api/token and /v1/artists/<id> from its configuration
(thousands of requests per second), so the clients, not the server, are measured. A Python
http.server fake capped both clients at ~180 requests/s.
Usage: python spotify_bench.py SPOTIFY_BINARY [N]
"""
import concurrent.futures
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import spotipy
from spotipy.cache_handler import CacheFileHandler
from spotipy.oauth2 import SpotifyClientCredentials

BINARY = sys.argv[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
ARTIST = {"id": "", "name": "Txarango", "type": "artist", "genres": ["catalan pop"], "images": [],
          "uri": "", "external_urls": {}, "href": ""}


class Fake(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _send(self, body):
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._send({"access_token": "tok", "token_type": "bearer", "expires_in": 3600})

    def do_GET(self):
        self._send(dict(ARTIST, id=self.path.rsplit("/", 1)[-1]))

    def log_message(self, *args):
        pass


def ids(n):
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    return ["".join(alphabet[(i * 7 + k) % 62] for k in range(22)) for i in range(n)]


NGINX_CONF = """
worker_processes 2;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {root}/body;
  proxy_temp_path {root}/proxy;
  fastcgi_temp_path {root}/fastcgi;
  uwsgi_temp_path {root}/uwsgi;
  scgi_temp_path {root}/scgi;
  server {{
    listen 127.0.0.1:{port};
    default_type application/json;
    location = /api/token {{ return 200 '{{"access_token":"tok","token_type":"bearer","expires_in":3600}}'; }}
    location ~ ^/v1/artists/(?<artist>[A-Za-z0-9]+)$ {{
      return 200 '{{"id":"$artist","name":"Txarango","type":"artist","genres":["catalan pop"],"images":[],"uri":"","external_urls":{{}},"href":""}}';
    }}
  }}
}}
"""


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_nginx():
    root = tempfile.mkdtemp(prefix="musicatlas-nginx-")
    port = free_port()
    with open(os.path.join(root, "nginx.conf"), "w") as f:
        f.write(NGINX_CONF.format(root=root, port=port))
    subprocess.run(["nginx", "-c", os.path.join(root, "nginx.conf"), "-p", root], check=True)
    time.sleep(0.3)
    return root, port


def stop_nginx(root):
    with open(os.path.join(root, "nginx.pid")) as f:
        os.kill(int(f.read().strip()), 15)


def main():
    root, port = start_nginx()
    base = f"http://127.0.0.1:{port}/"
    wanted = ids(N)

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(wanted))
        path = f.name
    env = dict(os.environ, SPOTIFY_CLIENT_ID="bench", SPOTIFY_CLIENT_SECRET="bench-secret")
    start = time.perf_counter()
    subprocess.run([BINARY, "lookup-artists", "--ids-file", path, "--concurrency", "8", "--quiet",
                    "--api-base", base + "v1/", "--accounts-base", base], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ours = time.perf_counter() - start
    os.unlink(path)

    SpotifyClientCredentials.OAUTH_TOKEN_URL = base + "api/token"
    # spotipy caches its token in ./.cache by default; keep it in a temporary folder so a
    # benchmark run leaves the checkout untouched.
    cache_dir = tempfile.mkdtemp(prefix="musicatlas-spotipy-")
    auth = SpotifyClientCredentials("bench", "bench-secret", cache_handler=CacheFileHandler(cache_path=os.path.join(cache_dir, "token")))
    sp = spotipy.Spotify(auth_manager=auth, retries=3)
    sp.prefix = base + "v1/"
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(sp.artist, wanted))
    theirs = time.perf_counter() - start
    assert len(results) == N and all(r["id"] == i for r, i in zip(results, wanted))
    stop_nginx(root)
    shutil.rmtree(cache_dir, ignore_errors=True)

    print("| measurement | MusicAtlas | spotipy | ratio |")
    print("| --- | --- | --- | --- |")
    print(f"| {N} artist lookups, concurrency 8, loopback fake (whole run incl. start-up) | {ours:.2f} s ({N / ours:.0f} req/s) | "
          f"{theirs:.2f} s ({N / theirs:.0f} req/s) | {theirs / ours:.2f}x |")


if __name__ == "__main__":
    main()
