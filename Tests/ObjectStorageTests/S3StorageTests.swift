import Foundation
@testable import ObjectStorage
import Redaction
import TestSupport
import XCTest

/// The client and the bucket storage against a real S3 API server that checks every signature
/// (moto with authentication on). moto trusts `x-amz-content-sha256` without hashing the body,
/// so every check here reads the stored bytes back.
final class S3StorageTests: XCTestCase {
    func storage(_ server: S3TestServer, bucket: String = "atlas-test", prefix: String = "run-1", secret: String? = nil,
                 threshold: Int = 16 << 20) throws -> S3Storage {
        let credentials = AWSCredentials(accessKeyID: server.accessKeyID, secretAccessKey: secret ?? server.secretAccessKey)
        let client = S3Client(endpoint: S3Endpoint(url: URL(string: server.endpoint)!, region: "us-east-1"), credentials: credentials,
                              retry: RetryPolicy(maxAttempts: 3, initialBackoff: 0.05))
        return try S3Storage(client: client, bucket: bucket, prefix: prefix, scratch: try makeScratchDirectory("musicatlas-scratch"),
                             multipartThreshold: threshold, partSize: 5 << 20)
    }

    func write(_ data: Data, _ path: String, in storage: any DataStorage) throws {
        let file = storage.workingPath(path)
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: file))
    }

    func testRoundTripOfAwkwardKeysReadBackByteForByte() throws {
        let server = try startS3Server(buckets: ["atlas-test"])
        let storage = try storage(server)
        let paths = ["audio/a b.wav", "spectrograms/ሴ+c__0__0__30.npy", "exports/seed-csv/Royce \"Da\" 5'9;=&.csv", "exports/emoji 🎧/~x*(y)!.png"]
        var contents: [String: Data] = [:]
        for (index, path) in paths.enumerated() {
            let data = Data((0..<(1000 * (index + 1))).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) })
            contents[path] = data
            try write(data, path, in: storage)
        }
        let stored = try storage.store(paths)
        XCTAssertEqual(stored.map(\.path), paths)
        XCTAssertTrue(stored.allSatisfy(\.uploaded))
        for object in stored { XCTAssertEqual(object.sha256, SigV4Signer.sha256Hex(contents[object.path]!)) }

        // The listing names each object by its exact key under the prefix; each reads back whole.
        let listed = try storage.list("")
        XCTAssertEqual(Set(listed.map(\.path)), Set(paths))
        for path in paths {
            XCTAssertEqual(try storage.read(path, maxBytes: 1 << 20), contents[path], path)
            storage.release(path)
            XCTAssertFalse(FileManager.default.fileExists(atPath: storage.workingPath(path)))
            let local = try storage.retrieve(path)
            XCTAssertEqual(FileManager.default.contents(atPath: local), contents[path])
        }
        let head = try runBlocking { try await storage.client.head(bucket: "atlas-test", key: "run-1/" + paths[1]) }
        XCTAssertEqual(head?.sha256, SigV4Signer.sha256Hex(contents[paths[1]]!))
        XCTAssertEqual(head?.bytes, Int64(contents[paths[1]]!.count))

        // Unchanged files are not sent again; a changed one is.
        try write(contents[paths[0]]!, paths[0], in: storage)
        try write(Data("changed".utf8), paths[1], in: storage)
        let again = try storage.store([paths[0], paths[1]])
        XCTAssertEqual(again.map(\.uploaded), [false, true])
        XCTAssertEqual(try storage.read(paths[1], maxBytes: 100), Data("changed".utf8))
        XCTAssertNil(try runBlocking { try await storage.client.head(bucket: "atlas-test", key: "run-1/absent") })
    }

    func testLargeFileGoesUpInPartsAndAppearsWhole() throws {
        let server = try startS3Server(buckets: ["atlas-test"])
        let storage = try storage(server, threshold: 5 << 20)
        var random = SystemRandomNumberGenerator()
        let data = Data((0..<(12 << 20 + 12345)).map { _ in UInt8.random(in: 0...255, using: &random) })
        try write(data, "exports/dataset/train/windows-00000.npy", in: storage)
        let stored = try storage.store("exports/dataset/train/windows-00000.npy")
        XCTAssertTrue(stored.uploaded)
        XCTAssertEqual(stored.bytes, Int64(data.count))
        let info = try XCTUnwrap(try runBlocking { try await storage.client.head(bucket: "atlas-test", key: "run-1/exports/dataset/train/windows-00000.npy") })
        XCTAssertEqual(info.etag?.hasSuffix("-3"), true, "three parts: \(info.etag ?? "")")
        XCTAssertEqual(info.sha256, SigV4Signer.sha256Hex(data))
        XCTAssertEqual(try storage.read("exports/dataset/train/windows-00000.npy", maxBytes: 1 << 30), data)
        XCTAssertFalse(try storage.store("exports/dataset/train/windows-00000.npy").uploaded)
    }

    func testWrongSecretIsATyped403NamingTheBucketWithoutTheSecret() throws {
        let server = try startS3Server(buckets: ["atlas-test"])
        let wrong = "wrong-secret-" + UUID().uuidString
        let storage = try storage(server, secret: wrong)
        XCTAssertThrowsError(try storage.check()) { error in
            guard case ObjectStorageError.accessDenied(let bucket, _, let code, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(bucket, "atlas-test")
            XCTAssertEqual(code, "SignatureDoesNotMatch")
            let text = "\(error)"
            XCTAssertTrue(text.contains("s3://atlas-test") && text.contains("403"), text)
            XCTAssertFalse(text.contains(wrong) || text.contains(server.secretAccessKey), text)
        }
        try write(Data("x".utf8), "audio/x.wav", in: storage)
        XCTAssertThrowsError(try storage.store("audio/x.wav")) { error in
            XCTAssertTrue("\(error)".contains("s3://atlas-test/run-1/audio/x.wav"), "\(error)")
        }
        // Nothing was written.
        XCTAssertEqual(try self.storage(server).list(""), [])
    }

    func testMissingBucketIsTyped() throws {
        let server = try startS3Server(buckets: ["atlas-test"])
        let storage = try storage(server, bucket: "no-such-bucket")
        XCTAssertThrowsError(try storage.check()) { error in
            XCTAssertEqual(error as? ObjectStorageError, .noSuchBucket(bucket: "no-such-bucket"))
            XCTAssertTrue("\(error)".contains("s3://no-such-bucket"))
        }
        XCTAssertThrowsError(try storage.read("audio/x.wav", maxBytes: 10)) { error in
            XCTAssertEqual(error as? ObjectStorageError, .noSuchBucket(bucket: "no-such-bucket"))
        }
        let present = try self.storage(server)
        XCTAssertThrowsError(try present.read("audio/absent.wav", maxBytes: 10)) { error in
            XCTAssertEqual(error as? ObjectStorageError, .noSuchKey(bucket: "atlas-test", key: "run-1/audio/absent.wav"))
        }
    }
}
