import AtlasStore
import Crypto
import Foundation
import MusicGraph
import NumPyFormat
import ObjectStorage

/// `atlas dataset export`: the current split as a research dataset (issue 17) — `dataset.json`,
/// `artists.csv`, `tracks.csv`, `similar_artists.csv`, `windows.csv` and `<split>/windows-NNNNN.npy`
/// shards of shape `[n, mels, frames]` that `numpy.load(…, mmap_mode="r")` opens.
///
/// Everything is written into a sibling folder first and renamed into place at the end, so
/// `--out` holds a whole dataset or nothing new. Each window's file is checked against the
/// SHA-256 the worker recorded before its values are written out; a changed or missing file
/// refuses the export.
package struct DatasetExporter {
    /// Options.
    package struct Options: Sendable {
        package var output: String
        package var type: ShardType = .float32
        package var shardWindows: Int = 1024
        /// Frames per window kept (the first `frames`; 937 by default: a 938-frame window loses
        /// its last, as the thesis's 937-wide input did).
        package var frames: Int = 937
        package var recipeID: Int64?
        package var replace = false
        /// Check every window file against its recorded SHA-256 before copying it (one more
        /// SHA-256 pass over the data: the export's largest cost after the writing itself).
        package var verify = true

        /// Options writing to `output`.
        package init(output: String) { self.output = output }
    }

    /// What was written.
    package struct Summary: Sendable {
        package var artists = 0, tracks = 0, edges = 0, windows = 0, shards = 0, bytes: Int64 = 0
    }

    private let connection: PostgresConnection
    private let dataDirectory: String
    private let options: Options
    private let storage: (any DataStorage)?

    /// An exporter reading window files below `dataDirectory`, or from `storage` when that is a bucket.
    package init(connection: PostgresConnection, dataDirectory: String, options: Options, storage: (any DataStorage)? = nil) {
        self.connection = connection
        self.dataDirectory = dataDirectory
        self.options = options
        self.storage = storage
    }

    /// Writes the dataset.
    package func run(progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) throws -> Summary {
        guard options.shardWindows > 0 else { throw DatasetError.invalid("--shard-windows must be positive") }
        guard options.frames > 0 else { throw DatasetError.invalid("--frames must be positive") }
        guard let split = try connection.execute("SELECT method, ratios, seed FROM dataset_split", purpose: "read the split").rows.first else {
            throw DatasetError.noSplit
        }
        let fileManager = FileManager.default
        let output = options.output.hasSuffix("/") && options.output.count > 1 ? String(options.output.dropLast()) : options.output
        // The lock file and the staging folder sit beside the output: its parent must exist.
        let parent = (output as NSString).deletingLastPathComponent
        if !parent.isEmpty { try fileManager.createDirectory(atPath: parent, withIntermediateDirectories: true) }
        // Held until this returns: one export per output folder at a time.
        let lock = try ExportLock(output: output)
        defer { lock.release() }
        if let existing = try? fileManager.contentsOfDirectory(atPath: output), !existing.isEmpty, !options.replace {
            throw DatasetError.outputExists(options.output)
        }
        let staging = output + ".partial"
        try? fileManager.removeItem(atPath: staging)
        try fileManager.createDirectory(atPath: staging, withIntermediateDirectories: true)
        do {
            var summary = Summary()
            let catalog = try WindowCatalog.load(connection, recipeID: options.recipeID, frames: options.frames)
            summary.artists = try writeArtists(staging)
            summary.tracks = try writeTracks(staging)
            summary.edges = try writeEdges(staging)
            let shards = try writeWindows(catalog, to: staging, progress: progress)
            summary.windows = catalog.windows.count
            summary.shards = shards.count
            try writeManifest(staging, split: split, catalog: catalog, shards: shards, summary: summary)
            summary.bytes = try folderSize(staging)
            if fileManager.fileExists(atPath: output) { try fileManager.removeItem(atPath: output) }
            try fileManager.moveItem(atPath: staging, toPath: output)
            return summary
        } catch {
            try? fileManager.removeItem(atPath: staging)
            throw error
        }
    }

    private func write(_ writer: DelimitedWriter, _ folder: String, _ name: String) throws {
        try Data(writer.text.utf8).write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(name)))
    }

    private func writeArtists(_ folder: String) throws -> Int {
        var writer = DelimitedWriter(delimiter: ",", header: ["artist_id", "artist_name", "is_main", "split", "genres"])
        let rows = try connection.execute("""
            SELECT a.artist_id, a.artist_name, a.is_main, s.split,
                   (SELECT string_agg(g.genre, '|' ORDER BY g.ordinal) FROM master_genre g WHERE g.artist_id = a.artist_id) AS genres
            FROM master_artist a LEFT JOIN split_artist s USING (artist_id) ORDER BY a.ordinal
            """, purpose: "read artists for the dataset").rows
        for row in rows {
            writer.append([row["artist_id"] ?? "", row["artist_name"] ?? "", row.bool("is_main") == true ? "true" : "false", row["split"] ?? "", row["genres"] ?? ""])
        }
        try write(writer, folder, "artists.csv")
        return rows.count
    }

    private func writeTracks(_ folder: String) throws -> Int {
        var writer = DelimitedWriter(delimiter: ",", header: ["track_id", "track_name", "primary_artist_id", "artist_ids", "split",
                                                              "duplicate_group", "video_id", "duration_s"])
        // The columns are issue 17's contract; the cross_split flag goes to its own file.
        var crossSplit = DelimitedWriter(delimiter: ",", header: ["track_id"])
        // The lead (a non-featured appearance) first, then store order — as the queue step names it.
        let rows = try connection.execute("""
            SELECT t.track_id, t.track_name, s.split, s.cross_split, s.duplicate_group, u.video_id,
                   coalesce(f.duration_s, t.duration_ms / 1000.0) AS duration_s,
                   (SELECT string_agg(l.artist_id, '|' ORDER BY NOT EXISTS (SELECT 1 FROM track_source x WHERE x.artist_id = l.artist_id
                        AND x.track_id = l.track_id AND NOT x.featured), a.ordinal)
                    FROM rel_artist_track l JOIN master_artist a USING (artist_id) WHERE l.track_id = t.track_id) AS artists
            FROM master_track t LEFT JOIN split_track s USING (track_id) LEFT JOIN track_url u USING (track_id) LEFT JOIN audio_file f USING (track_id)
            ORDER BY t.ordinal
            """, purpose: "read tracks for the dataset").rows
        for row in rows {
            let artists = row["artists"] ?? ""
            writer.append([row["track_id"] ?? "", row["track_name"] ?? "", String(artists.prefix { $0 != "|" }), artists, row["split"] ?? "",
                           row["duplicate_group"] ?? row["track_id"] ?? "", row["video_id"] ?? "", row.double("duration_s").map { String(format: "%.3f", $0) } ?? ""])
            if row.bool("cross_split") == true { crossSplit.append([row["track_id"] ?? ""]) }
        }
        try write(writer, folder, "tracks.csv")
        try write(crossSplit, folder, "cross_split_tracks.csv")
        return rows.count
    }

    private func writeEdges(_ folder: String) throws -> Int {
        var writer = DelimitedWriter(delimiter: ",", header: ["artist_id", "related_id", "source", "weight"])
        let rows = try connection.execute("""
            SELECT artist_id, related_id, source, weight FROM related_artist_edge
            ORDER BY artist_id COLLATE "C", related_id COLLATE "C", source COLLATE "C"
            """, purpose: "read related edges for the dataset").rows
        for row in rows { writer.append([row["artist_id"] ?? "", row["related_id"] ?? "", row["source"] ?? "", row.double("weight").map { String($0) } ?? "0"]) }
        try write(writer, folder, "similar_artists.csv")
        return rows.count
    }

    /// One shard description of `dataset.json`.
    struct Shard: Encodable {
        var path: String
        var sha256: String
        var windows: Int
    }

    private func writeWindows(_ catalog: WindowCatalog, to folder: String, progress: @escaping @Sendable (Int, Int) -> Void) throws -> [Shard] {
        var jobs: [ShardRounds.Job] = []
        for side in SplitName.allCases {
            let windows = catalog.windows.filter { $0.split == side }
            for (number, start) in stride(from: 0, to: windows.count, by: options.shardWindows).enumerated() {
                jobs.append(ShardRounds.Job(path: "\(side.rawValue)/windows-\(String(format: "%05d", number)).npy",
                                            windows: Array(windows[start..<min(windows.count, start + options.shardWindows)])))
            }
        }
        let rounds = ShardRounds(folder: folder, dataDirectory: dataDirectory, storage: storage, mels: catalog.windows.first?.rows ?? 0,
                                 frames: options.frames, type: options.type, verify: options.verify)
        let written = try rounds.run(jobs, progress: progress)
        var writer = DelimitedWriter(delimiter: ",", header: ["index", "track_id", "win", "ini", "fin", "split", "shard", "row", "sha256"])
        var shards: [Shard] = []
        for (job, shard) in zip(jobs, written) {
            for (row, window) in job.windows.enumerated() {
                writer.append([String(window.index), window.trackID, String(window.win), String(window.ini), String(window.fin), window.split.rawValue,
                               job.path, String(row), shard.rowDigests[row]])
            }
            shards.append(Shard(path: job.path, sha256: shard.sha256, windows: job.windows.count))
        }
        try write(writer, folder, "windows.csv")
        return shards
    }

    private func writeManifest(_ folder: String, split: PostgresRow, catalog: WindowCatalog, shards: [Shard], summary: Summary) throws {
        let recipe = catalog.recipe.flatMap { try? JSONSerialization.jsonObject(with: Data($0.json.utf8)) as? [String: Any] }
        let crossSplit = try connection.execute("SELECT count(*) AS n FROM split_track WHERE cross_split", purpose: "count cross_split tracks")[0].int("n") ?? 0
        var counts: [String: Any] = ["artists": summary.artists, "tracks": summary.tracks, "similar_edges": summary.edges, "cross_split_tracks": crossSplit,
                                     "windows": catalog.windows.count, "windows_narrower_than_frames": catalog.narrower]
        for side in SplitName.allCases {
            counts["\(side.rawValue)_windows"] = catalog.windows.filter { $0.split == side }.count
            counts["\(side.rawValue)_artists"] = try connection.execute("SELECT count(*) AS n FROM split_artist WHERE split = $1", [side.rawValue],
                                                                        purpose: "count split artists")[0].int("n") ?? 0
            counts["\(side.rawValue)_tracks"] = try connection.execute("SELECT count(*) AS n FROM split_track WHERE split = $1", [side.rawValue],
                                                                       purpose: "count split tracks")[0].int("n") ?? 0
        }
        let manifest: [String: Any] = [
            "format": "musicatlas-dataset/1",
            "mode": recipe?["mode"] as? String ?? NSNull(),
            "recipe": recipe ?? NSNull(), "recipe_id": catalog.recipe.map { $0.id as Any } ?? NSNull(),
            "frames": options.frames,
            "crop": "the first \(options.frames) frames of each window (windows narrower than that are left out)",
            "dtype": options.type.rawValue,
            "split": ["method": split["method"] ?? "", "ratios": split["ratios"] ?? "", "seed": split["seed"].flatMap { Int64($0) }.map { $0 as Any } ?? NSNull()],
            "counts": counts,
            "shards": shards.map { ["path": $0.path, "sha256": $0.sha256, "windows": $0.windows] },
            "tool": "MusicAtlas 2026.12",
        ]
        let data = try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        try data.write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent("dataset.json")))
    }

    private func folderSize(_ folder: String) throws -> Int64 {
        var total: Int64 = 0
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let name = enumerator?.nextObject() as? String {
            total += ((try? FileManager.default.attributesOfItem(atPath: (folder as NSString).appendingPathComponent(name)))?[.size] as? Int64) ?? 0
        }
        return total
    }
}
