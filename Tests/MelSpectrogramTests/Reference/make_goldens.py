#!/usr/bin/env python3
"""Make the librosa goldens the MelSpectrogram tests compare against.

Usage:  python make_goldens.py OUTDIR
Needs:  librosa, soundfile, matplotlib (the project's .venv from `make setup`) and the ffmpeg CLI.

Everything here comes from the real reference: librosa for decoding and DSP, numpy for the
seed's median filter, matplotlib's imsave for the seed's image mapping. The audio is synthetic and
deterministic (fixed seeds), so the goldens are the same on every run. Writes OUTDIR/done last.

OUTDIR layout
  clip_<sr>_<ch>.wav           4.0 s PCM16 test clips, sr in {16000, 22050, 44100, 48000}, ch in {1, 2}
  clip_<sr>_<ch>.load.npy      librosa.load(path, sr=16000, mono=True)
  clip_<sr>_<ch>.<mode>.npy    power_to_db(melspectrogram(seed params, pad_mode), ref=np.max) of that load
                               mode seed2020 = pad_mode "reflect" (librosa 0.7), default = "constant"
  clip_44100_2.power.npy       melspectrogram power (no dB) of the stereo 44.1 kHz clip, reflect
  clip_44100_2.mp3 (+ .load.npy, .seed2020.npy)   libmp3lame -q:a 2 of the stereo 44.1 kHz clip
  mel_<sr>_<nfft>_<nmels>_<fmax>.npy   librosa.filters.mel(...) float32
  song95.wav                   95 s, 16 kHz mono PCM16 song-like signal
  seed95/<mode>/...            the seed worker (main_specto.py) replayed on song95.wav:
                               <stem>__<win>__<ini>__<fin>.npy (window after the median filter),
                               .png (matplotlib imsave, cmap gray_r, origin lower), windows.csv
  windows.json                 the seed's window loop for a list of durations
"""
import json
import os
import subprocess
import sys

import numpy as np
import soundfile as sf
import librosa
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

OUT = sys.argv[1] if __name__ == "__main__" else None
SR, N_FFT, HOP, N_MELS, FMAX = 16000, 1024, 512, 256, 8000
PAD = {"seed2020": "reflect", "default": "constant"}


def path(*parts):
    return os.path.join(OUT, *parts)


def mel_db(y, pad_mode):
    S = librosa.feature.melspectrogram(y=y, sr=SR, n_fft=N_FFT, hop_length=HOP, n_mels=N_MELS, fmax=FMAX,
                                       pad_mode=pad_mode)
    return librosa.power_to_db(S, ref=np.max)


