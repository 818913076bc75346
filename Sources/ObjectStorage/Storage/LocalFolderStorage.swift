import Crypto
import Foundation

/// The data folder itself: files are made where they stay; `store` only measures and hashes.
package struct LocalFolderStorage: DataStorage {
    /// The data folder.
    package let root: String

    /// The folder at `root`.
    package init(root: String) { self.root = root }

    package var location: String { root }
    package var isLocalFolder: Bool { true }
    package var workingDirectory: String { root }

    package func store(_ path: String) throws -> StoredObject {
        let file = workingPath(path)
        let (bytes, digest) = try FileDigest.sha256(ofFile: file)
        return StoredObject(path: path, bytes: bytes, sha256: digest, uploaded: false)
    }

    package func retrieve(_ path: String) throws -> String {
        let file = workingPath(path)
        guard FileManager.default.isReadableFile(atPath: file) else { throw ObjectStorageError.localFile(path: file, reason: "no such file") }
        return file
    }

    package func read(_ path: String, maxBytes: Int) throws -> Data {
        let file = try retrieve(path)
        guard let data = FileManager.default.contents(atPath: file) else { throw ObjectStorageError.localFile(path: file, reason: "unreadable") }
        guard data.count <= maxBytes else { throw ObjectStorageError.localFile(path: file, reason: "larger than \(maxBytes) bytes") }
        return data
    }

    package func release(_ path: String) {}

    package func discardScratch() {}

    package func remove(_ path: String) throws {
        let file = workingPath(path)
        guard FileManager.default.fileExists(atPath: file) else { return }
        do { try FileManager.default.removeItem(atPath: file) } catch { throw ObjectStorageError.localFile(path: file, reason: "cannot remove: \(error)") }
    }

    package func describe(_ path: String) throws -> StoredObject? {
        guard FileManager.default.fileExists(atPath: workingPath(path)) else { return nil }
        return try store(path)
    }

    package func list(_ prefix: String) throws -> [StoredObject] {
        let manager = FileManager.default
        var out: [StoredObject] = []
        guard let walker = manager.enumerator(atPath: root) else { return [] }
        while let relative = walker.nextObject() as? String {
            guard relative.hasPrefix(prefix) else { continue }
            let full = workingPath(relative)
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            let bytes = (try? manager.attributesOfItem(atPath: full))?[.size] as? Int64 ?? 0
            out.append(StoredObject(path: relative, bytes: bytes, sha256: nil))
        }
        return out.sorted { $0.path < $1.path }
    }

    package func check() throws {
        do { try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true) } catch {
            throw ObjectStorageError.localFile(path: root, reason: "cannot create the data folder: \(error.localizedDescription)")
        }
    }
}

/// SHA-256 of files, read in 1 MiB pieces.
package enum FileDigest {
    /// Size and lower-case hex SHA-256 of the file at `path`.
    package static func sha256(ofFile path: String) throws -> (bytes: Int64, hex: String) {
        let (bytes, sha256, _) = try digests(ofFile: path, md5: false)
        return (bytes, sha256)
    }

    /// Size, SHA-256 and (when asked) MD5 of the file, in one pass: the MD5 is what S3 lists as
    /// the ETag of a single-part object, so a listing tells which files are already stored.
    package static func digests(ofFile path: String, md5 wanted: Bool) throws -> (bytes: Int64, sha256: String, md5: String?) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ObjectStorageError.localFile(path: path, reason: "cannot open") }
        defer { try? handle.close() }
        var hasher = SHA256()
        var md5 = Insecure.MD5()
        var bytes: Int64 = 0
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch { throw ObjectStorageError.localFile(path: path, reason: "read failed: \(error)") }
            if chunk.isEmpty { break }
            hasher.update(data: chunk)
            if wanted { md5.update(data: chunk) }
            bytes += Int64(chunk.count)
        }
        return (bytes, SigV4Signer.hex(hasher.finalize()), wanted ? SigV4Signer.hex(md5.finalize()) : nil)
    }
}
