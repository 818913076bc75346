import Foundation

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
        var path: String
        var key: String
        var bytes: Int64
        var sha256: String
        /// The whole file when it goes up in one PUT.
        var body: Data?
    }

    private func prepare(_ path: String) throws -> Pending {
        let file = workingPath(path)
        let (bytes, digest) = try FileDigest.sha256(ofFile: file)
        var body: Data?
        if bytes <= Int64(multipartThreshold) {
            guard let data = FileManager.default.contents(atPath: file), data.count == bytes else {
                throw ObjectStorageError.localFile(path: file, reason: "changed while it was being stored")
            }
            body = data
        }
        return Pending(path: path, key: key(path), bytes: bytes, sha256: digest, body: body)
    }

    package func store(_ path: String) throws -> StoredObject { try store([path])[0] }

    package func store(_ paths: [String]) throws -> [StoredObject] {
        let pending = try paths.map(prepare)
        let small = pending.filter { $0.body != nil }
        var results: [String: StoredObject] = [:]
        if !small.isEmpty {
            let client = client, bucket = bucket, limit = concurrentUploads
            let sent = try runBlocking { () async throws -> [StoredObject] in
                try await withThrowingTaskGroup(of: StoredObject.self) { group in
                    var out: [StoredObject] = []
                    var iterator = small.makeIterator()
                    func next() -> Bool {
                        guard let item = iterator.next() else { return false }
                        group.addTask { try await Self.putIfChanged(item, client: client, bucket: bucket) }
                        return true
                    }
                    for _ in 0..<limit where !next() { break }
                    while let done = try await group.next() {
                        out.append(done)
                        _ = next()
                    }
                    return out
                }
            }
            for object in sent { results[object.path] = object }
        }
        for item in pending where item.body == nil { results[item.path] = try storeInParts(item) }
        return paths.map { results[$0]! }
    }

    private static func putIfChanged(_ item: Pending, client: S3Client, bucket: String) async throws -> StoredObject {
        if let existing = try await client.head(bucket: bucket, key: item.key), existing.sha256 == item.sha256, existing.bytes == item.bytes {
            return StoredObject(path: item.path, bytes: item.bytes, sha256: item.sha256, uploaded: false)
        }
        try await client.put(bucket: bucket, key: item.key, body: item.body ?? Data(), sha256: item.sha256)
        return StoredObject(path: item.path, bytes: item.bytes, sha256: item.sha256, uploaded: true)
    }

    /// A large file in parts: read one part at a time on this thread, each sent and awaited.
    private func storeInParts(_ item: Pending) throws -> StoredObject {
        let client = client, bucket = bucket
        if let existing = try runBlocking({ try await client.head(bucket: bucket, key: item.key) }), existing.sha256 == item.sha256, existing.bytes == item.bytes {
            return StoredObject(path: item.path, bytes: item.bytes, sha256: item.sha256, uploaded: false)
        }
        let file = workingPath(item.path)
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

    package func read(_ path: String, maxBytes: Int = 1 << 30) throws -> Data {
        let client = client, bucket = bucket, key = key(path)
        let (data, info) = try runBlocking { try await client.get(bucket: bucket, key: key, maxBytes: maxBytes) }
        if let expected = info.sha256 {
            let actual = SigV4Signer.sha256Hex(data)
            guard actual == expected else { throw ObjectStorageError.checksumMismatch(bucket: bucket, key: key, expected: expected, actual: actual) }
        }
        return data
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
    package func removeWorkingDirectory() {
        try? FileManager.default.removeItem(atPath: workingDirectory)
        _ = rmdir((workingDirectory as NSString).deletingLastPathComponent)
    }
}
