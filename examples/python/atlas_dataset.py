"""A numpy-only reader of a MusicAtlas dataset (`atlas dataset export`).

    from atlas_dataset import AtlasDataset
    data = AtlasDataset("dataset/")
    for index, window, track, artists in data.windows("train"):
        ...                                   # window: (mels, frames) float32/float16, memory-mapped
    for anchor, positive, negative in data.triplet_batches("triplets.csv", batch_size=32, seed=0):
        ...                                   # each (batch, mels, frames)

Shards are opened with numpy.load(..., mmap_mode="r"): nothing is read until a window is used,
and any number of loader processes can share them. `verify()` checks every shard's SHA-256
against dataset.json.
"""
import csv
import hashlib
import json
import os

import numpy as np


class AtlasDataset:
    def __init__(self, root):
        self.root = root
        with open(os.path.join(root, "dataset.json"), encoding="utf-8") as handle:
            self.manifest = json.load(handle)
        self.frames = self.manifest["frames"]
        self._shards = {}
        self.artists = {row["artist_id"]: row for row in self._table("artists.csv")}
        self.tracks = {row["track_id"]: row for row in self._table("tracks.csv")}
        self.index = [row for row in self._table("windows.csv")]
        for row in self.index:
            row["index"], row["row"] = int(row["index"]), int(row["row"])

    def _table(self, name):
        with open(os.path.join(self.root, name), encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    def shard(self, path):
        """The memory-mapped array of a shard, shape (windows, mels, frames)."""
        if path not in self._shards:
            self._shards[path] = np.load(os.path.join(self.root, path), mmap_mode="r")
        return self._shards[path]

    def window(self, index):
        """Window `index` of windows.csv as an array (mels, frames)."""
        row = self.index[index]
        return self.shard(row["shard"])[row["row"]]

    def windows(self, split):
        """(index, window, track_id, artist_ids) for every window of `split`, in shard order."""
        for row in self.index:
            if row["split"] == split:
                track = row["track_id"]
                yield row["index"], self.window(row["index"]), track, self.tracks[track]["artist_ids"].split("|")

    def triplet_batches(self, triplets_csv, batch_size=32, seed=0):
        """Batches of (anchor, positive, negative) arrays from a triplets file, in a seeded order."""
        with open(triplets_csv, encoding="utf-8", newline="") as handle:
            rows = [(int(r["anchor"]), int(r["positive"]), int(r["negative"])) for r in csv.DictReader(handle)]
        order = np.random.default_rng(seed).permutation(len(rows))
        for start in range(0, len(rows), batch_size):
            chosen = [rows[i] for i in order[start:start + batch_size]]
            yield tuple(np.stack([self.window(t[k]) for t in chosen]) for k in range(3))

    def verify(self):
        """Checks every shard's SHA-256 and window count against dataset.json; returns the count."""
        for shard in self.manifest["shards"]:
            digest = hashlib.sha256()
            with open(os.path.join(self.root, shard["path"]), "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            if digest.hexdigest() != shard["sha256"]:
                raise ValueError(f"{shard['path']}: SHA-256 differs from dataset.json")
            if self.shard(shard["path"]).shape[0] != shard["windows"]:
                raise ValueError(f"{shard['path']}: window count differs from dataset.json")
        return len(self.manifest["shards"])
