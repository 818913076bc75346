import Crypto
import Foundation
import NumPyFormat

/// Linux's `O_DIRECT`, which Swift's Glibc module does not import (it is behind `_GNU_SOURCE`);
/// its value differs by architecture (asm-generic/fcntl.h and the arch overrides).
#if arch(x86_64) || arch(i386)
let directIO: Int32 = 0o40000
#elseif arch(arm64) || arch(arm)
let directIO: Int32 = 0o200000
#else
let directIO: Int32 = 0
#endif

/// The element type of a dataset's shards.
package enum ShardType: String, Sendable, CaseIterable {
    case float32, float16

    /// NumPy's `descr`.
    var descr: String { self == .float32 ? "<f4" : "<f2" }
    /// Bytes per value.
    var size: Int { self == .float32 ? 4 : 2 }
}

/// Writes one `.npy` shard of shape `[windows, mels, frames]` row by row: the header is written
/// for the final count up front, so the file is complete when the last row is. The caller hashes
/// what it places (`header`, then each reserved region, in order).
///
/// Writes bypass the page cache (`O_DIRECT`, in 4 KiB-aligned pieces from an aligned buffer)
/// where the file system allows it: the kernel's copy of every byte into the cache was 60 % of
/// the export's time, more than both SHA-256 passes. The last partial block goes through the
/// cache. A file system that refuses `O_DIRECT` (tmpfs) gets ordinary writes.
///
/// Two write buffers: while one is being written (a direct write blocks until the device has the
/// data), rows are placed and hashed in the other. One write is in flight at a time, so the file
/// is written in order; the buffer in flight is only read (hashed) until it is waited for.
package final class ShardWriter: @unchecked Sendable {
    /// The shard's path relative to the dataset folder.
    package let relativePath: String
    /// The `.npy` header, the file's first bytes.
    package let header: Data
    private let descriptor: Int32
    /// The write buffer: allocated once, so its pages are touched once (fresh pages for every
    /// megabyte cost more than the disk).
    private let buffers: [UnsafeMutableRawBufferPointer]
    private var current = 0
    private var buffer: UnsafeMutableRawBufferPointer { buffers[current] }
    private var used = 0
    /// The write in flight, and the first error of one.
    private let io = DispatchQueue(label: "musicatlas.shard-writer")
    private let inFlight = DispatchGroup()
    private let errorLock = NSLock()
    private var writeError: (any Error)?
    private let type: ShardType
    private let rowBytes: Int
    private let expected: Int
    private(set) var written = 0
    /// Bytes buffered before a write: large sequential writes, one reused buffer.
    static let flushBytes = 8 << 20
    /// `O_DIRECT`'s alignment of buffer, length and offset.
    static let block = 4096
    /// Whether the file is open with `O_DIRECT`.
    private var direct: Bool

    /// A shard at `folder/relativePath` that will hold `windows` rows of `mels × frames`, placed
    /// up to `batch` at a time.
    package init(folder: String, relativePath: String, windows: Int, mels: Int, frames: Int, type: ShardType, batch: Int = 1) throws {
        let path = (folder as NSString).appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | directIO, 0o644)
        direct = descriptor >= 0 && directIO != 0
        if descriptor < 0, errno == EINVAL { descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        guard descriptor >= 0 else { throw DatasetError.invalid("cannot create \(path): \(String(cString: strerror(errno)))") }
        self.descriptor = descriptor
        self.relativePath = relativePath
        self.type = type
        rowBytes = mels * frames * type.size
        expected = windows
        header = Data(NumPyHeader(descr: type.descr, shape: [windows, mels, frames]).encoded())
        // A shard smaller than a flush gets buffers of its own size (exports of many small shards
        // would otherwise touch 16 MB of fresh pages per shard).
        let size = min(max(Self.flushBytes, header.count + max(1, batch) * rowBytes), header.count + windows * rowBytes) + Self.block
        buffers = [.allocate(byteCount: size, alignment: Self.block), .allocate(byteCount: size, alignment: Self.block)]
        buffers[0].copyBytes(from: header)
        used = header.count
    }

    deinit {
        inFlight.wait()
        for buffer in buffers { buffer.deallocate() }
        if descriptor >= 0 { close(descriptor) }
    }

    /// The next `rows` rows' place in the write buffer, one after another (what is buffered is
    /// written out first if they do not fit). Fill each row with `place`; the region stays valid
    /// and unwritten until the next `reserve` or `finish`.
    package func reserve(rows: Int) throws -> UnsafeMutableRawBufferPointer {
        let needed = rows * rowBytes
        precondition(needed + Self.block <= buffer.count, "shard \(relativePath): \(rows) rows do not fit the write buffer")
        precondition(written + rows <= expected, "shard \(relativePath): \(written + rows) rows of \(expected)")
        if used + needed > buffer.count { try flush() }
        let region = UnsafeMutableRawBufferPointer(rebasing: buffer[used..<(used + needed)])
        used += needed
        written += rows
        return region
    }

    /// Copies one window read from a `[mels, cols]` float32 `.npy` payload (`values`,
    /// little-endian) into `row` (one row of a reserved region): its first `frames` columns of
    /// every mel band, converted to the shard's type (no per-window allocation: a window is a
    /// megabyte, and fresh pages for every one cost more than the disk). Rows of one region may
    /// be placed from several threads at once.
    package static func place(values: UnsafeRawBufferPointer, mels: Int, cols: Int, frames: Int, type: ShardType, into row: UnsafeMutableRawBufferPointer) {
        precondition(row.count == mels * frames * type.size, "a row of \(row.count) bytes for \(mels) × \(frames) values")
        for mel in 0..<mels {
            let source = mel * cols * 4
            switch type {
            case .float32:
                row.baseAddress!.advanced(by: mel * frames * 4).copyMemory(from: values.baseAddress!.advanced(by: source), byteCount: frames * 4)
            case .float16:
                for f in 0..<frames {
                    let value = Float(bitPattern: UInt32(littleEndian: values.loadUnaligned(fromByteOffset: source + 4 * f, as: UInt32.self)))
                    row.storeBytes(of: Float16(value).bitPattern.littleEndian, toByteOffset: (mel * frames + f) * 2, as: UInt16.self)
                }
            }
        }
    }

    /// Writes what is buffered and syncs the file.
    package func finish() throws {
        precondition(written == expected, "shard \(relativePath): \(written) rows of \(expected)")
        try flush()
        inFlight.wait()
        try rethrowWriteError()
        if used > 0 {
            // The tail is shorter than a block: through the cache.
            if direct { _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~directIO) }
            try Self.write(descriptor, buffer.baseAddress!, used, relativePath)
            used = 0
        }
        guard fsync(descriptor) == 0 else { throw DatasetError.invalid("cannot sync \(relativePath): \(String(cString: strerror(errno)))") }
    }

    /// Sends the buffer's whole blocks (all of it without `O_DIRECT`) to be written and carries
    /// the rest over to the other buffer, which becomes current once its own write has ended.
    private func flush() throws {
        let length = direct ? used / Self.block * Self.block : used
        guard length > 0 else { return }
        inFlight.wait()
        try rethrowWriteError()
        let full = buffer, other = buffers[1 - current], rest = used - length
        // (the closure below names the buffer by index: a pointer is not Sendable)
        if rest > 0 { other.baseAddress!.copyMemory(from: full.baseAddress! + length, byteCount: rest) }
        let (descriptor, path, index) = (self.descriptor, relativePath, current)
        io.async(group: inFlight) { [self] in
            do { try Self.write(descriptor, buffers[index].baseAddress!, length, path) } catch {
                errorLock.withLock { if writeError == nil { writeError = error } }
            }
        }
        current = 1 - current
        used = rest
    }

    private func rethrowWriteError() throws {
        if let error = errorLock.withLock({ writeError }) { throw error }
    }

    private static func write(_ descriptor: Int32, _ start: UnsafeMutableRawPointer, _ length: Int, _ path: String) throws {
        var done = 0
        while done < length {
            let n = Glibc.write(descriptor, start + done, length - done)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw DatasetError.invalid("cannot write \(path): \(String(cString: strerror(errno)))") }
            done += n
        }
    }
}

extension Digest {
    /// Lower-case hexadecimal.
    package var hexDigest: String { map { String(format: "%02x", $0) }.joined() }
}
