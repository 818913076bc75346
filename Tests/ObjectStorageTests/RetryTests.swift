import FlyingFox
import Foundation
@testable import ObjectStorage
import Synchronization
import TestSupport
import XCTest

/// Retries against a misbehaving loopback server shaped like S3: `SlowDown` and 5xx are tried
/// again with backoff, a 200 carrying an `<Error>` counts as that error, a dropped connection is
/// `unreachable` (AsyncHTTPClient keeps trying to connect until the attempt's deadline, so a dead
/// endpoint costs attempts × timeout), and what cannot succeed is not retried.
final class RetryTests: XCTestCase {
    func client(_ server: LoopbackHTTPServer) -> S3Client {
        S3Client(endpoint: S3Endpoint(url: URL(string: server.origin)!, region: "us-east-1"),
                 credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "retry-test-secret-value"),
                 retry: RetryPolicy(maxAttempts: 4, initialBackoff: 0.01, maxBackoff: 0.05, requestTimeout: 10))
    }

    static func error(_ code: String, status: Int) -> HTTPResponse {
        HTTPResponse(statusCode: HTTPStatusCode(status, phrase: "Error"), headers: [.contentType: "application/xml"],
                     body: Data("<?xml version=\"1.0\"?><Error><Code>\(code)</Code><Message>\(code) happened</Message></Error>".utf8))
    }

    func testSlowDownIsRetriedUntilItPasses() async throws {
        let calls = Mutex(0)
        let server = try await startLoopbackServer { request in
            let n = calls.withLock { $0 += 1; return $0 }
            XCTAssertNotNil(request.headers[HTTPHeader("Authorization")])
            return n <= 2 ? Self.error("SlowDown", status: 503) : HTTPResponse(statusCode: .ok, headers: [HTTPHeader("ETag"): "\"abc\""])
        }
        let etag = try await client(server).put(bucket: "b", key: "k", body: Data("x".utf8))
        XCTAssertEqual(etag, "abc")
        XCTAssertEqual(calls.withLock { $0 }, 3)
    }

    func testPersistent500StopsAfterTheAttemptsItIsAllowed() async throws {
        let calls = Mutex(0)
        let server = try await startLoopbackServer { _ in
            calls.withLock { $0 += 1 }
            return Self.error("InternalError", status: 500)
        }
        do {
            _ = try await client(server).get(bucket: "b", key: "audio/x.wav")
            XCTFail("no error")
        } catch let error as ObjectStorageError {
            XCTAssertEqual(error, .service(bucket: "b", key: "audio/x.wav", status: 500, code: "InternalError", message: "InternalError happened", attempts: 4))
            XCTAssertTrue("\(error)".contains("after 4 attempts"))
        }
        XCTAssertEqual(calls.withLock { $0 }, 4)
    }

    func testErrorInsideA200AndNonRetryableErrors() async throws {
        let calls = Mutex(0)
        let server = try await startLoopbackServer { request in
            calls.withLock { $0 += 1 }
            if request.method == .POST { return Self.error("InternalError", status: 200) }
            return Self.error("AccessDenied", status: 403)
        }
        let client = client(server)
        do {
            try await client.completeMultipartUpload(bucket: "b", key: "k", uploadID: "u", parts: [(1, "\"e\"")])
            XCTFail("no error")
        } catch let error as ObjectStorageError {
            guard case .service(_, _, 200, "InternalError", _, 4) = error else { return XCTFail("\(error)") }
        }
        calls.withLock { $0 = 0 }
        do {
            _ = try await client.get(bucket: "b", key: "k")
            XCTFail("no error")
        } catch let error as ObjectStorageError {
            XCTAssertEqual(error, .accessDenied(bucket: "b", key: "k", code: "AccessDenied", message: "AccessDenied happened"))
        }
        XCTAssertEqual(calls.withLock { $0 }, 1, "a 403 is not retried")
    }

    func testNoServerIsUnreachableAfterRetries() async throws {
        let (descriptor, port) = LoopbackListener.open(backlog: 1)
        close(descriptor)
        let client = S3Client(endpoint: S3Endpoint(url: URL(string: "http://127.0.0.1:\(port)")!, region: "us-east-1"),
                              credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "retry-test-secret-value"),
                              retry: RetryPolicy(maxAttempts: 3, initialBackoff: 0.01, maxBackoff: 0.02, requestTimeout: 1))
        do {
            try await client.checkAccess(bucket: "b", prefix: "")
            XCTFail("no error")
        } catch let error as ObjectStorageError {
            guard case .unreachable(_, "b", _, 3) = error else { return XCTFail("\(error)") }
            XCTAssertFalse("\(error)".contains("retry-test-secret-value"))
        }
    }
}
