import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// An S3 API client: the object operations a dataset needs (put, multipart upload, get, head,
/// list, delete, and a bucket check), every request signed with SigV4 and retried with backoff
/// on 5xx, `SlowDown` and dropped connections. Bodies are held in memory: objects here are
/// windows and audio files (≤ 50 MB); larger files go up in parts (`S3Storage`).
package final class S3Client: Sendable {
    /// The service.
    package let endpoint: S3Endpoint
    /// The signer (credentials, region, `s3`).
    package let signer: SigV4Signer
    /// Attempts and backoff.
    package let retry: RetryPolicy

    /// The metadata header carrying an object's SHA-256 (`x-amz-meta-sha256`).
    package static let checksumMetadata = "sha256"

    /// One client for the process: redirects are not followed (S3 answers a wrong region with
    /// 301, which must surface as an error, not be chased unsigned).
    private static let http = HTTPClient(eventLoopGroupProvider: .shared(HTTPClient.defaultEventLoopGroup),
                                         configuration: HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10))))

    /// A client.
    package init(endpoint: S3Endpoint, credentials: AWSCredentials, retry: RetryPolicy = RetryPolicy()) {
        self.endpoint = endpoint
        signer = SigV4Signer(credentials: credentials, region: endpoint.region, service: "s3")
        self.retry = retry
    }

    /// A server's answer.
    struct Answer {
        var status: Int
        var headers: HTTPHeaders
        var body: Data
    }

    // MARK: Objects

    /// Stores `body` under `key` (one PUT; atomic: readers see the old object or the whole new
    /// one). `sha256` (hex) is both signed as the payload hash and kept as metadata; `md5` (hex)
    /// goes as `Content-MD5`, which the server checks against what it received (`BadDigest`).
    @discardableResult
    package func put(bucket: String, key: String, body: Data, sha256: String? = nil, md5: String? = nil, contentType: String? = nil) async throws -> String? {
        let hash = sha256 ?? SigV4Signer.sha256Hex(body)
        var headers = [SignableRequest.Header("x-amz-meta-\(Self.checksumMetadata)", hash)]
        if let md5, let bytes = Self.bytes(hex: md5) { headers.append(.init("Content-MD5", Data(bytes).base64EncodedString())) }
        if let contentType { headers.append(.init("Content-Type", contentType)) }
        let answer = try await send("PUT", bucket: bucket, key: key, headers: headers, body: body, payloadHash: hash)
        return answer.headers.first(name: "ETag").map(Self.unquoted)
    }

    /// The object's bytes and description; `maxBytes` refuses larger objects unread.
    package func get(bucket: String, key: String, maxBytes: Int = 1 << 30) async throws -> (data: Data, info: ObjectInfo) {
        let answer = try await send("GET", bucket: bucket, key: key, maxBytes: maxBytes)
        return (answer.body, info(key: key, answer.headers, bytes: Int64(answer.body.count)))
    }

    /// The object's description, `nil` when there is none.
    package func head(bucket: String, key: String) async throws -> ObjectInfo? {
        do {
            let answer = try await send("HEAD", bucket: bucket, key: key)
            return info(key: key, answer.headers, bytes: answer.headers.first(name: "Content-Length").flatMap { Int64($0) } ?? 0)
        } catch ObjectStorageError.noSuchKey {
            return nil
        }
    }

    /// Every object whose key starts with `prefix` (ListObjectsV2, all pages), key order.
    package func list(bucket: String, prefix: String) async throws -> [ObjectInfo] {
        var objects: [ObjectInfo] = []
        var token: String?
        repeat {
            var query = [SignableRequest.QueryItem("list-type", "2"), .init("prefix", prefix)]
            if let token { query.append(.init("continuation-token", token)) }
            let answer = try await send("GET", bucket: bucket, key: nil, query: query)
            guard let root = S3XMLElement.parse(answer.body), root.name == "ListBucketResult" else {
                throw ObjectStorageError.service(bucket: bucket, key: nil, status: answer.status, code: "MalformedListing", message: "not a ListBucketResult", attempts: 1)
            }
            for item in root.all("Contents") {
                guard let key = item["Key"] else { continue }
                objects.append(ObjectInfo(key: key, bytes: item["Size"].flatMap { Int64($0) } ?? 0, etag: item["ETag"].map(Self.unquoted)))
            }
            token = root["IsTruncated"] == "true" ? root["NextContinuationToken"] : nil
        } while token != nil
        return objects
    }

    /// Removes the object (no error when there was none).
    package func delete(bucket: String, key: String) async throws {
        _ = try await send("DELETE", bucket: bucket, key: key)
    }

    /// Proves the bucket exists and the key may list it (one small ListObjectsV2): a wrong secret
    /// or a missing bucket surfaces here, before any work.
    package func checkAccess(bucket: String, prefix: String) async throws {
        _ = try await send("GET", bucket: bucket, key: nil, query: [.init("list-type", "2"), .init("max-keys", "1"), .init("prefix", prefix)])
    }

    /// Creates the bucket (benchmarks and tests; an existing bucket of this owner is fine).
    package func createBucket(_ bucket: String) async throws {
        do {
            _ = try await send("PUT", bucket: bucket, key: nil)
        } catch ObjectStorageError.service(_, _, 409, "BucketAlreadyOwnedByYou", _, _) {}
    }

    // MARK: Multipart upload

    /// Starts a multipart upload; returns its id.
    package func createMultipartUpload(bucket: String, key: String, sha256: String, contentType: String? = nil) async throws -> String {
        var headers = [SignableRequest.Header("x-amz-meta-\(Self.checksumMetadata)", sha256)]
        if let contentType { headers.append(.init("Content-Type", contentType)) }
        let answer = try await send("POST", bucket: bucket, key: key, query: [.init("uploads")], headers: headers)
        guard let id = S3XMLElement.parse(answer.body)?["UploadId"], !id.isEmpty else {
            throw ObjectStorageError.service(bucket: bucket, key: key, status: answer.status, code: "MalformedAnswer", message: "no UploadId", attempts: 1)
        }
        return id
    }

    /// Uploads part `number` (1-based; every part but the last at least 5 MiB); returns its ETag.
    package func uploadPart(bucket: String, key: String, uploadID: String, number: Int, body: Data) async throws -> String {
        let answer = try await send("PUT", bucket: bucket, key: key, query: [.init("partNumber", String(number)), .init("uploadId", uploadID)], body: body,
                                    payloadHash: SigV4Signer.sha256Hex(body))
        guard let etag = answer.headers.first(name: "ETag") else {
            throw ObjectStorageError.service(bucket: bucket, key: key, status: answer.status, code: "MalformedAnswer", message: "part \(number) without ETag", attempts: 1)
        }
        return etag
    }

    /// Completes the upload: only now does the object appear, whole.
    package func completeMultipartUpload(bucket: String, key: String, uploadID: String, parts: [(number: Int, etag: String)]) async throws {
        let items = parts.map { "<Part><PartNumber>\($0.number)</PartNumber><ETag>\(XMLText.escape($0.etag))</ETag></Part>" }.joined()
        let body = Data("<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\(items)</CompleteMultipartUpload>".utf8)
        _ = try await send("POST", bucket: bucket, key: key, query: [.init("uploadId", uploadID)], headers: [.init("Content-Type", "application/xml")],
                           body: body, payloadHash: SigV4Signer.sha256Hex(body))
    }

    /// Abandons the upload and frees its parts.
    package func abortMultipartUpload(bucket: String, key: String, uploadID: String) async throws {
        _ = try await send("DELETE", bucket: bucket, key: key, query: [.init("uploadId", uploadID)])
    }

    // MARK: Requests

    /// Signs and sends one request, retrying what deserves it; maps failures to
    /// `ObjectStorageError`. A 200 carrying an `<Error>` document counts as that error.
    func send(_ method: String, bucket: String, key: String?, query: [SignableRequest.QueryItem] = [], headers: [SignableRequest.Header] = [],
              body: Data = Data(), payloadHash: String = SignableRequest.emptyPayloadHash, maxBytes: Int = 16 << 20) async throws -> Answer {
        let address = endpoint.address(bucket: bucket, key: key)
        let queryText = query.map { URIEncoding.encode($0.name, keepingSlash: false) + "=" + URIEncoding.encode($0.value, keepingSlash: false) }
            .joined(separator: "&")
        let url = address.url + (queryText.isEmpty ? "" : "?" + queryText)
        var attempt = 0
        while true {
            attempt += 1
            let failure: ObjectStorageError
            do {
                let answer = try await execute(method, url: url, host: address.host, path: address.path, query: query, headers: headers, body: body,
                                               payloadHash: payloadHash, maxBytes: maxBytes, bucket: bucket, key: key)
                if (200..<300).contains(answer.status), method != "POST" || S3XMLElement.error(in: answer.body) == nil { return answer }
                failure = Self.failure(answer, method: method, bucket: bucket, key: key, attempts: attempt)
            } catch let error as ObjectStorageError {
                failure = error
            } catch {
                failure = .unreachable(endpoint: endpoint.url.absoluteString, bucket: bucket, reason: String(describing: error), attempts: attempt)
            }
            guard failure.isTransient, attempt < retry.maxAttempts else { throw failure }
            try await Task.sleep(nanoseconds: UInt64(retry.pause(after: attempt) * 1e9))
        }
    }

    private func execute(_ method: String, url: String, host: String, path: String, query: [SignableRequest.QueryItem], headers: [SignableRequest.Header],
                         body: Data, payloadHash: String, maxBytes: Int, bucket: String, key: String?) async throws -> Answer {
        var signable = SignableRequest(method: method, path: path, query: query, headers: [.init("Host", host)] + headers, payloadHash: payloadHash)
        signable.headers.sort { $0.name.lowercased() < $1.name.lowercased() }
        let signature = signer.sign(signable, at: Date())
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for header in signature.headers { request.headers.replaceOrAdd(name: header.name, value: header.value) }
        if !body.isEmpty || method == "PUT" || method == "POST" { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await Self.http.execute(request, timeout: .milliseconds(Int64(retry.timeout(forBytes: max(body.count, maxBytes / 16)) * 1000)))
        let status = Int(response.status.code)
        if (200..<300).contains(status), let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maxBytes, method != "HEAD" {
            throw ObjectStorageError.tooLarge(bucket: bucket, key: key ?? "", limit: maxBytes)
        }
        let limit = (200..<300).contains(status) ? maxBytes : 1 << 20
        var collected: ByteBuffer
        do { collected = try await response.body.collect(upTo: limit) } catch is NIOTooManyBytesError {
            throw ObjectStorageError.tooLarge(bucket: bucket, key: key ?? "", limit: limit)
        }
        return Answer(status: status, headers: response.headers, body: Data(collected.readBytes(length: collected.readableBytes) ?? []))
    }

    /// The typed error an unsuccessful answer stands for.
    static func failure(_ answer: Answer, method: String, bucket: String, key: String?, attempts: Int) -> ObjectStorageError {
        let parsed = S3XMLElement.error(in: answer.body)
        let code = parsed?.code
        switch (answer.status, code) {
        case (_, "NoSuchBucket"): return .noSuchBucket(bucket: bucket)
        case (_, "NoSuchKey"): return .noSuchKey(bucket: bucket, key: key ?? "")
        case (404, nil) where method == "HEAD" && key != nil: return .noSuchKey(bucket: bucket, key: key ?? "")
        case (404, nil) where key == nil: return .noSuchBucket(bucket: bucket)
        case (403, _): return .accessDenied(bucket: bucket, key: key, code: code, message: parsed?.message)
        default:
            return .service(bucket: bucket, key: key, status: answer.status, code: code, message: parsed?.message, attempts: attempts)
        }
    }

    private func info(key: String, _ headers: HTTPHeaders, bytes: Int64) -> ObjectInfo {
        ObjectInfo(key: key, bytes: bytes, etag: headers.first(name: "ETag").map(Self.unquoted),
                   sha256: headers.first(name: "x-amz-meta-\(Self.checksumMetadata)"))
    }

    private static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16) ?? 0 }
    }

    private static func unquoted(_ etag: String) -> String { etag.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
}
