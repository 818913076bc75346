#!/usr/bin/env python3
"""Side-by-side benchmark of MelSpectrogram against its Python anchors, one run, same inputs.

1. In-process dB mel of 180 s at 16 kHz: `melspec profile` (one thread) vs librosa
   melspectrogram + power_to_db with the seed's parameters. Goal >= 4x.
2. Whole files, each side a whole process over the same five 3-minute MP3s: `melspec render`
   vs the seed's worker loop (seed_worker.py). Goal >= 10x. Peak RSS of each process too.
3. Our per-file time vs our decode-only time (`melspec decode`), both one file at a time.
   Goal <= 1.3x.

Usage: python melspectrogram_bench.py MELSPEC_BINARY [WORKDIR]
Prints a Markdown table (paste into Docs/performance.md) and a JSON line.
"""
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import soundfile as sf
import librosa

MELSPEC = os.path.abspath(sys.argv[1])
WORK = sys.argv[2] if len(sys.argv) > 2 else os.path.join(tempfile.gettempdir(), "musicatlas-bench")
HERE = os.path.dirname(os.path.abspath(__file__))
os.makedirs(WORK, exist_ok=True)


def make_songs(count=5, seconds=180, sr=44100):
    """Five deterministic 3-minute stereo songs (notes with harmonics, bass, noise), as MP3."""
    paths = []
    for k in range(count):
        mp3 = os.path.join(WORK, f"song{k}.mp3")
        paths.append(mp3)
        if os.path.exists(mp3):
            continue
        rng = np.random.default_rng(100 + k)
        n = sr * seconds
        y = np.zeros((n, 2))
        note = sr // 4
        t = np.arange(note) / sr
        for i in range(n // note):
            f = 110 * 2 ** (rng.integers(0, 36) / 12)
            tone = sum(np.sin(2 * np.pi * f * h * t) / h for h in (1, 2, 3, 5)) * np.exp(-3 * t)
            pan = rng.random()
            y[i * note:(i + 1) * note, 0] += tone * (1 - pan)
            y[i * note:(i + 1) * note, 1] += tone * pan
        y += 0.02 * rng.standard_normal((n, 2))
        wav = mp3[:-4] + ".wav"
        sf.write(wav, y / np.abs(y).max() * 0.8, sr, subtype="PCM_16")
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", wav, "-q:a", "2", mp3], check=True)
        os.remove(wav)
    return paths


def run(cmd):
    """Wall time and peak RSS (KiB) of one process.

    RSS comes from GNU time, not from os.wait4: Linux keeps a task's max-RSS across execve, so a
    child forked from this (librosa-loaded, ~300 MB) Python would report the parent's peak."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr}")
    return wall, int(proc.stderr.strip().splitlines()[-1])


def best_of(cmd, runs=3):
    results = [run(cmd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def librosa_dsp(path, runs=20):
    y, _ = librosa.load(path, sr=16000)
    y = y[:180 * 16000]

    def once():
        S = librosa.feature.melspectrogram(y=y, sr=16000, n_fft=1024, hop_length=512, n_mels=256, fmax=8000,
                                           pad_mode="reflect")
        return librosa.power_to_db(S, ref=np.max)

    once()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        once()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    songs = make_songs()
    ours = json.loads(subprocess.run([MELSPEC, "profile", songs[0], "--runs", "20", "--mode", "seed2020"],
                                     check=True, capture_output=True, text=True).stdout)
    lib = librosa_dsp(songs[0])
    out = os.path.join(WORK, "out")
    ours_render, ours_rss = best_of([MELSPEC, "render", *songs, "--out", out + "-swift", "--mode", "seed2020",
                                     "--quiet"])
    ours_render1, _ = best_of([MELSPEC, "render", *songs, "--out", out + "-swift1", "--mode", "seed2020",
                               "--quiet", "--jobs", "1"])
    ours_decode, _ = best_of([MELSPEC, "decode", *songs])
    seed_render, seed_rss = best_of([sys.executable, os.path.join(HERE, "seed_worker.py"), out + "-python", *songs],
                                    runs=2)
    rows = [
        ("dB mel, 180 s @ 16 kHz, in-process, 1 thread", f"{ours['mel_db_median_s'] * 1e3:.1f} ms",
         f"{lib * 1e3:.1f} ms (librosa {librosa.__version__})", lib / ours["mel_db_median_s"], ">= 4x"),
        ("5 x 3-min MP3 -> windows, whole process", f"{ours_render:.2f} s ({ours_rss // 1024} MiB)",
         f"{seed_render:.2f} s ({seed_rss // 1024} MiB, seed worker loop)", seed_render / ours_render, ">= 10x"),
        ("same, melspec --jobs 1", f"{ours_render1:.2f} s", f"{seed_render:.2f} s", seed_render / ours_render1, ""),
        ("render --jobs 1 vs decode-only (5 files)", f"{ours_render1:.2f} s", f"{ours_decode:.2f} s (decode only)",
         ours_render1 / ours_decode, "<= 1.3x"),
    ]
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
          f"python {platform.python_version()}, numpy {np.__version__}")
    print("| measurement | MusicAtlas | Python anchor | ratio | goal |")
    print("| --- | --- | --- | --- | --- |")
    for name, a, b, ratio, goal in rows:
        print(f"| {name} | {a} | {b} | {ratio:.2f}x | {goal} |")
    print(json.dumps({"ours_dsp_s": ours["mel_db_median_s"], "librosa_dsp_s": lib, "ours_render_s": ours_render,
                      "ours_render_jobs1_s": ours_render1, "ours_decode_s": ours_decode,
                      "seed_render_s": seed_render, "ours_rss_kib": ours_rss, "seed_rss_kib": seed_rss}))


if __name__ == "__main__":
    main()
