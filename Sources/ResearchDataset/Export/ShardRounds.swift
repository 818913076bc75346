import Foundation
import ObjectStorage

/// Writes a dataset's shards a few at a time, in rounds: each round takes the next batch of
/// windows of every open shard, reads and places them (all cores), then hashes everything the
/// round produced at once (all cores, up to four SHA-256 streams interleaved per core: the
/// stored files against their records, the rows as written, the shards' running digests).
///
/// Why rounds of several shards: a shard's digest is one SHA-256 chain, a third of the hashing,
/// and a chain runs at half a core's interleaved speed (`SHA256Streams`). With several shards
/// open, their chains interleave with each other and with the rows' and files' digests.
struct ShardRounds {
    /// One shard to write: its path relative to the dataset folder and its windows, in order.
    struct Job {
        var path: String
        var windows: [CatalogWindow]
    }

    /// A written shard: each row's SHA-256 and the file's.
    struct Written {
        var rowDigests: [String]
        var sha256: String
    }

    var folder: String
    var dataDirectory: String
    var storage: (any DataStorage)?
    var mels: Int
    var frames: Int
    var type: ShardType
    var verify: Bool

    /// Windows per shard per round (8 × 0.96 MB fits the 8 MiB write buffer).
    static let batch = 8
    /// Shards written at a time (at least two per core; ~24 MB of buffers each). A shard left
    /// alone at the end hashes its chain on one lane, at half speed: with eight open, a
    /// 5,000-window export at 1,024 per shard never gets there (measured: 7 % of the time on
    /// single-lane hashing with four open).
    static let openShards = 8

    /// Writes every job's shard; results in job order. Throws the first error, in window order
    /// within a round (files already written stay for the caller to remove).
    func run(_ jobs: [Job], progress: @escaping @Sendable (Int, Int) -> Void) throws -> [Written] {
        guard !jobs.isEmpty else { return [] }
        let total = jobs.reduce(0) { $0 + $1.windows.count }
        let threads = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let batch = Self.batch
        let slotCount = min(jobs.count, max(Self.openShards, 2 * threads))
        // Per slot: stream 0 the shard, then `batch` rows, then `batch` files.
        let perSlot = 1 + 2 * batch
        let streams = SHA256Streams(count: slotCount * perSlot)
        func shardStream(_ slot: Int) -> Int { slot * perSlot }
        func rowStream(_ piece: Piece) -> Int { shardStream(piece.slot) + 1 + piece.position }
        func fileStream(_ piece: Piece) -> Int { rowStream(piece) + batch }
        let readers = (0..<(slotCount * batch)).map { _ in WindowFileReader() }
        let rowBytes = mels * frames * type.size
        var results = [Written?](repeating: nil, count: jobs.count)
        var slots = [Slot?](repeating: nil, count: slotCount)
        var nextJob = 0, done = 0

        func open(_ slot: Int) throws {
            guard nextJob < jobs.count else { slots[slot] = nil; return }
            let writer = try ShardWriter(folder: folder, relativePath: jobs[nextJob].path, windows: jobs[nextJob].windows.count, mels: mels,
                                         frames: frames, type: type, batch: batch)
            streams.reset(shardStream(slot))
            writer.header.withUnsafeBytes { streams.update(shardStream(slot), $0) }
            slots[slot] = Slot(job: nextJob, writer: writer, rowDigests: [])
            nextJob += 1
        }
        for slot in 0..<slotCount { try open(slot) }

        while slots.contains(where: { $0 != nil }) {
            // Reserve each open shard's next rows.
            var pieces: [Piece] = [], spans: [(slot: Int, bytes: UnsafeRawBufferPointer)] = []
            for (slot, state) in slots.enumerated() {
                guard let state else { continue }
                let windows = jobs[state.job].windows
                let next = state.rowDigests.count
                let taken = windows[next..<min(windows.count, next + batch)]
                let region = try state.writer.reserve(rows: taken.count)
                spans.append((slot, UnsafeRawBufferPointer(region)))
                for (position, window) in taken.enumerated() {
                    let row = UnsafeMutableRawBufferPointer(rebasing: region[(position * rowBytes)..<((position + 1) * rowBytes)])
                    pieces.append(Piece(slot: slot, position: position, window: window, row: row))
                }
            }
            // Read and place them.
            let round = Round(pieces: pieces, readers: readers, batch: batch)
            let (dataDirectory, storage, mels, frames, type) = (self.dataDirectory, self.storage, self.mels, self.frames, self.type)
            DispatchQueue.concurrentPerform(iterations: pieces.count) { p in
                let piece = round.pieces[p]
                do {
                    let values = try round.readers[piece.slot * round.batch + piece.position].load(piece.window, dataDirectory: dataDirectory,
                                                                                                 storage: storage, mels: mels, frames: frames)
                    ShardWriter.place(values: values, mels: mels, cols: piece.window.cols, frames: frames, type: type, into: piece.row)
                    round.loaded(p, values)
                } catch {
                    round.failed(p, error)
                }
            }
            let values = try round.values()
            // Hash what the round made.
            var hashed: [(stream: Int, bytes: UnsafeRawBufferPointer)] = spans.map { (shardStream($0.slot), $0.bytes) }
            for (p, piece) in pieces.enumerated() {
                streams.reset(rowStream(piece))
                hashed.append((rowStream(piece), UnsafeRawBufferPointer(piece.row)))
                if verify {
                    streams.reset(fileStream(piece))
                    hashed.append((fileStream(piece), values[p]))
                }
            }
            let groups = streams.partition(hashed.map(\.bytes.count), into: threads).map { $0.map { hashed[$0] } }
            let work = HashWork(streams: streams, groups: groups)
            DispatchQueue.concurrentPerform(iterations: groups.count) { g in work.streams.update(work.groups[g]) }
            // Check and record, in window order.
            for piece in pieces {
                if verify, streams.hexDigest(fileStream(piece)) != piece.window.sha256 {
                    throw DatasetError.badWindow(file: piece.window.file, reason: "its values changed since the worker recorded them (SHA-256 differs)")
                }
                slots[piece.slot]!.rowDigests.append(streams.hexDigest(rowStream(piece)))
            }
            for (slot, _) in spans {
                let state = slots[slot]!
                guard state.rowDigests.count == jobs[state.job].windows.count else { continue }
                try state.writer.finish()
                results[state.job] = Written(rowDigests: state.rowDigests, sha256: streams.hexDigest(shardStream(slot)))
                try open(slot)
            }
            done += pieces.count
            progress(done, total)
        }
        return results.map { $0! }
    }

