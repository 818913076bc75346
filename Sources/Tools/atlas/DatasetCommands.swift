import ArgumentParser
import Foundation
import Pipeline
import ObjectStorage
import ResearchDataset

extension SplitMethod: ExpressibleByArgument {}
extension SplitName: ExpressibleByArgument {}
extension ShardType: ExpressibleByArgument {}
extension TripletSampler.Positives: ExpressibleByArgument {}
extension TripletSampler.Negatives: ExpressibleByArgument {}

/// `atlas dataset`: the research dataset — splits, export, triplets (Docs/dataset.md).
struct Dataset: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Split, export and sample the research dataset (windows, metadata, shards, triplets).",
        discussion: """
            Examples:
              atlas dataset split --by artist --ratios 80,10,10 --seed 7
              atlas dataset export --out dataset/ --dtype float16 --shard-windows 2048
              atlas dataset triplets --split train --seed 1 --per-anchor 20 --negatives hard --out triplets.csv
            """,
        subcommands: [DatasetSplit.self, DatasetExport.self, DatasetTriplets.self])
}

struct DatasetSplit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Assign artists and tracks to train / validation / test, deterministically, and store the split.",
        discussion: """
            --by artist: artist-disjoint (OLGA); a track whose artists fall on different sides is flagged cross_split and kept in train.
            --by track: song-disjoint; windows of one song, and of one recording under two ids, stay on one side.
            --mode seed2020: the thesis's hold-out, the last two tracks by id of every artist are test.
            Counts are exact (largest remainder); the same seed and the same store give the same split.
            """)

    @Option(help: "artist or track.") var by: SplitMethod = .artist
    @Option(help: "Train, validation and test proportions.") var ratios: String = "80,10,10"
    @Option(help: "The shuffle's seed.") var seed: UInt64 = 0
    @Option(help: "default, or seed2020 for the thesis's last-two-tracks hold-out.") var mode: String = "default"
    @OptionGroup var data: DataOption

    func validate() throws {
        guard ["default", "seed2020"].contains(mode) else { throw ValidationError("--mode is default or seed2020") }
        guard by != .seed2020 else { throw ValidationError("use --mode seed2020 for the thesis's hold-out") }
        let parts = ratios.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, parts.allSatisfy({ ($0 ?? -1) >= 0 }), parts.reduce(0, { $0 + ($1 ?? 0) }) > 0 else {
            throw ValidationError("--ratios takes three non-negative integers, e.g. 80,10,10")
        }
    }

    func run() throws {
        let splitter = DatasetSplitter(method: mode == "seed2020" ? .seed2020 : by, ratios: ratios.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) },
                                       seed: seed)
        try withDatabase(data) { database in
            let store = SplitStore(try database.connect())
            let (input, duplicates) = try store.input()
            let plan = splitter.plan(input)
            try store.save(plan, splitter: splitter, input: input, duplicates: duplicates)
            for side in SplitName.allCases {
                let tracks = plan.tracks.values.filter { $0.split == side }
                print("\(side.rawValue): \(plan.artists.values.filter { $0 == side }.count) artists, \(tracks.count) tracks (\(tracks.filter(\.crossSplit).count) cross_split)")
            }
            let byReason = Dictionary(grouping: duplicates.groupOf.keys, by: { duplicates.reason[$0] ?? "" })
            print("duplicate groups: \(Set(duplicates.groupOf.values).count) (\(byReason["video_id"]?.count ?? 0) tracks by shared video, "
                + "\(byReason["fingerprint"]?.count ?? 0) by audio fingerprint)")
        }
    }
}

struct DatasetExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write dataset.json, artists/tracks/similar_artists/windows CSVs and <split>/windows-NNNNN.npy shards.",
        discussion: """
            The folder is written whole or not at all (staged beside it, then renamed). With --storage s3://BUCKET/PREFIX, --out is a \
            path relative to the data folder (e.g. exports/dataset): windows are read from the bucket, the dataset is staged in the \
            scratch folder and uploaded to PREFIX/<out>/ with dataset.json last, so a reader that sees dataset.json sees every shard. \
            Docs/dataset.md describes every file.
            """)

    @Option(help: "The dataset folder (relative to the data folder when --storage is a bucket).") var out: String
    @Option(help: "float32 or float16.") var dtype: ShardType = .float32
    @Option(help: "Windows per shard.") var shardWindows: Int = 1024
    @Option(help: "Frames kept per window (937: a 938-frame window loses its last).") var frames: Int = 937
    @Option(help: "The spectrogram recipe (default: the newest with windows).") var recipe: Int64?
    @Flag(help: "Replace an existing dataset folder.") var replace = false
    @Flag(help: "Skip checking each window file against its recorded SHA-256 (faster; trusts the files).") var noVerify = false
    @OptionGroup var data: DataOption
    @OptionGroup var storage: StorageOption

    func validate() throws {
        guard shardWindows > 0 else { throw ValidationError("--shard-windows must be positive") }
        guard frames > 0 else { throw ValidationError("--frames must be positive") }
        if storage.location != .dataFolder {
            let folder = out.hasSuffix("/") ? String(out.dropLast()) : out
            let parts = folder.split(separator: "/", omittingEmptySubsequences: false)
            guard !folder.isEmpty, !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
                throw ValidationError("--out must be a relative path such as exports/dataset when --storage is a bucket")
            }
        }
    }

    func run() throws {
        if storage.location != .dataFolder { return try runInBucket() }
        try withDatabase(data) { database in
            let exporter = DatasetExporter(connection: try database.connect(), dataDirectory: data.data, options: options(output: out, replace: replace))
            let summary = try exporter.run(progress: Self.progress)
            print("dataset: \(out): \(summary.artists) artists, \(summary.tracks) tracks, \(summary.edges) similar-artist edges, "
                + "\(summary.windows) windows in \(summary.shards) shards, \(summary.bytes) bytes")
        }
    }
}

