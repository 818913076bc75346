import Crypto
import Foundation
import NumPyFormat
import ObjectStorage

/// Reads window files into one reused buffer and checks each against the shape and SHA-256 the
/// worker recorded: a changed or missing file is a typed error, never silently exported.
struct WindowFileReader {
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)

    /// Calls `body` with the window's float32 values (little-endian, `[rows, cols]`).
    mutating func withValues<T>(of window: CatalogWindow, dataDirectory: String, storage: (any DataStorage)? = nil, mels: Int, frames: Int,
                                verify: Bool = true, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        let length: Int
        if let storage, !storage.isLocalFolder, !window.file.hasPrefix("/") {
            length = try fetch(window.file, from: storage)
        } else {
            length = try read(window.file.hasPrefix("/") ? window.file : (dataDirectory as NSString).appendingPathComponent(window.file), file: window.file)
        }
        return try buffer.withUnsafeBytes { raw in
            let bytes = UnsafeRawBufferPointer(rebasing: raw[0..<length])
            let header: NumPyHeader
            do { header = try NumPyHeader.parse(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: bytes.baseAddress!), count: length, deallocator: .none)) } catch {
                throw DatasetError.badWindow(file: window.file, reason: "not a readable .npy (\(error))")
            }
            guard header.descr == "<f4", header.shape == [window.rows, window.cols], window.rows == mels, window.cols >= frames else {
                throw DatasetError.badWindow(file: window.file, reason: "holds \(header.descr) \(header.shape), recorded float32 [\(window.rows), \(window.cols)] of \(mels) mels")
            }
            let values = UnsafeRawBufferPointer(rebasing: bytes[header.dataOffset..<(header.dataOffset + header.count * 4)])
            guard !verify || SHA256.hash(data: values).hexDigest == window.sha256 else {
                throw DatasetError.badWindow(file: window.file, reason: "its values changed since the worker recorded them (SHA-256 differs)")
            }
            return try body(values)
        }
    }

    /// Reads the object into `buffer` (a bucket's windows; the storage checks its SHA-256).
    private mutating func fetch(_ file: String, from storage: any DataStorage) throws -> Int {
        let data: Data
        do { data = try storage.read(file, maxBytes: 256 << 20) } catch {
            throw DatasetError.badWindow(file: file, reason: "cannot be read from \(storage.location): \(error)")
        }
        if buffer.count < data.count { buffer = [UInt8](repeating: 0, count: data.count) }
        buffer.withUnsafeMutableBytes { target in data.withUnsafeBytes { target.copyMemory(from: $0) } }
        return data.count
    }

    /// Reads the whole file into `buffer` (grown when needed); returns its length.
    private mutating func read(_ path: String, file: String) throws -> Int {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw DatasetError.badWindow(file: file, reason: "missing or unreadable (\(String(cString: strerror(errno))))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw DatasetError.badWindow(file: file, reason: "cannot stat") }
        let size = Int(status.st_size)
        if buffer.count < size { buffer = [UInt8](repeating: 0, count: size) }
        var done = 0
        while done < size {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + done, size - done) }
            guard n > 0 else { throw DatasetError.badWindow(file: file, reason: "truncated while reading") }
            done += n
        }
        return size
    }
}

/// The shards' digests, filled by concurrent writers at distinct indexes.
final class ShardResults: @unchecked Sendable {
    private let lock = NSLock()
    private var digests: [[String]]
    private var sha256: [String]
    private var firstError: Error?
    private var done = 0

    init(count: Int) {
        digests = Array(repeating: [], count: count)
        sha256 = Array(repeating: "", count: count)
    }

    var failed: Bool { lock.withLock { firstError != nil } }
    var error: Error? { lock.withLock { firstError } }
    func fail(_ error: Error) { lock.withLock { if firstError == nil { firstError = error } } }
    func set(_ n: Int, digests: [String], sha256 digest: String) { lock.withLock { self.digests[n] = digests; sha256[n] = digest } }
    func result(_ n: Int) -> ([String], String) { lock.withLock { (digests[n], sha256[n]) } }
    /// Counts one more window written; returns the count.
    func advance() -> Int { lock.withLock { done += 1; return done } }
}
