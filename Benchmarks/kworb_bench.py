#!/usr/bin/env python3
"""KworbScraper against its Python anchors, one run, same inputs.

1. Parse the 1.4 MB 2020 artists page (10,000 rows): `kworb parse artists --repeat` (in-process
   median) vs BeautifulSoup html.parser (the seed's way: first table, rows of three tds) and raw
   lxml XPath. Goals: >= 20x BeautifulSoup, >= 2x lxml.
2. Fetch N pages (default 2,000) from a loopback server that answers after 50 ms: `kworb fetch`
   at concurrency 8 vs 1.

Usage: python kworb_bench.py KWORB_BINARY ARTISTS_HTML [N_PAGES]
"""
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from bs4 import BeautifulSoup
import lxml.html

KWORB, PAGE = sys.argv[1], sys.argv[2]
PAGES = int(sys.argv[3]) if len(sys.argv) > 3 else 2000


def median_time(fn, runs=5):
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def bs4_parse(html):
    soup = BeautifulSoup(html, "html.parser")
    out = []
    for tr in soup.find("table").find_all("tr"):
        row = [td.text for td in tr.find_all("td")]
        if len(row) == 3:
            out.append((tr.find("a").get("href").split("/")[1].split(".")[0], row[1].replace("'", " ")))
    return out


def lxml_parse(html):
    doc = lxml.html.fromstring(html)
    out = []
    for tr in doc.xpath("(//table)[1]//tr[count(td)=3]"):
        out.append((tr.xpath("string(.//a/@href)").split("/")[1].split(".")[0], tr.xpath("string(td[2])").replace("'", " ")))
    return out


class SlowHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(0.05)
        body = b"<html><body>" + self.path.encode() + b"</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def fetch_time(port, concurrency, urls, out):
    start = time.perf_counter()
    subprocess.run([KWORB, "fetch", *urls, "--base-url", f"http://127.0.0.1:{port}/", "--out", out,
                    "--concurrency", str(concurrency), "--delay", "0"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    html = open(PAGE, "rb").read()
    assert len(bs4_parse(html)) == 10000 and len(lxml_parse(html)) == 10000
    t_bs4 = median_time(lambda: bs4_parse(html), runs=3)
    t_lxml = median_time(lambda: lxml_parse(html))
    r = subprocess.run([KWORB, "parse", "artists", PAGE, "--mode", "seed2020", "--repeat", "11"],
                       capture_output=True, text=True, check=True)
    t_ours = float(r.stderr.split("median ")[1].split(" s")[0])

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SlowHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    urls = [f"spotify/artist/page{i}.html" for i in range(PAGES)]
    with tempfile.TemporaryDirectory() as out:
        t8 = fetch_time(port, 8, urls, out)
        t1 = fetch_time(port, 1, urls, out)
    server.shutdown()

    print("| measurement | MusicAtlas | Python anchor | ratio | goal |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| parse 2020 artists.html (1.4 MB, 10,000 rows), in-process | {t_ours * 1e3:.1f} ms | "
          f"{t_bs4 * 1e3:.0f} ms (BeautifulSoup) | {t_bs4 / t_ours:.1f}x | >= 20x |")
    print(f"| same | {t_ours * 1e3:.1f} ms | {t_lxml * 1e3:.0f} ms (lxml XPath) | {t_lxml / t_ours:.1f}x | >= 2x |")
    print(f"| fetch {PAGES} pages, 50 ms latency, loopback | {t8:.1f} s at concurrency 8 ({PAGES / t8:.0f} pages/s) | "
          f"{t1:.1f} s at concurrency 1 | {t1 / t8:.1f}x | |")


if __name__ == "__main__":
    main()