extension DatasetExport {
    /// The exporter's options from the flags.
    func options(output: String, replace: Bool) -> DatasetExporter.Options {
        var options = DatasetExporter.Options(output: output)
        options.type = dtype
        options.shardWindows = shardWindows
        options.frames = frames
        options.recipeID = recipe
        options.replace = replace
        options.verify = !noVerify
        return options
    }

    /// One line per tenth (windows finish in any order across shards).
    static let progress: @Sendable (Int, Int) -> Void = { done, total in
        if total > 0, done * 10 / total != (done - 1) * 10 / total || done == total { printError("export: \(done)/\(total) windows") }
    }

    /// The export into a bucket: staged in the scratch folder, uploaded with dataset.json last,
    /// recorded in `stored_object`.
    func runInBucket() throws {
        let folder = out.hasSuffix("/") ? String(out.dropLast()) : out
        try withDatabase(data) { database in
            let connection = try database.connect()
            let files = try storage.open(dataDirectory: data.data)
            defer { files.discardScratch() }
            let existing = try files.list(folder + "/")
            guard existing.isEmpty || replace else { throw DatasetError.outputExists(files.location + "/" + folder) }
            let staging = files.workingPath(folder)
            let summary = try DatasetExporter(connection: connection, dataDirectory: data.data, options: options(output: staging, replace: true), storage: files)
                .run(progress: Self.progress)
            let paths = try LocalFolderStorage(root: staging).list("").map { folder + "/" + $0.path }
            // The manifest last: it names every shard, so it must not appear before them.
            let manifest = folder + "/dataset.json"
            let objects = try files.store(paths.filter { $0 != manifest }.sorted()) + files.store([manifest])
            let kept = Set(paths)
            for stale in existing where !kept.contains(stale.path) { try files.remove(stale.path) }
            try StoredObjectLedger(storage: files.location).replace(prefix: folder + "/", with: objects, worker: "dataset export", on: connection)
            print("dataset: \(files.location)/\(folder): \(summary.artists) artists, \(summary.tracks) tracks, \(summary.edges) similar-artist edges, "
                + "\(summary.windows) windows in \(summary.shards) shards, \(summary.bytes) bytes, \(objects.filter(\.uploaded).count) objects sent")
        }
    }
}

struct DatasetTriplets: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triplets",
        abstract: "Seeded anchor / positive / negative windows of one split, as windows.csv indexes (CSV).",
        discussion: """
            Positive: another track of the anchor's artist (or, with --positives related, of a related artist); never the same track.
            Negative: an artist that is neither the anchor's artist nor its neighbour in similar_artists; --negatives hard also
            requires a shared genre. Same seed, same store: the same file, byte for byte.
            """)

    @Option(help: "train, validation or test.") var split: SplitName = .train
    @Option(help: "The sampler's seed.") var seed: UInt64 = 0
    @Option(help: "Triplets drawn per anchor artist.") var perAnchor: Int = 10
    @Option(help: "same-artist or related.") var positives: TripletSampler.Positives = .sameArtist
    @Option(help: "random or hard (shares a genre with the anchor).") var negatives: TripletSampler.Negatives = .random
    @Option(help: "Frames per window, as given to export.") var frames: Int = 937
    @Option(help: "The output CSV.") var out: String
    @OptionGroup var data: DataOption

    func validate() throws { guard perAnchor > 0 else { throw ValidationError("--per-anchor must be positive") } }

    func run() throws {
        let sampler = TripletSampler(split: split, seed: seed, perAnchor: perAnchor, positives: positives, negatives: negatives, frames: frames)
        try withDatabase(data) { database in
            let triplets = try sampler.sample(try database.connect())
            let staging = out + ".partial"
            try Data(TripletSampler.csv(triplets).utf8).write(to: URL(fileURLWithPath: staging))
            if FileManager.default.fileExists(atPath: out) { try FileManager.default.removeItem(atPath: out) }
            try FileManager.default.moveItem(atPath: staging, toPath: out)
            print("triplets: \(triplets.count) in \(out)")
        }
    }
}
