import Foundation
@testable import ObjectStorage
import TestSupport
import XCTest

/// The signer against botocore's S3 signer on the same requests: keys with spaces, unicode,
/// `+` and reserved characters, query strings, metadata headers and a session token.
final class BotocoreSignerTests: XCTestCase {
    struct Case: Codable {
        var method: String
        var endpoint: String
        var bucket: String
        var key: String
        var query: [[String]]
        var headers: [[String]]
        var payload_hash: String
        var timestamp: String
        var access_key: String
        var secret_key: String
        var token: String?
        var region: String
    }

    struct Signed: Codable {
        var canonical_request: String
        var string_to_sign: String
        var signature: String
    }

    func testSignaturesEqualBotocoresForAwkwardKeys() throws {
        let python = try S3TestServer.python()
        let keys = ["audio/plain.wav", "spectrograms/a b/c d.npy", "exports/ሴ/Fairuz فيروز.csv", "x/+plus+and%percent.txt",
                    "quote\"semi;colon=equals&amp?.png", "emoji 🎧/~tilde*star(paren)!.npy", "a//double/./dot/../key"]
        let hash = SigV4Signer.sha256Hex(Data("window".utf8))
        let cases = keys.enumerated().map { index, key in
            Case(method: index % 2 == 0 ? "PUT" : "GET", endpoint: "http://127.0.0.1:9000", bucket: "atlas-test", key: key,
                 query: index == 1 ? [["partNumber", "2"], ["uploadId", "abc/+= def"]] : index == 3 ? [["list-type", "2"], ["prefix", "a b+c/"]] : [],
                 headers: index % 2 == 0 ? [["x-amz-meta-sha256", hash], ["Content-Type", "application/octet-stream"]] : [],
                 payload_hash: index % 2 == 0 ? hash : SignableRequest.emptyPayloadHash, timestamp: "20261202T010203Z",
                 access_key: "AKIDEXAMPLE", secret_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                 token: index == 4 ? "FwoGZXIvYXdzEXAMPLETOKEN//+=" : nil, region: index == 5 ? "eu-west-3" : "us-east-1")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [SharedFixtures.packageRoot.appendingPathComponent("Tests/ObjectStorageTests/Reference/botocore_sign.py").path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(try JSONEncoder().encode(cases))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let expected = try JSONDecoder().decode([Signed].self, from: data)
        XCTAssertEqual(expected.count, cases.count)

        let date = try XCTUnwrap(ISO8601DateFormatter().date(from: "2026-12-02T01:02:03Z"))
        for (test, reference) in zip(cases, expected) {
            let endpoint = S3Endpoint(url: URL(string: test.endpoint)!, region: test.region)
            let address = endpoint.address(bucket: test.bucket, key: test.key)
            let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: test.access_key, secretAccessKey: test.secret_key, sessionToken: test.token),
                                     region: test.region, service: "s3")
            let request = SignableRequest(method: test.method, path: address.path, query: test.query.map { .init($0[0], $0[1]) },
                                          headers: [.init("Host", address.host)] + test.headers.map { .init($0[0], $0[1]) }, payloadHash: test.payload_hash)
            let signed = signer.sign(request, at: date)
            XCTAssertEqual(signed.canonicalRequest, reference.canonical_request, test.key)
            XCTAssertEqual(signed.stringToSign, reference.string_to_sign, test.key)
            XCTAssertEqual(signed.signature, reference.signature, test.key)
        }
    }

    func testCanonicalURIOfKeysWithSpacesUnicodeAndPlus() {
        let endpoint = S3Endpoint(url: URL(string: "http://127.0.0.1:9000")!, region: "us-east-1")
        let address = endpoint.address(bucket: "b", key: "a b/ሴ+c.txt")
        XCTAssertEqual(address.path, "/b/a b/ሴ+c.txt")
        XCTAssertEqual(address.url, "http://127.0.0.1:9000/b/a%20b/%E1%88%B4%2Bc.txt")
        XCTAssertEqual(address.host, "127.0.0.1:9000")
        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret-not-shown"), region: "us-east-1", service: "s3")
        // S3 keeps `//`, `.` and `..` in keys: no normalisation.
        XCTAssertEqual(signer.canonicalURI("/b/a//./../k"), "/b/a//./../k")
        XCTAssertEqual(signer.canonicalURI("/b/a b+c=d&e"), "/b/a%20b%2Bc%3Dd%26e")
    }

    func testAddressingStyles() throws {
        let aws = try S3Endpoint.fromEnvironment(["AWS_REGION": "eu-west-3"])
        XCTAssertFalse(aws.pathStyle)
        XCTAssertEqual(aws.address(bucket: "atlas", key: "audio/x.wav").url, "https://atlas.s3.eu-west-3.amazonaws.com/audio/x.wav")
        let local = try S3Endpoint.fromEnvironment(["AWS_ENDPOINT_URL": "http://localhost:9000"])
        XCTAssertTrue(local.pathStyle)
        XCTAssertEqual(local.region, "us-east-1")
        let named = try S3Endpoint.fromEnvironment(["AWS_ENDPOINT_URL_S3": "http://minio.internal:9000", "AWS_ENDPOINT_URL": "http://ignored"])
        XCTAssertFalse(named.pathStyle)
        XCTAssertEqual(named.address(bucket: "b", key: "k").url, "http://b.minio.internal:9000/k")
        let forced = try S3Endpoint.fromEnvironment(["AWS_ENDPOINT_URL_S3": "http://minio.internal:9000", "MUSICATLAS_S3_PATH_STYLE": "1"])
        XCTAssertEqual(forced.address(bucket: "b", key: "k").url, "http://minio.internal:9000/b/k")
        XCTAssertThrowsError(try S3Endpoint.fromEnvironment(["AWS_ENDPOINT_URL_S3": "ftp://x"]))
    }

    func testStorageLocations() throws {
        XCTAssertEqual(try StorageLocation.parse(nil), .dataFolder)
        XCTAssertEqual(try StorageLocation.parse(""), .dataFolder)
        XCTAssertEqual(try StorageLocation.parse("s3://atlas-data/runs/2026/"), .s3(bucket: "atlas-data", prefix: "runs/2026"))
        XCTAssertEqual(try StorageLocation.parse("s3://atlas-data"), .s3(bucket: "atlas-data", prefix: ""))
        for bad in ["/mnt/data", "s3://", "s3://Upper", "s3://a", "s3://bad_name/x", "s3://ok-bucket/a//b", "s3://ok-bucket/../x"] {
            XCTAssertThrowsError(try StorageLocation.parse(bad), bad) { error in
                XCTAssertTrue("\(error)".contains(bad), "\(error)")
            }
        }
        XCTAssertThrowsError(try StorageLocation.s3(bucket: "atlas-data", prefix: "").open(dataDirectory: "/tmp", environment: [:])) { error in
            XCTAssertEqual(error as? ObjectStorageError, .missingCredentials(bucket: "atlas-data"))
            XCTAssertTrue("\(error)".contains("AWS_SECRET_ACCESS_KEY"))
        }
    }
}
