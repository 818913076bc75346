#!/usr/bin/env python3
"""Side-by-side benchmark of MelSpectrogram against its Python anchors, one run, same inputs.

1. In-process dB mel of 180 s at 16 kHz: `melspec profile` (one thread) vs librosa
   melspectrogram + power_to_db with the seed's parameters. Goal >= 4x.
2. Per format the pipeline really gets -- MP3 (the seed's files), Opus in WebM (YouTube's format
   251, 48 kHz stereo) and AAC in M4A (format 140, 44.1 kHz stereo) -- five deterministic 3-minute
   songs, each side a whole process over the same files: `melspec render` vs the seed's worker
   loop (seed_worker.py). Goal >= 10x. Peak RSS of each process too.
3. Per format, our single-threaded render (`--jobs 1`) vs our decode-only time (`melspec decode`).
   Goal <= 1.3x.
4. Agreement with librosa on the same songs (whole-song dB mel, `melspec render --format npy`
   vs `power_to_db(melspectrogram(librosa.load(f, sr=16000)))`): the 16-bit WAV sources (PCM)
   and their MP3s. Max and mean |delta| in dB.

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


# YouTube's two audio formats and the seed's: (extension, ffmpeg encoder arguments).
FORMATS = [
    ("mp3", ["-c:a", "libmp3lame", "-q:a", "2"]),
    ("webm", ["-c:a", "libopus", "-b:a", "160k", "-ar", "48000", "-f", "webm"]),
    ("m4a", ["-c:a", "aac", "-b:a", "128k"]),
]


def make_sources(count=5, seconds=180, sr=44100):
    """Five deterministic 3-minute stereo songs (notes with harmonics, bass, noise), as 16-bit WAV."""
    paths = []
    for k in range(count):
        wav = os.path.join(WORK, f"song{k}.wav")
        paths.append(wav)
        if os.path.exists(wav):
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
        sf.write(wav + ".partial", y / np.abs(y).max() * 0.8, sr, subtype="PCM_16", format="WAV")
        os.replace(wav + ".partial", wav)
    return paths


def make_songs(extension, arguments):
    """The five songs encoded with one of FORMATS (ffmpeg's encoders are deterministic)."""
    paths = []
    for wav in make_sources():
        target = wav[:-4] + "." + extension
        paths.append(target)
        if not os.path.exists(target):
            partial = wav[:-4] + ".partial." + extension  # ffmpeg picks the muxer by extension
            subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", wav, *arguments, partial], check=True)
            os.replace(partial, target)
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
    mp3 = make_songs(*FORMATS[0])
    ours = json.loads(subprocess.run([MELSPEC, "profile", mp3[0], "--runs", "20", "--mode", "seed2020"],
                                     check=True, capture_output=True, text=True).stdout)
    lib = librosa_dsp(mp3[0])
    rows = [("dB mel, 180 s @ 16 kHz, in-process, 1 thread", f"{ours['mel_db_median_s'] * 1e3:.1f} ms",
             f"{lib * 1e3:.1f} ms (librosa {librosa.__version__})", lib / ours["mel_db_median_s"], ">= 4x")]
    figures = {"ours_dsp_s": ours["mel_db_median_s"], "ours_dsp_all_cores_s": ours["mel_db_all_cores_median_s"],
               "librosa_dsp_s": lib, "kernels": ours["kernels"], "ours_dsp_baseline_kernels_s": ours["mel_db_baseline_kernels_median_s"]}
    if ours["kernels_same_bits"] is False:
        raise SystemExit("the AVX2 and baseline builds of CMelKernels gave different bits")
    if ours["mel_db_baseline_kernels_median_s"] is not None:
        base = ours["mel_db_baseline_kernels_median_s"]
        rows.append((f"same, CMelKernels' baseline build (x86-64 SSE2; {ours['kernels']} is in use; same bits: "
                     f"{ours['kernels_same_bits']})", f"{base * 1e3:.1f} ms", f"{lib * 1e3:.1f} ms", lib / base, ""))
    for extension, arguments in FORMATS:
        songs = make_songs(extension, arguments)
        out = os.path.join(WORK, "out-" + extension)
        render, rss = best_of([MELSPEC, "render", *songs, "--out", out + "-swift", "--mode", "seed2020", "--quiet"])
        render1, _ = best_of([MELSPEC, "render", *songs, "--out", out + "-swift1", "--mode", "seed2020", "--quiet",
                              "--jobs", "1"])
        decode, _ = best_of([MELSPEC, "decode", *songs])
        seed, seed_rss = best_of([sys.executable, os.path.join(HERE, "seed_worker.py"), out + "-python", *songs],
                                 runs=2)
        rows += [
            (f"5 x 3-min {extension} -> windows, whole process", f"{render:.2f} s ({rss // 1024} MiB)",
             f"{seed:.2f} s ({seed_rss // 1024} MiB, seed worker loop)", seed / render, ">= 10x"),
            (f"{extension}: render --jobs 1 vs decode-only (5 files)", f"{render1:.2f} s",
             f"{decode:.2f} s (decode only)", render1 / decode, "<= 1.3x"),
        ]
        figures[extension] = {"render_s": render, "render_jobs1_s": render1, "decode_s": decode, "seed_s": seed,
                              "rss_kib": rss, "seed_rss_kib": seed_rss}
    agreement = []
    for extension in ("wav", "mp3"):
        songs = make_sources() if extension == "wav" else mp3
        out = os.path.join(WORK, "agree-" + extension)
        subprocess.run([MELSPEC, "render", *songs, "--out", out, "--mode", "seed2020", "--format", "npy", "--quiet"],
                       check=True)
        worst, total, cells = 0.0, 0.0, 0
        for path in songs:
            y, _ = librosa.load(path, sr=16000)
            ref = librosa.power_to_db(librosa.feature.melspectrogram(y=y, sr=16000, n_fft=1024, hop_length=512, n_mels=256,
                                                                     fmax=8000, pad_mode="reflect"), ref=np.max)
            ours_db = np.load(os.path.join(out, os.path.splitext(os.path.basename(path))[0] + ".npy"))
            delta = np.abs(ours_db.astype(np.float64) - ref)
            worst, total, cells = max(worst, float(delta.max())), total + float(delta.sum()), cells + delta.size
        agreement.append((extension, worst, total / cells))
        figures["librosa_delta_" + extension] = {"max_db": worst, "mean_db": total / cells}
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
          f"python {platform.python_version()}, numpy {np.__version__}")
    print("| measurement | MusicAtlas | Python anchor | ratio | goal |")
    print("| --- | --- | --- | --- | --- |")
    for name, a, b, ratio, goal in rows:
        print(f"| {name} | {a} | {b} | {ratio:.2f}x | {goal} |")
    print(f"| DSP on all {ours['cores']} cores (`decibels(threads:)`) | {ours['mel_db_all_cores_median_s'] * 1e3:.1f} ms | "
          f"{lib * 1e3:.1f} ms | {lib / ours['mel_db_all_cores_median_s']:.2f}x | |")
    print("| source | dB max abs delta vs librosa | dB mean abs delta |")
    print("| --- | --- | --- |")
    for extension, worst, mean in agreement:
        print(f"| 5 x 3-min {extension} | {worst:.2e} | {mean:.2e} |")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
