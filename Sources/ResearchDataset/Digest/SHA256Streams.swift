import CSHA256Lanes
import Crypto

/// A fixed set of SHA-256 computations fed in pieces, whose whole blocks are compressed several
/// streams at a time.
///
/// One SHA-256 is a chain of dependent blocks, and one chain leaves a core running the x86 SHA
/// extensions idle between instructions: 1.85 GB/s on this project's machine, four interleaved
/// chains 3.4 GB/s (CSHA256Lanes). The dataset export hashes every byte three times (the stored
/// file, the row as written, the shard), always for independent streams, so `update` takes many
/// streams' pieces at once and interleaves them. On a CPU without the extensions each stream is a
/// swift-crypto `SHA256` (BoringSSL's vector code) and the pieces are hashed one after another.
///
/// Streams are addressed by index. Different threads may update disjoint sets of streams at the
/// same time (each stream's memory is its own); one stream is fed by one thread at a time.
package final class SHA256Streams: @unchecked Sendable {
    /// How the blocks are compressed.
    package enum Backend: Sendable {
        /// CSHA256Lanes: the SHA extensions, up to four streams interleaved.
        case interleaved
        /// swift-crypto, one stream at a time.
        case swiftCrypto

        /// The fastest this CPU has.
        package static var best: Backend { musicatlas_sha256_has_extensions() != 0 ? .interleaved : .swiftCrypto }
    }

    /// The backend in use.
    package let backend: Backend
    private let count: Int
    /// Eight state words per stream.
    private let states: UnsafeMutablePointer<UInt32>
    /// Up to 63 bytes per stream not yet compressed (a partial block).
    private let pending: UnsafeMutablePointer<UInt8>
    private var pendingCount: [Int]
    private var lengths: [UInt64]
    private var hashers: [SHA256]

    private static let initialState: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]

    /// `count` empty streams.
    package init(count: Int, backend: Backend = .best) {
        precondition(backend == .swiftCrypto || musicatlas_sha256_has_extensions() != 0, "this CPU has no SHA extensions")
        self.backend = backend
        self.count = count
        states = .allocate(capacity: 8 * max(count, 1))
        pending = .allocate(capacity: 64 * max(count, 1))
        pendingCount = Array(repeating: 0, count: count)
        lengths = Array(repeating: 0, count: count)
        hashers = backend == .swiftCrypto ? Array(repeating: SHA256(), count: count) : []
        for stream in 0..<count { reset(stream) }
    }

    deinit {
        states.deallocate()
        pending.deallocate()
    }

    /// Empties `stream`, to hash new data.
    package func reset(_ stream: Int) {
        switch backend {
        case .interleaved:
            (states + 8 * stream).update(from: Self.initialState, count: 8)
            pendingCount[stream] = 0
            lengths[stream] = 0
        case .swiftCrypto:
            hashers[stream] = SHA256()
        }
    }

    /// Appends each piece to its stream. A stream appears at most once; the pieces' whole blocks
    /// are compressed together, longest first (a long stream then runs beside several short ones).
    package func update(_ pieces: [(stream: Int, bytes: UnsafeRawBufferPointer)]) {
        if backend == .swiftCrypto {
            for piece in pieces { hashers[piece.stream].update(bufferPointer: piece.bytes) }
            return
        }
        assert(Set(pieces.map(\.stream)).count == pieces.count, "a SHA-256 stream fed twice in one update")
        var jobs: [musicatlas_sha256_job] = []
        jobs.reserveCapacity(pieces.count)
        var tails: [(stream: Int, bytes: UnsafeRawBufferPointer)] = []
        for (stream, bytes) in pieces where bytes.count > 0 {
            precondition(stream >= 0 && stream < count, "SHA-256 stream \(stream) of \(count)")
            lengths[stream] += UInt64(bytes.count)
            var rest = bytes
            let held = pendingCount[stream]
            if held > 0 {
                // Top up the partial block first; it is compressed on its own (one block).
                let taken = min(64 - held, rest.count)
                (pending + 64 * stream + held).update(from: rest.baseAddress!.assumingMemoryBound(to: UInt8.self), count: taken)
                pendingCount[stream] = held + taken
                rest = UnsafeRawBufferPointer(rebasing: rest[(rest.startIndex + taken)...])
                guard pendingCount[stream] == 64 else { continue }
                var block = musicatlas_sha256_job(state: states + 8 * stream, data: UnsafePointer(pending + 64 * stream), blocks: 1)
                musicatlas_sha256_compress_jobs(&block, 1)
                pendingCount[stream] = 0
            }
            let whole = rest.count / 64
            if whole > 0 {
                jobs.append(musicatlas_sha256_job(state: states + 8 * stream, data: rest.baseAddress!.assumingMemoryBound(to: UInt8.self), blocks: whole))
            }
            if rest.count > 64 * whole { tails.append((stream, UnsafeRawBufferPointer(rebasing: rest[(rest.startIndex + 64 * whole)...]))) }
        }
        jobs.sort { $0.blocks > $1.blocks }
        jobs.withUnsafeMutableBufferPointer { musicatlas_sha256_compress_jobs($0.baseAddress, $0.count) }
        for (stream, bytes) in tails {
            (pending + 64 * stream).update(from: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), count: bytes.count)
            pendingCount[stream] = bytes.count
        }
    }

    /// Appends `bytes` to one stream.
    package func update(_ stream: Int, _ bytes: UnsafeRawBufferPointer) { update([(stream, bytes)]) }

    /// The SHA-256 of everything appended to `stream` since it was last reset, in lower-case
    /// hexadecimal (the stream itself is left as it was).
    package func hexDigest(_ stream: Int) -> String {
        switch backend {
        case .swiftCrypto:
            return hashers[stream].finalize().hexDigest
        case .interleaved:
            // FIPS 180-4 §5.1.1: 0x80, zeros to 56 mod 64, then the bit length big-endian.
            var state = Array(UnsafeBufferPointer(start: states + 8 * stream, count: 8))
            let held = pendingCount[stream]
            var tail = [UInt8](repeating: 0, count: held < 56 ? 64 : 128)
            for i in 0..<held { tail[i] = pending[64 * stream + i] }
            tail[held] = 0x80
            let bits = lengths[stream] &* 8
            for i in 0..<8 { tail[tail.count - 1 - i] = UInt8(truncatingIfNeeded: bits >> (8 * UInt64(i))) }
            state.withUnsafeMutableBufferPointer { words in
                tail.withUnsafeBufferPointer { bytes in
                    var job = musicatlas_sha256_job(state: words.baseAddress, data: bytes.baseAddress, blocks: bytes.count / 64)
                    musicatlas_sha256_compress_jobs(&job, 1)
                }
            }
            return state.map { word in
                let hex = String(word, radix: 16)
                return String(repeating: "0", count: 8 - hex.count) + hex
            }.joined()
        }
    }
}
