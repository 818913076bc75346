import AtlasStore
import Crypto
import Foundation
import MusicGraph
import NumPyFormat
import ResearchDataset
import TestSupport
import XCTest

/// `atlas dataset split | export | triplets` on the 2020 import and on the demo's store, the
/// Python reference consumer, and an export refusing a window file that changed.
final class DatasetTests: XCTestCase {
    private func atlas(_ arguments: [String]) throws -> ProcessRunner.Outcome {
        let outcome = try ProcessRunner.tool("atlas", arguments)
        XCTAssertEqual(outcome.status, 0, "atlas \(arguments.joined(separator: " ")): \(outcome.stderr)")
        return outcome
    }

    /// A CSV file as rows by column name (MusicGraph's RFC 4180 reader: names hold commas and quotes).
    private func table(_ path: String) throws -> [[String: String]] {
        let table = try DelimitedTable(contentsOf: path, delimiter: ",")
        return table.rows.map { Dictionary(uniqueKeysWithValues: zip(table.header, $0)) }
    }

    private func files(_ folder: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let name = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder), !isFolder.boolValue {
                out[name] = FileManager.default.contents(atPath: folder + "/" + name)
            }
        }
        return out
    }

    private func atlasFreeTool(_ name: String, _ arguments: [String]) throws -> String {
        let outcome = try ProcessRunner.tool(name, arguments)
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        return outcome.stdout
    }

    func testThe2020ImportSplitsByArtistExactlyAndExportsTheSameBytesForTheSameSeed() throws {
        let data = try makeScratchDirectory("musicatlas-dataset")
        addTeardownBlock { _ = try? ProcessRunner.tool("atlas", ["db", "stop", "--force", "--data", data]) }
        _ = try atlas(["import-seed", try SharedFixtures.path("seed-2020"), "--data", data])
        var exports: [String] = []
        for (seed, name) in [("7", "a"), ("7", "b"), ("8", "c")] {
            _ = try atlas(["dataset", "split", "--by", "artist", "--ratios", "80,10,10", "--seed", seed, "--data", data])
            _ = try atlas(["dataset", "export", "--out", data + "/export-" + name, "--data", data])
            exports.append(data + "/export-" + name)
        }
        let artists = try table(exports[0] + "/artists.csv")
        XCTAssertEqual(["train", "validation", "test"].map { side in artists.filter { $0["split"] == side }.count }, [8117, 1015, 1014])
        XCTAssertEqual(try files(exports[0]), try files(exports[1]), "seed 7 twice: identical bytes")
        XCTAssertNotEqual(try files(exports[0])["artists.csv"], try files(exports[2])["artists.csv"], "seed 8 splits otherwise")
        XCTAssertEqual(try table(exports[0] + "/similar_artists.csv").count, 82134)
        XCTAssertEqual(try table(exports[0] + "/windows.csv").count, 0, "no audio in the 2020 import")
        let manifest = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: exports[0] + "/dataset.json"))) as? [String: Any])
        XCTAssertEqual((manifest["split"] as? [String: Any])?["seed"] as? Int, 7)
        XCTAssertEqual((manifest["shards"] as? [Any])?.count, 0)
        // musicgraph evaluate with the test split as evaluation artists: random embeddings near
        // chance, genre multi-hot ones higher, both equal to the independent numpy implementation.
        let test = artists.filter { $0["split"] == "test" }.map { $0["artist_id"]! }
        let ids = artists.map { $0["artist_id"]! }
        let genreTable = try DelimitedTable(contentsOf: try SharedFixtures.path("seed-2020/expected/rel_GEN_ART.csv"))
        let genreColumn = try genreTable.column("genre"), artistColumn = try genreTable.column("artist_id")
        var genresOf: [String: Set<String>] = [:]
        for row in genreTable.rows { genresOf[row[artistColumn], default: []].insert(row[genreColumn]) }
        let vocabulary = Array(Set(genresOf.values.joined())).sorted()
        let column = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) })
        let evaluation = test.filter { genresOf[$0] != nil }
        try ids.joined(separator: "\n").write(toFile: data + "/ids.txt", atomically: true, encoding: .utf8)
        try evaluation.joined(separator: "\n").write(toFile: data + "/test.txt", atomically: true, encoding: .utf8)
        var random = SeededRandom(seed: 5)
        var randomValues = Data(NumPyHeader(descr: "<f4", shape: [ids.count, 16]).encoded())
        for _ in 0..<(ids.count * 16) { withUnsafeBytes(of: Float(random.unit() * 2 - 1).bitPattern.littleEndian) { randomValues.append(contentsOf: $0) } }
        try randomValues.write(to: URL(fileURLWithPath: data + "/random.npy"))
        var hot = Data(NumPyHeader(descr: "<f4", shape: [ids.count, vocabulary.count]).encoded())
        for id in ids {
            var row = [Float](repeating: 0, count: vocabulary.count)
            for genre in genresOf[id] ?? [] { row[column[genre]!] = 1 }
            row.withUnsafeBytes { hot.append(contentsOf: $0) }
        }
        try hot.write(to: URL(fileURLWithPath: data + "/genres.npy"))
        let python = SharedFixtures.packageRoot.appendingPathComponent(".venv/bin/python").path
        let reference = SharedFixtures.packageRoot.appendingPathComponent("Tests/MusicGraphTests/Reference/evaluate_reference.py").path
        var scores: [String: Double] = [:]
        for name in ["random", "genres"] {
            let inputs = [data + "/\(name).npy", data + "/ids.txt", exports[0] + "/similar_artists.csv", data + "/test.txt"]
            let ours = try atlasFreeTool("musicgraph", ["evaluate", "--embeddings", inputs[0], "--ids", inputs[1], "--graph", inputs[2], "--eval-artists", inputs[3], "--json"])
            let theirs = ProcessRunner.run(python, [reference] + inputs + ["200"])
            XCTAssertEqual(theirs.status, 0, theirs.stderr)
            let a = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(ours.utf8)) as? [String: Any])
            let b = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(theirs.stdout.utf8)) as? [String: Any])
            XCTAssertEqual(try XCTUnwrap(a["ndcg"] as? Double), try XCTUnwrap(b["ndcg"] as? Double), accuracy: 1e-9, name)
            XCTAssertEqual(a["scored"] as? Int, b["scored"] as? Int)
            XCTAssertEqual(a["skipped"] as? Int, b["skipped"] as? Int)
            scores[name] = a["ndcg"] as? Double
        }
        XCTAssertLessThan(scores["random"]!, 0.1, "\(scores)")
        XCTAssertGreaterThan(scores["genres"]!, 2 * scores["random"]!, "\(scores)")

        // An existing dataset is not overwritten without --replace.
        let again = try ProcessRunner.tool("atlas", ["dataset", "export", "--out", exports[0], "--data", data])
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("exists and is not empty"), again.stderr)
    }

    func testTheDemosWindowsShardsTripletsAndThePythonConsumer() throws {
        let data = try makeScratchDirectory("musicatlas-dataset")
        addTeardownBlock { _ = try? ProcessRunner.tool("atlas", ["db", "stop", "--force", "--data", data]) }
        _ = try atlas(["demo", "--data", data])
        _ = try atlas(["dataset", "split", "--by", "artist", "--seed", "3", "--data", data])
        _ = try atlas(["dataset", "export", "--out", data + "/ds", "--data", data])
        XCTAssertFalse(FileManager.default.fileExists(atPath: data + "/ds.lock"), "the export's lock file goes when it ends")
        // An --out whose parent folders do not exist yet: they are made.
        _ = try atlas(["dataset", "export", "--out", data + "/new/deeper/ds", "--data", data, "--no-verify"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: data + "/new/deeper/ds/dataset.json"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: data + "/new/deeper"), ["ds"])
        _ = try atlas(["dataset", "export", "--out", data + "/ds16", "--dtype", "float16", "--shard-windows", "2", "--data", data])
        let store = try PostgresConnection(url: try XCTUnwrap(try ProcessRunner.tool("atlas", ["db", "start", "--data", data]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)))

        // Every window in the store is in windows.csv and in a shard, with the recorded values.
        let stored = try store.execute("SELECT track_id, win, sha256 FROM spectrogram_window", purpose: "test").rows
        let rendered = try FileManager.default.contentsOfDirectory(atPath: data + "/spectrograms").filter { $0.hasSuffix(".npy") && $0.contains("__") }
        XCTAssertEqual(stored.count, rendered.count)
        XCTAssertGreaterThan(stored.count, 10)
        let windows = try table(data + "/ds/windows.csv")
        XCTAssertEqual(Set(windows.map { "\($0["track_id"]!)#\($0["win"]!)" }), Set(stored.map { "\($0["track_id"]!)#\($0["win"]!)" }))
        XCTAssertEqual(windows.map { Int($0["index"]!)! }, Array(0..<windows.count))

        // Shard rows are melspec's own --format npy output for the same audio, cropped to 937 frames.
        let reference = try makeScratchDirectory("musicatlas-dataset-melspec")
        let audio = try FileManager.default.contentsOfDirectory(atPath: data + "/audio").filter { $0.hasSuffix(".wav") }.map { data + "/audio/" + $0 }
        XCTAssertEqual(try ProcessRunner.tool("melspec", ["render"] + audio + ["--out", reference, "--format", "npy", "--quiet"]).status, 0)
        var shards: [String: Data] = [:], halfShards: [String: Data] = [:]
        let half = try table(data + "/ds16/windows.csv")
        for (row, halfRow) in zip(windows, half) {
            let path = row["shard"]!
            if shards[path] == nil { shards[path] = try Data(contentsOf: URL(fileURLWithPath: data + "/ds/" + path)) }
            let shard = shards[path]!, header = try NumPyHeader.parse(shard)
            XCTAssertEqual(header.descr, "<f4")
            XCTAssertEqual(Array(header.shape.dropFirst()), [256, 937])
            let size = 256 * 937 * 4, start = header.dataOffset + Int(row["row"]!)! * size
            let bytes = shard.subdata(in: start..<(start + size))
            XCTAssertEqual(SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined(), row["sha256"])
            let name = "\(row["track_id"]!)__\(row["win"]!)__\(row["ini"]!)__\(row["fin"]!).npy"
            let own = try Data(contentsOf: URL(fileURLWithPath: reference + "/" + name)), ownHeader = try NumPyHeader.parse(own)
            let cols = ownHeader.shape[1]
            var cropped = Data()
            for mel in 0..<256 { cropped.append(own.subdata(in: (ownHeader.dataOffset + mel * cols * 4)..<(ownHeader.dataOffset + (mel * cols + 937) * 4))) }
            XCTAssertEqual(bytes, cropped, name)
            // float16: the same values rounded to half precision.
            let halfPath = halfRow["shard"]!
            if halfShards[halfPath] == nil { halfShards[halfPath] = try Data(contentsOf: URL(fileURLWithPath: data + "/ds16/" + halfPath)) }
            let halfShard = halfShards[halfPath]!, halfHeader = try NumPyHeader.parse(halfShard)
            XCTAssertEqual(halfHeader.descr, "<f2")
            XCTAssertLessThanOrEqual(halfHeader.shape[0], 2)
            let halfStart = halfHeader.dataOffset + Int(halfRow["row"]!)! * 256 * 937 * 2
            for probe in [0, 1000, 239_871] {
                let value = bytes.withUnsafeBytes { Float(bitPattern: UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 4 * probe, as: UInt32.self))) }
                let stored = halfShard.withUnsafeBytes { UInt16(littleEndian: $0.loadUnaligned(fromByteOffset: halfStart + 2 * probe, as: UInt16.self)) }
                XCTAssertEqual(stored, Float16(value).bitPattern)
            }
        }

        // Artist-disjoint: a track whose artists sit on different sides is cross_split, in train.
        let sideOf = Dictionary(uniqueKeysWithValues: try table(data + "/ds/artists.csv").map { ($0["artist_id"]!, $0["split"]!) })
        let flagged = Set(try table(data + "/ds/cross_split_tracks.csv").map { $0["track_id"]! })
        XCTAssertEqual(try DelimitedTable(contentsOf: data + "/ds/tracks.csv", delimiter: ",").header,
                       ["track_id", "track_name", "primary_artist_id", "artist_ids", "split", "duplicate_group", "video_id", "duration_s"])
        for track in try table(data + "/ds/tracks.csv") {
            let sides = Set(track["artist_ids"]!.split(separator: "|").map { sideOf[String($0)]! })
            XCTAssertEqual(flagged.contains(track["track_id"]!), sides.count > 1, track["track_id"]!)
            if sides.count > 1 { XCTAssertEqual(track["split"], "train") } else { XCTAssertEqual(track["split"], sides.first) }
        }

        // Triplets obey the rules and are reproducible byte for byte.
        for out in ["t1.csv", "t2.csv"] {
            _ = try atlas(["dataset", "triplets", "--split", "train", "--seed", "11", "--per-anchor", "5", "--out", data + "/" + out, "--data", data])
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: data + "/t1.csv")), try Data(contentsOf: URL(fileURLWithPath: data + "/t2.csv")))
        let triplets = try table(data + "/t1.csv")
        XCTAssertGreaterThan(triplets.count, 0)
        let trackOf = Dictionary(uniqueKeysWithValues: windows.map { (Int($0["index"]!)!, ($0["track_id"]!, $0["split"]!)) })
        let artistsOf = Dictionary(uniqueKeysWithValues: try table(data + "/ds/tracks.csv").map { ($0["track_id"]!, Set($0["artist_ids"]!.split(separator: "|").map(String.init))) })
        var neighbours: [String: Set<String>] = [:]
        for edge in try table(data + "/ds/similar_artists.csv") {
            neighbours[edge["artist_id"]!, default: []].insert(edge["related_id"]!)
            neighbours[edge["related_id"]!, default: []].insert(edge["artist_id"]!)
        }
        for t in triplets {
            let (anchor, positive, negative) = (trackOf[Int(t["anchor"]!)!]!, trackOf[Int(t["positive"]!)!]!, trackOf[Int(t["negative"]!)!]!)
            XCTAssertEqual([anchor.1, positive.1, negative.1], ["train", "train", "train"])
            let a = t["anchor_artist"]!
            XCTAssertTrue(artistsOf[anchor.0]!.contains(a))
            XCTAssertEqual(t["positive_artist"], a)
            XCTAssertTrue(artistsOf[positive.0]!.contains(a))
            XCTAssertNotEqual(anchor.0, positive.0, "never the same track")
            let excluded = (neighbours[a] ?? []).union([a])
            XCTAssertFalse(excluded.contains(t["negative_artist"]!))
            XCTAssertTrue(artistsOf[negative.0]!.isDisjoint(with: excluded), "\(t)")
        }

        // The reference consumer: the numpy loader verifies the shards, the baseline embeds, musicgraph scores.
        let python = SharedFixtures.packageRoot.appendingPathComponent(".venv/bin/python").path
        let examples = SharedFixtures.packageRoot.appendingPathComponent("examples/python").path
        let loader = ProcessRunner.run(python, ["-c", """
            import sys; sys.path.insert(0, '\(examples)')
            from atlas_dataset import AtlasDataset
            d = AtlasDataset('\(data)/ds'); n = d.verify()
            batch = next(d.triplet_batches('\(data)/t1.csv', batch_size=4))
            print(n, len(d.index), d.window(0).shape, batch[0].shape)
            """])
        XCTAssertEqual(loader.status, 0, loader.stderr)
        XCTAssertTrue(loader.stdout.contains("(256, 937)"), loader.stdout)
        let baseline = ProcessRunner.run(python, [examples + "/baseline.py", data + "/ds", data + "/baseline"])
        XCTAssertEqual(baseline.status, 0, baseline.stderr)
        let score = try ProcessRunner.tool("musicgraph", ["evaluate", "--embeddings", data + "/baseline/E.npy", "--ids", data + "/baseline/ids.txt",
                                                          "--graph", data + "/ds/similar_artists.csv", "--eval-artists", data + "/baseline/eval.txt", "--json"])
        XCTAssertEqual(score.status, 0, score.stderr)
        let result = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(score.stdout.utf8)) as? [String: Any])
        XCTAssertGreaterThan(result["scored"] as? Int ?? 0, 0)

        // A window file that changed since it was recorded refuses the export, and nothing is left behind.
        let victim = data + "/" + (try store.execute("SELECT file FROM spectrogram_window ORDER BY file LIMIT 1", purpose: "test")[0]["file"] ?? "")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: victim))
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: victim))
        let refused = try ProcessRunner.tool("atlas", ["dataset", "export", "--out", data + "/broken", "--data", data])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("changed since the worker recorded them"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: data + "/broken"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: data + "/broken.partial"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: data + "/broken.lock"))

        // While another export holds the output's lock, a second one is refused at once and
        // touches nothing (this process plays the first export).
        let held = open(data + "/busy.lock", O_RDWR | O_CREAT, 0o644)
        XCTAssertEqual(flock(held, LOCK_EX | LOCK_NB), 0)
        let busy = try ProcessRunner.tool("atlas", ["dataset", "export", "--out", data + "/busy", "--data", data, "--no-verify"])
        close(held)
        XCTAssertEqual(busy.status, 1)
        XCTAssertTrue(busy.stderr.contains("another `atlas dataset export` is writing \(data)/busy"), busy.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: data + "/busy"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: data + "/busy.partial"))

        // One recording under two ids: a track whose audio fingerprints like another's, and two
        // tracks sharing a YouTube video, each stay on one side of a song-disjoint split.
        let prints = try store.execute("SELECT track_id, fingerprint FROM audio_fingerprint ORDER BY track_id", purpose: "test").rows
        XCTAssertEqual(prints.count, 10, "every demo track was fingerprinted")
        let (a, b, c, d) = (prints[0]["track_id"]!, prints[1]["track_id"]!, prints[2]["track_id"]!, prints[3]["track_id"]!)
        try store.execute("UPDATE audio_fingerprint SET fingerprint = $1 WHERE track_id = $2", [prints[0]["fingerprint"]!, b], purpose: "test")
        try store.execute("UPDATE track_url SET video_id = 'one-upload' WHERE track_id = $1 OR track_id = $2", [c, d], purpose: "test")
        let split = try atlas(["dataset", "split", "--by", "track", "--seed", "1", "--data", data])
        XCTAssertTrue(split.stdout.contains("2 tracks by shared video, 2 by audio fingerprint"), split.stdout)
        let groups = Dictionary(uniqueKeysWithValues: try store.execute("SELECT track_id, group_id, reason FROM duplicate_group", purpose: "test").rows
            .map { ($0["track_id"]!, [$0["group_id"]!, $0["reason"]!]) })
        XCTAssertEqual(groups[a], ["fingerprint:" + min(a, b), "fingerprint"])
        XCTAssertEqual(groups[a], groups[b])
        XCTAssertEqual(groups[c]?[1], "video_id")
        XCTAssertEqual(groups[c], groups[d])
        let sides = Dictionary(uniqueKeysWithValues: try store.execute("SELECT track_id, split FROM split_track", purpose: "test").rows.map { ($0["track_id"]!, $0["split"]!) })
        XCTAssertEqual(sides[a], sides[b])
        XCTAssertEqual(sides[c], sides[d])
    }
}

