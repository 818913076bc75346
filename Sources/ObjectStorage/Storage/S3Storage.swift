import Crypto
import Foundation
import Synchronization

/// A bucket (or a prefix of one) of an S3-compatible service standing in for the data folder:
/// `PREFIX/` + a file's relative path is its key. Files are made in a scratch folder, uploaded
/// with their SHA-256 as metadata (`x-amz-meta-sha256`), and read back verified against it.
/// Files up to `multipartThreshold` go up in one PUT, larger ones in `partSize` parts; either
/// way the object appears whole or not at all. An object already stored with the same SHA-256
/// and size is not sent again.
package final class S3Storage: DataStorage {
    /// The client.
    package let client: S3Client
    /// The bucket.
    package let bucket: String
    /// The key prefix, without slashes at either end (may be empty).
    package let prefix: String
    /// The scratch folder.
    package let workingDirectory: String
    /// Files larger than this go up in parts.
    package let multipartThreshold: Int
    /// Part size (S3's minimum for all but the last part is 5 MiB).
    package let partSize: Int
    /// Uploads at once in `store(_ paths:)`.
    package let concurrentUploads: Int

    /// A bucket storage using `scratch` as its working folder (created here).
    package init(client: S3Client, bucket: String, prefix: String, scratch: String, multipartThreshold: Int = 16 << 20, partSize: Int = 8 << 20,
                 concurrentUploads: Int = 4) throws {
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        workingDirectory = scratch
        self.multipartThreshold = max(multipartThreshold, 5 << 20)
        self.partSize = max(partSize, 5 << 20)
        self.concurrentUploads = max(1, concurrentUploads)
        do { try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true) } catch {
            throw ObjectStorageError.localFile(path: scratch, reason: "cannot create the scratch folder: \(error.localizedDescription)")
        }
    }

    package var location: String { "s3://\(bucket)" + (prefix.isEmpty ? "" : "/\(prefix)") }
    package var isLocalFolder: Bool { false }

    /// The key of relative `path`.
    package func key(_ path: String) -> String { prefix.isEmpty ? path : prefix + "/" + path }

    /// A file read and hashed, ready to go up.
    private struct Pending: Sendable {
        var file: String
        var path: String
        var key: String
        var bytes: Int64
        var sha256: String
        var md5: String
        /// The whole file when it goes up in one PUT.
        var body: Data?
    }

    /// Reads a file up to `multipartThreshold` whole and hashes it in memory (one read); a larger
    /// one is hashed in pieces and sent in parts later.
    private func prepare(_ file: String, as path: String) throws -> Pending {
        let attributes = try? FileManager.default.attributesOfItem(atPath: file)
        guard let size = attributes?[.size] as? Int64 else { throw ObjectStorageError.localFile(path: file, reason: "no such file") }
        if size > Int64(multipartThreshold) {
            let (bytes, digest, md5) = try FileDigest.digests(ofFile: file, md5: true)
            return Pending(file: file, path: path, key: key(path), bytes: bytes, sha256: digest, md5: md5 ?? "", body: nil)
        }
        guard let data = FileManager.default.contents(atPath: file) else { throw ObjectStorageError.localFile(path: file, reason: "unreadable") }
        return Pending(file: file, path: path, key: key(path), bytes: Int64(data.count), sha256: SigV4Signer.sha256Hex(data),
                       md5: SigV4Signer.hex(Insecure.MD5.hash(data: data)), body: data)
    }

    package func store(_ path: String) throws -> StoredObject { try store([path])[0] }

    package func store(_ paths: [String]) throws -> [StoredObject] { try store(files: paths.map { (workingPath($0), $0) }) }

    /// Stores local files (anywhere) under relative paths: `atlas storage upload`.
    ///
    /// Pipelined: this thread reads and hashes the next files while the pool sends earlier ones,
    /// `concurrentUploads` at a time, at most twice that many read ahead (memory stays bounded).
    package func store(files: [(file: String, path: String)]) throws -> [StoredObject] {
        let threshold = Int64(multipartThreshold)
        func size(_ file: String) -> Int64 { (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int64 ?? 0 }
        let sized = files.map { (file: $0.file, path: $0.path, large: size($0.file) > threshold) }
        let small = sized.filter { !$0.large }
        // What is already there, from one listing of the batch's common prefix instead of a HEAD
        // per file: a single-part object's ETag is the MD5 of its bytes. Multipart objects
        // (ETag `…-N`) are checked by HEAD against their SHA-256 metadata.
        let batch = small.count > 1
        let listed = batch ? try existing(under: Self.commonPrefix(small.map { key($0.path) })) : [:]
        let client = client, bucket = bucket, limit = concurrentUploads

        let tokens = DispatchSemaphore(value: 2 * limit)
        let (stream, feed) = AsyncThrowingStream.makeStream(of: Pending.self)
        let failed = Mutex(false)
        let outcome = Mutex<Result<[StoredObject], any Error>?>(nil)
        let finished = DispatchSemaphore(value: 0)
        Task {
            do {
                let sent = try await withThrowingTaskGroup(of: StoredObject.self) { group in
                    var out: [StoredObject] = [], running = 0
                    for try await item in stream {
                        if running == limit, let done = try await group.next() {
                            out.append(done)
                            running -= 1
                            tokens.signal()
                        }
                        let known = listed[item.key]
                        group.addTask { try await Self.putIfChanged(item, listed: known, batch: batch, client: client, bucket: bucket) }
                        running += 1
                    }
                    while let done = try await group.next() {
                        out.append(done)
                        tokens.signal()
                    }
                    return out
                }
                outcome.withLock { $0 = .success(sent) }
            } catch {
                failed.withLock { $0 = true }
                outcome.withLock { $0 = .failure(error) }
                tokens.signal()
            }
            finished.signal()
        }
        for item in small {
            tokens.wait()
            if failed.withLock({ $0 }) { break }
            do { feed.yield(try prepare(item.file, as: item.path)) } catch {
                feed.finish(throwing: error)
                break
            }
        }
        feed.finish()
        finished.wait()
        var results: [String: StoredObject] = [:]
        for object in try outcome.withLock({ $0! }).get() { results[object.path] = object }
        for item in sized where item.large { results[item.path] = try storeInParts(try prepare(item.file, as: item.path)) }
        return files.map { results[$0.path]! }
    }

    private static func putIfChanged(_ item: Pending, listed: ObjectInfo?, batch: Bool, client: S3Client, bucket: String) async throws -> StoredObject {
        let unchanged = StoredObject(path: item.path, bytes: item.bytes, sha256: item.sha256, uploaded: false)
        if let listed, listed.bytes == item.bytes, listed.etag == item.md5 { return unchanged }
        // Not listed in a batch: certainly absent. Listed as multipart, or a lone file: ask.
        if !batch || listed?.etag?.contains("-") == true,
           let existing = try await client.head(bucket: bucket, key: item.key), existing.sha256 == item.sha256, existing.bytes == item.bytes {
            return unchanged
        }
        try await client.put(bucket: bucket, key: item.key, body: item.body ?? Data(), sha256: item.sha256, md5: item.md5)
        return StoredObject(path: item.path, bytes: item.bytes, sha256: item.sha256, uploaded: true)
    }

    /// A large file in parts: read one part at a time on this thread, each sent and awaited.
    private func storeInParts(_ item: Pending) throws -> StoredObject {
        let client = client, bucket = bucket
        if let existing = try runBlocking({ try await client.head(bucket: bucket, key: item.key) }), existing.sha256 == item.sha256, existing.bytes == item.bytes {
            return StoredObject(path: item.path, bytes: item.bytes, sha256: item.sha256, uploaded: false)
        }
        let file = item.file
        guard let handle = FileHandle(forReadingAtPath: file) else { throw ObjectStorageError.localFile(path: file, reason: "cannot open") }
        defer { try? handle.close() }
        let uploadID = try runBlocking { try await client.createMultipartUpload(bucket: bucket, key: item.key, sha256: item.sha256) }
        do {
            var parts: [(number: Int, etag: String)] = []
            var number = 1
            while true {
                let chunk = try handle.read(upToCount: partSize) ?? Data()
                if chunk.isEmpty { break }
                let part = number
                let etag = try runBlocking { try await client.uploadPart(bucket: bucket, key: item.key, uploadID: uploadID, number: part, body: chunk) }
                parts.append((part, etag))
                number += 1
            }
            let done = parts
            try runBlocking { try await client.completeMultipartUpload(bucket: bucket, key: item.key, uploadID: uploadID, parts: done) }
        } catch {
            // The parts of an abandoned upload are invisible but billed: free them.
            try? runBlocking { try await client.abortMultipartUpload(bucket: bucket, key: item.key, uploadID: uploadID) }
            throw error
        }
        return StoredObject(path: item.path, bytes: item.bytes, sha256: item.sha256, uploaded: true)
    }

    /// The objects under a key prefix, by key.
    private func existing(under prefix: String) throws -> [String: ObjectInfo] {
        let client = client, bucket = bucket
        let objects = try runBlocking { try await client.list(bucket: bucket, prefix: prefix) }
        return Dictionary(objects.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The longest prefix all `keys` share.
    static func commonPrefix(_ keys: [String]) -> String {
        guard var prefix = keys.first.map({ Array($0.utf8) }) else { return "" }
        for key in keys.dropFirst() {
            let bytes = Array(key.utf8)
            var n = 0
            while n < prefix.count, n < bytes.count, prefix[n] == bytes[n] { n += 1 }
            prefix = Array(prefix[0..<n])
        }
        // Cut back to a whole character: a prefix must be valid UTF-8.
        while !prefix.isEmpty, String(validating: prefix, as: UTF8.self) == nil { prefix.removeLast() }
        return String(decoding: prefix, as: UTF8.self)
    }

    package func read(_ path: String, maxBytes: Int = 1 << 30) throws -> Data {
        let client = client, bucket = bucket, key = key(path)
        let (data, info) = try runBlocking { try await client.get(bucket: bucket, key: key, maxBytes: maxBytes) }
        if let expected = info.sha256 {
            let actual = SigV4Signer.sha256Hex(data)
            guard actual == expected else { throw ObjectStorageError.checksumMismatch(bucket: bucket, key: key, expected: expected, actual: actual) }
        }
        return data
    }

    /// Downloads `paths` into `folder` (same relative paths), `concurrentUploads` at a time, each
    /// checked against its stored SHA-256; files are written on this thread, never in the pool.
    package func download(_ paths: [String], into folder: String) throws {
        let client = client, bucket = bucket, limit = concurrentUploads
        for batch in stride(from: 0, to: paths.count, by: 4 * limit).map({ Array(paths[$0..<min($0 + 4 * limit, paths.count)]) }) {
            let keys = batch.map { ($0, key($0)) }
            let fetched = try runBlocking { () async throws -> [(String, Data)] in
                try await withThrowingTaskGroup(of: (String, Data).self) { group in
                    var out: [(String, Data)] = []
                    var iterator = keys.makeIterator()
                    func next() -> Bool {
                        guard let (path, key) = iterator.next() else { return false }
                        group.addTask {
                            let (data, info) = try await client.get(bucket: bucket, key: key)
                            if let expected = info.sha256, SigV4Signer.sha256Hex(data) != expected {
                                throw ObjectStorageError.checksumMismatch(bucket: bucket, key: key, expected: expected, actual: SigV4Signer.sha256Hex(data))
                            }
                            return (path, data)
                        }
                        return true
                    }
                    for _ in 0..<limit where !next() { break }
                    while let item = try await group.next() {
                        out.append(item)
                        _ = next()
                    }
                    return out
                }
            }
            for (path, data) in fetched {
                let file = (folder as NSString).appendingPathComponent(path)
                do {
                    try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try data.write(to: URL(fileURLWithPath: file), options: .atomic)
                } catch {
                    throw ObjectStorageError.localFile(path: file, reason: "cannot write: \(error.localizedDescription)")
                }
            }
        }
    }

    package func retrieve(_ path: String) throws -> String {
        let data = try read(path, maxBytes: 1 << 30)
        let file = workingPath(path)
        do {
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            throw ObjectStorageError.localFile(path: file, reason: "cannot write the local copy: \(error.localizedDescription)")
        }
        return file
    }

    package func release(_ path: String) {
        try? FileManager.default.removeItem(atPath: workingPath(path))
    }

    package func remove(_ path: String) throws {
        let client = client, bucket = bucket, key = key(path)
        try runBlocking { try await client.delete(bucket: bucket, key: key) }
    }

    package func describe(_ path: String) throws -> StoredObject? {
        let client = client, bucket = bucket, key = key(path)
        return try runBlocking { try await client.head(bucket: bucket, key: key) }.map { StoredObject(path: path, bytes: $0.bytes, sha256: $0.sha256) }
    }

    package func list(_ prefix: String) throws -> [StoredObject] {
        let client = client, bucket = bucket, full = key(prefix)
        let strip = self.prefix.isEmpty ? 0 : self.prefix.count + 1
        return try runBlocking { try await client.list(bucket: bucket, prefix: full) }.map {
            StoredObject(path: String($0.key.dropFirst(strip)), bytes: $0.bytes, sha256: $0.sha256)
        }
    }

    package func check() throws {
        let client = client, bucket = bucket, prefix = prefix
        try runBlocking { try await client.checkAccess(bucket: bucket, prefix: prefix) }
    }

    /// Removes the scratch folder and everything left in it, and its parent if that is now
    /// empty (`rmdir` leaves a parent other processes still use).
    package func discardScratch() {
        try? FileManager.default.removeItem(atPath: workingDirectory)
        _ = rmdir((workingDirectory as NSString).deletingLastPathComponent)
    }
}
