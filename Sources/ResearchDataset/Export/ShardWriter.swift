import Crypto
import Foundation
import NumPyFormat

/// The element type of a dataset's shards.
package enum ShardType: String, Sendable, CaseIterable {
    case float32, float16

    /// NumPy's `descr`.
    var descr: String { self == .float32 ? "<f4" : "<f2" }
    /// Bytes per value.
    var size: Int { self == .float32 ? 4 : 2 }
}

/// Writes one `.npy` shard of shape `[windows, mels, frames]` row by row, hashing as it goes: the
/// header is written for the final count up front, so the file is complete when the last row is.
package final class ShardWriter {
    /// The shard's path relative to the dataset folder.
    package let relativePath: String
    private let descriptor: Int32
    private var hasher = SHA256()
    /// The write buffer: allocated once, so its pages are touched once (fresh pages for every
    /// megabyte cost more than the disk).
    private let buffer: UnsafeMutableRawBufferPointer
    private var used = 0
    private let type: ShardType
    private let expected: Int
    private(set) var written = 0
    /// Bytes buffered before a write: large sequential writes, one reused buffer.
    static let flushBytes = 8 << 20

    /// A shard at `folder/relativePath` that will hold `windows` rows of `mels × frames`.
    package init(folder: String, relativePath: String, windows: Int, mels: Int, frames: Int, type: ShardType) throws {
        let path = (folder as NSString).appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw DatasetError.invalid("cannot create \(path): \(String(cString: strerror(errno)))") }
        self.relativePath = relativePath
        self.type = type
        expected = windows
        let header = NumPyHeader(descr: type.descr, shape: [windows, mels, frames]).encoded()
        buffer = .allocate(byteCount: max(Self.flushBytes, header.count + mels * frames * 4), alignment: 64)
        buffer.copyBytes(from: header)
        used = header.count
        header.withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }

    deinit {
        buffer.deallocate()
        if descriptor >= 0 { close(descriptor) }
    }

    /// Appends one window read from a `[mels, cols]` float32 `.npy` payload (`values`, little-endian),
    /// keeping its first `frames` columns of every row and converting to the shard's type in place
    /// in the write buffer (no per-window allocation: a window is a megabyte, and fresh pages
    /// for every one cost more than the disk); returns the SHA-256 of the row as stored.
    package func append(values: UnsafeRawBufferPointer, mels: Int, cols: Int, frames: Int) throws -> String {
        let rowBytes = mels * frames * type.size
        if used + rowBytes > buffer.count { try flush() }
        let start = used
        used += rowBytes
        do {
            let out = UnsafeMutableRawBufferPointer(rebasing: buffer[start..<(start + rowBytes)])
            for mel in 0..<mels {
                let source = mel * cols * 4
                switch type {
                case .float32:
                    out.baseAddress!.advanced(by: mel * frames * 4).copyMemory(from: values.baseAddress!.advanced(by: source), byteCount: frames * 4)
                case .float16:
                    for f in 0..<frames {
                        let value = Float(bitPattern: UInt32(littleEndian: values.loadUnaligned(fromByteOffset: source + 4 * f, as: UInt32.self)))
                        out.storeBytes(of: Float16(value).bitPattern.littleEndian, toByteOffset: (mel * frames + f) * 2, as: UInt16.self)
                    }
                }
            }
        }
        written += 1
        let stored = UnsafeRawBufferPointer(rebasing: buffer[start..<(start + rowBytes)])
        hasher.update(bufferPointer: stored)
        return SHA256.hash(data: stored).hexDigest
    }

    /// Writes what is buffered, closes the file and returns its SHA-256.
    package func finish() throws -> String {
        precondition(written == expected, "shard \(relativePath): \(written) rows of \(expected)")
        try flush()
        guard fsync(descriptor) == 0 else { throw DatasetError.invalid("cannot sync \(relativePath): \(String(cString: strerror(errno)))") }
        return hasher.finalize().hexDigest
    }

    private func flush() throws {
        var done = 0
        while done < used {
            let n = Glibc.write(descriptor, buffer.baseAddress! + done, used - done)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw DatasetError.invalid("cannot write \(relativePath): \(String(cString: strerror(errno)))") }
            done += n
        }
        used = 0
    }
}

extension Digest {
    /// Lower-case hexadecimal.
    package var hexDigest: String { map { String(format: "%02x", $0) }.joined() }
}
