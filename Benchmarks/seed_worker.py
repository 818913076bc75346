#!/usr/bin/env python3
"""The 2020 spectrogram worker's per-song work (AWS main_specto.py), minus S3/SQS: the Python
anchor for `melspec render`. For each file: librosa.load(sr=16000), melspectrogram (n_fft 1024,
hop 512, 256 mels, fmax 8000, reflect padding as librosa 0.7), power_to_db(ref=max), the seed's
window loop, the in-place median filter, and plt.imsave JPEG (cmap gray_r, origin lower).

Usage: python seed_worker.py OUTDIR FILE...
"""
import os
import sys

import numpy as np
import librosa

# The seed's window loop lives once, in the golden script's replica of main_specto.py.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "MelSpectrogramTests", "Reference"))
from make_goldens import seed_windows as windows  # noqa: E402
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def apply_median_filter(sample):
    thr, mn = np.median(sample), np.min(sample)
    sample[sample < thr] = mn
    return sample


def main():
    out, files = sys.argv[1], sys.argv[2:]
    os.makedirs(out, exist_ok=True)
    for path in files:
        track = os.path.splitext(os.path.basename(path))[0]
        y, s = librosa.load(path, sr=16000)
        S = librosa.feature.melspectrogram(y=y, sr=s, n_mels=256, fmax=8000, n_fft=1024, hop_length=512,
                                           pad_mode="reflect")
        S_dB = librosa.power_to_db(S, ref=np.max)
        for num_win, (start, end) in enumerate(windows(np.floor(len(y) / s))):
            step = 512 / s
            sample = apply_median_filter(S_dB[:, int(start / step):int(end / step)])
            plt.imsave(os.path.join(out, f"{track}__{num_win}__{start}__{end}.jpg"), sample, cmap="gray_r",
                       origin="lower")


if __name__ == "__main__":
    main()
