import Crypto
import Foundation
import XCTest
@testable import ResearchDataset

final class SHA256StreamsTests: XCTestCase {
    /// The backends this CPU can run (the interleaved one needs the x86 SHA extensions).
    private var backends: [SHA256Streams.Backend] {
        SHA256Streams.Backend.best == .interleaved ? [.interleaved, .swiftCrypto] : [.swiftCrypto]
    }

    /// FIPS 180-2 appendix B's examples (and the empty message).
    func testPublishedVectors() {
        let vectors: [(String, String)] = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            (String(repeating: "a", count: 1_000_000), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
        ]
        for backend in backends {
            let streams = SHA256Streams(count: vectors.count, backend: backend)
            let messages = vectors.map { Array($0.0.utf8) }
            messages.withUnsafeBufferPointers { pieces in
                streams.update(pieces.enumerated().map { ($0.offset, $0.element) })
            }
            for (n, vector) in vectors.enumerated() {
                XCTAssertEqual(streams.hexDigest(n), vector.1, "\(backend), message \(n)")
            }
        }
    }

    /// Many streams of awkward lengths (around the 55/56/64-byte padding edges, and long), fed in
    /// random pieces several streams per call, equal swift-crypto's one-shot digests.
    func testPiecewiseStreamsMatchSwiftCrypto() {
        var generator = SystemRandomNumberGenerator()
        let lengths = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 4096, 200_003, 959_488]
        let messages = lengths.map { length in (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) } }
        let expected = messages.map { SHA256.hash(data: $0).map { String(format: "%02x", $0) }.joined() }
        for backend in backends {
            let streams = SHA256Streams(count: messages.count, backend: backend)
            var offsets = Array(repeating: 0, count: messages.count)
            while offsets.indices.contains(where: { offsets[$0] < messages[$0].count }) {
                var cut: [(stream: Int, range: Range<Int>)] = []
                for n in messages.indices where offsets[n] < messages[n].count && Bool.random(using: &generator) {
                    let size = min(messages[n].count - offsets[n], [1, 7, 63, 64, 65, 300, 70_000].randomElement(using: &generator)!)
                    cut.append((n, offsets[n]..<(offsets[n] + size)))
                    offsets[n] += size
                }
                messages.withUnsafeBufferPointers { whole in
                    streams.update(cut.map { ($0.stream, UnsafeRawBufferPointer(rebasing: whole[$0.stream][$0.range])) })
                }
            }
            for n in messages.indices {
                XCTAssertEqual(streams.hexDigest(n), expected[n], "\(backend), \(lengths[n]) bytes")
                // Reading the digest leaves the stream as it was.
                XCTAssertEqual(streams.hexDigest(n), expected[n])
            }
            streams.reset(3)
            XCTAssertEqual(streams.hexDigest(3), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        }
    }

    /// Every piece lands in exactly one group, and a long chain gets fewer bytes beside it than
    /// the thread of short streams does (it runs at a fraction of a core's interleaved speed).
    func testPartitionCoversEveryPieceAndBalancesLongChains() {
        let lengths = [8_000_000] + Array(repeating: 1_000_000, count: 16)
        for backend in backends {
            let groups = SHA256Streams(count: 1, backend: backend).partition(lengths, into: 2)
            XCTAssertEqual(groups.flatMap { $0 }.sorted(), Array(lengths.indices))
            XCTAssertEqual(groups.count, 2)
            let withLong = groups.first { $0.contains(0) }!, other = groups.first { !$0.contains(0) }!
            let bytes = { (group: [Int]) in group.reduce(0) { $0 + lengths[$1] } }
            switch backend {
            case .interleaved: XCTAssertLessThan(bytes(withLong), bytes(other))
            case .swiftCrypto: XCTAssertEqual(bytes(withLong), bytes(other))
            }
        }
        XCTAssertEqual(SHA256Streams(count: 1).partition([5, 3], into: 4).count, 2, "no empty groups")
    }
}

private extension Array where Element == [UInt8] {
    /// Calls `body` with a buffer for every message, all valid at once.
    func withUnsafeBufferPointers<R>(_ body: ([UnsafeRawBufferPointer]) -> R) -> R {
        func nest(_ index: Int, _ done: [UnsafeRawBufferPointer]) -> R {
            guard index < count else { return body(done) }
            return self[index].withUnsafeBytes { nest(index + 1, done + [$0]) }
        }
        return nest(0, [])
    }
}
