import Foundation
import NumPyFormat
import ObjectStorage

/// Reads window files into one reused buffer and checks each against the shape the worker
/// recorded (`ShardRounds` checks the SHA-256): a changed or missing file is a typed error, never
/// silently exported.
/// The buffer's address is stable (`load` returns a view that stays valid until the next `load`),
/// so the checks of several windows can run on other threads while this one reads on.
final class WindowFileReader: @unchecked Sendable {
    private var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)

    deinit { buffer.deallocate() }

    /// Reads the window's file and checks its header against the record; returns its float32
    /// values (little-endian, `[rows, cols]`), valid until the next `load`.
    func load(_ window: CatalogWindow, dataDirectory: String, storage: (any DataStorage)? = nil, mels: Int, frames: Int) throws -> UnsafeRawBufferPointer {
        let length: Int
        if let storage, !storage.isLocalFolder, !window.file.hasPrefix("/") {
            length = try fetch(window.file, from: storage)
        } else {
            length = try read(window.file.hasPrefix("/") ? window.file : (dataDirectory as NSString).appendingPathComponent(window.file), file: window.file)
        }
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<length])
        let header: NumPyHeader
        do { header = try NumPyHeader.parse(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: bytes.baseAddress!), count: length, deallocator: .none)) } catch {
            throw DatasetError.badWindow(file: window.file, reason: "not a readable .npy (\(error))")
        }
        guard header.descr == "<f4", header.shape == [window.rows, window.cols], window.rows == mels, window.cols >= frames,
              header.dataOffset + header.count * 4 <= length else {
            throw DatasetError.badWindow(file: window.file, reason: "holds \(header.descr) \(header.shape), recorded float32 [\(window.rows), \(window.cols)] of \(mels) mels")
        }
        return UnsafeRawBufferPointer(rebasing: bytes[header.dataOffset..<(header.dataOffset + header.count * 4)])
    }

    private func reserve(_ size: Int) {
        guard buffer.count < size else { return }
        buffer.deallocate()
        buffer = .allocate(byteCount: size, alignment: 64)
    }

    /// Reads the object into `buffer` (a bucket's windows; the storage checks its SHA-256).
    private func fetch(_ file: String, from storage: any DataStorage) throws -> Int {
        let data: Data
        do { data = try storage.read(file, maxBytes: 256 << 20) } catch {
            throw DatasetError.badWindow(file: file, reason: "cannot be read from \(storage.location): \(error)")
        }
        reserve(data.count)
        data.withUnsafeBytes { buffer.copyMemory(from: $0) }
        return data.count
    }

    /// Reads the whole file into `buffer` (grown when needed); returns its length.
    private func read(_ path: String, file: String) throws -> Int {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw DatasetError.badWindow(file: file, reason: "missing or unreadable (\(String(cString: strerror(errno))))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw DatasetError.badWindow(file: file, reason: "cannot stat") }
        let size = Int(status.st_size)
        reserve(size)
        var done = 0
        while done < size {
            let n = Glibc.read(descriptor, buffer.baseAddress! + done, size - done)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw DatasetError.badWindow(file: file, reason: "truncated while reading") }
            done += n
        }
        return size
    }
}
