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
    private let handle: FileHandle
    private var hasher = SHA256()
    private var buffer = Data()
    private let type: ShardType
    private let expected: Int
    private(set) var written = 0

    /// A shard at `folder/relativePath` that will hold `windows` rows of `mels × frames`.
    package init(folder: String, relativePath: String, windows: Int, mels: Int, frames: Int, type: ShardType) throws {
        let path = (folder as NSString).appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw DatasetError.invalid("cannot create \(path)") }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        self.relativePath = relativePath
        self.type = type
        expected = windows
        let header = Data(NumPyHeader(descr: type.descr, shape: [windows, mels, frames]).encoded())
        hasher.update(data: header)
        buffer.append(header)
        buffer.reserveCapacity(8 << 20)
    }

    /// Appends one row (`mels × frames` values in C order, little-endian float32 bytes); returns
    /// the SHA-256 of the row as stored (after conversion to the shard's type).
    package func append(float32Row row: Data) throws -> String {
        let stored: Data
        switch type {
        case .float32: stored = row
        case .float16:
            var half = Data(count: row.count / 2)
            row.withUnsafeBytes { source in
                half.withUnsafeMutableBytes { target in
                    for i in 0..<(row.count / 4) {
                        let value = Float(bitPattern: UInt32(littleEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                        target.storeBytes(of: Float16(value).bitPattern.littleEndian, toByteOffset: 2 * i, as: UInt16.self)
                    }
                }
            }
            stored = half
        }
        hasher.update(data: stored)
        buffer.append(stored)
        written += 1
        if buffer.count >= 8 << 20 { try flush() }
        return SHA256.hash(data: stored).hexDigest
    }

    /// Writes what is buffered, closes the file and returns its SHA-256.
    package func finish() throws -> String {
        precondition(written == expected, "shard \(relativePath): \(written) rows of \(expected)")
        try flush()
        try handle.synchronize()
        try handle.close()
        return hasher.finalize().hexDigest
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

extension Digest {
    /// Lower-case hexadecimal.
    package var hexDigest: String { map { String(format: "%02x", $0) }.joined() }
}