    /// An open shard; its next window is the one after its last row digest.
    private struct Slot {
        var job: Int
        var writer: ShardWriter
        var rowDigests: [String]
    }

    /// A window of this round and its row in a shard's write buffer.
    private struct Piece {
        var slot: Int
        var position: Int
        var window: CatalogWindow
        var row: UnsafeMutableRawBufferPointer
    }

    /// One round as the concurrent reads see it: each read fills its own row and reader buffer,
    /// and records its result at its own index (under the lock).
    private final class Round: @unchecked Sendable {
        let pieces: [Piece]
        let readers: [WindowFileReader]
        let batch: Int
        private let lock = NSLock()
        private var results: [Result<UnsafeRawBufferPointer, any Error>?]

        init(pieces: [Piece], readers: [WindowFileReader], batch: Int) {
            self.pieces = pieces
            self.readers = readers
            self.batch = batch
            results = Array(repeating: nil, count: pieces.count)
        }

        func loaded(_ p: Int, _ values: UnsafeRawBufferPointer) { lock.withLock { results[p] = .success(values) } }
        func failed(_ p: Int, _ error: any Error) { lock.withLock { results[p] = .failure(error) } }

        /// Every piece's values, or the first piece's error.
        func values() throws -> [UnsafeRawBufferPointer] { try lock.withLock { try results.map { try $0!.get() } } }
    }

    /// The round's hashing as the threads see it: each group names streams no other group does.
    private struct HashWork: @unchecked Sendable {
        let streams: SHA256Streams
        let groups: [[(stream: Int, bytes: UnsafeRawBufferPointer)]]
    }
}