def signal(sr, seconds, channels, seed):
    """Chirp + tones with slow AM + noise + clicks, different per channel, peak 0.7."""
    rng = np.random.default_rng(seed)
    n = int(round(sr * seconds))
    t = np.arange(n) / sr
    f0, f1 = 60.0, min(7500.0, sr / 2 - 500)
    k = np.log(f1 / f0) / seconds
    chirp = np.sin(2 * np.pi * f0 * (np.exp(k * t) - 1) / k)
    am = 0.5 * (1 + np.sin(2 * np.pi * 0.5 * t))
    chans = []
    for c in range(channels):
        tones = (np.sin(2 * np.pi * (440 + 110 * c) * t) + 0.5 * am * np.sin(2 * np.pi * (1000 + 700 * c) * t)
                 + 0.25 * np.sin(2 * np.pi * 3150 * t + c))
        clicks = np.zeros(n)
        clicks[(np.arange(1, int(seconds)) * sr + sr // 3 + 17 * c)] = 1.0
        chans.append(0.25 * chirp + 0.12 * tones + 0.01 * rng.standard_normal(n) + 0.3 * clicks)
    y = np.stack(chans, axis=1)
    fade = int(0.02 * sr)
    ramp = np.linspace(0, 1, fade)[:, None]
    y[:fade] *= ramp
    y[-fade:] *= ramp[::-1]
    return y * (0.7 / np.max(np.abs(y)))


def song(sr, seconds, seed):
    """A song-like mono signal: a melody of notes with harmonics over a noise bed, with quiet parts."""
    rng = np.random.default_rng(seed)
    n = int(sr * seconds)
    y = 0.003 * rng.standard_normal(n)
    note = int(0.25 * sr)
    freqs = 110 * 2 ** (rng.integers(0, 36, size=n // note + 1) / 12)
    t = np.arange(note) / sr
    env = np.exp(-3 * t)
    for i, f in enumerate(freqs[: n // note]):
        tone = sum(np.sin(2 * np.pi * f * h * t) / h for h in (1, 2, 3, 5))
        loud = 0.2 if (i // 40) % 3 else 0.6
        y[i * note:(i + 1) * note] += loud * env * tone
    return y / np.max(np.abs(y)) * 0.8


def seed_windows(duration):
    """main_specto.py's window loop, verbatim in logic (duration = np.floor(len(y) / s))."""
    w_list, act = [], 0
    while True:
        fin = act + 30
        if fin <= duration:
            w_list.append((int(act), int(fin)))
            act += 20
            if act >= duration:
                break
        else:
            w_list.append((int(duration - 30), int(duration)))
            break
    return w_list


def replay_seed_worker(wav, mode, outdir):
    """main_specto.py lines 98-105, 254-321 on one file; `default` filters a copy of each window."""
    os.makedirs(outdir, exist_ok=True)
    y, s = librosa.load(wav, sr=SR)
    S_dB = mel_db(y, PAD[mode])
    duration = np.floor(len(y) / s)
    windows = seed_windows(duration)
    if mode == "default" and len(windows) > 1 and windows[-1] == windows[-2]:
        windows = windows[:-1]
    lines = ["win,ini,fin,rows,cols"]
    for num_win, (start, end) in enumerate(windows):
        step = HOP / s
        sample = S_dB[:, int(start / step):int(end / step)]
        if mode == "default":
            sample = sample.copy()
        thr, mn = np.median(sample), np.min(sample)
        sample[sample < thr] = mn  # in place on the view of S_dB in seed mode (bug B12)
        name = f"song95__{num_win}__{start}__{end}"
        np.save(os.path.join(outdir, name + ".npy"), sample.astype(np.float32))
        plt.imsave(os.path.join(outdir, name + ".png"), sample, cmap="gray_r", origin="lower")
        lines.append(f"{num_win},{start},{end},{sample.shape[0]},{sample.shape[1]}")
    with open(os.path.join(outdir, "windows.csv"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    for sr in (16000, 22050, 44100, 48000):
        for ch in (1, 2):
            name = f"clip_{sr}_{ch}"
            sf.write(path(name + ".wav"), signal(sr, 4.0, ch, seed=sr + ch), sr, subtype="PCM_16")
            y, _ = librosa.load(path(name + ".wav"), sr=SR, mono=True)
            np.save(path(name + ".load.npy"), y)
            for mode, pad in PAD.items():
                np.save(path(f"{name}.{mode}.npy"), mel_db(y, pad))
            if (sr, ch) == (44100, 2):
                np.save(path(f"{name}.power.npy"), librosa.feature.melspectrogram(
                    y=y, sr=SR, n_fft=N_FFT, hop_length=HOP, n_mels=N_MELS, fmax=FMAX, pad_mode="reflect"))
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", path("clip_44100_2.wav"), "-c:a", "libmp3lame",
                    "-q:a", "2", path("clip_44100_2.mp3")], check=True)
    y, _ = librosa.load(path("clip_44100_2.mp3"), sr=SR, mono=True)
    np.save(path("clip_44100_2_mp3.load.npy"), y)
    np.save(path("clip_44100_2_mp3.seed2020.npy"), mel_db(y, "reflect"))

    for sr, nfft, nmels, fmax in ((16000, 1024, 256, 8000), (16000, 2048, 256, 8000), (22050, 2048, 128, 11025.0),
                                  (16000, 512, 64, 4000)):
        fb = librosa.filters.mel(sr=sr, n_fft=nfft, n_mels=nmels, fmax=fmax)
        np.save(path(f"mel_{sr}_{nfft}_{nmels}_{int(fmax)}.npy"), fb.astype(np.float32))

    sf.write(path("song95.wav"), song(SR, 95.0, seed=95), SR, subtype="PCM_16")
    for mode in PAD:
        replay_seed_worker(path("song95.wav"), mode, path("seed95", mode))

    durations = [25, 30, 50, 90, 95, 187.3, 180, 200, 1201]
    with open(path("windows.json"), "w") as f:
        json.dump({str(d): seed_windows(np.floor(d)) for d in durations}, f)
    with open(path("versions.json"), "w") as f:
        json.dump({"librosa": librosa.__version__, "numpy": np.__version__, "matplotlib": matplotlib.__version__}, f)
    open(path("done"), "w").close()


if __name__ == "__main__":
    main()
