import Foundation
@testable import ObjectStorage
import XCTest

/// AWS's published SigV4 test suite: every case's canonical request, string to sign and
/// signature must come out byte for byte.
final class SigV4TestSuiteTests: XCTestCase {
    struct Context: Decodable {
        struct Credentials: Decodable {
            var access_key_id: String
            var secret_access_key: String
            var token: String?
        }
        var credentials: Credentials
        var region: String
        var service: String
        var normalize: Bool
        var sign_body: Bool
        var timestamp: String
        var omit_session_token: Bool?
    }

    static func suiteFolder() throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/sigv4", withExtension: nil))
    }

    /// `request.txt`: request line, headers (a line starting with white space continues the one
    /// before), a blank line, the body.
    static func parseRequest(_ text: String) -> (method: String, path: String, query: [SignableRequest.QueryItem], headers: [SignableRequest.Header], body: Data) {
        let lines = text.components(separatedBy: "\n")
        let requestLine = lines[0]
        let method = String(requestLine.prefix { $0 != " " })
        let target = String(requestLine.dropFirst(method.count + 1).dropLast(" HTTP/1.1".count))
        var headers: [SignableRequest.Header] = []
        var index = 1
        while index < lines.count, !lines[index].isEmpty {
            let line = lines[index]
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append(.init(String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
            index += 1
        }
        let body = index + 1 < lines.count ? lines[(index + 1)...].joined(separator: "\n") : ""
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let query: [SignableRequest.QueryItem] = parts.count > 1 ? parts[1].split(separator: "&").map { pair in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return .init(URIEncoding.decode(String(kv[0])), kv.count > 1 ? URIEncoding.decode(String(kv[1])) : "")
        } : []
        return (method, String(parts[0]), query, headers, Data(body.utf8))
    }

    func testEveryCaseOfTheSuite() throws {
        let folder = try Self.suiteFolder()
        let cases = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasSuffix(".md") }.sorted()
        XCTAssertGreaterThanOrEqual(cases.count, 30)
        let iso = ISO8601DateFormatter()
        for name in cases {
            let dir = folder.appendingPathComponent(name)
            func read(_ file: String) throws -> String { try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8) }
            let context = try JSONDecoder().decode(Context.self, from: Data(try read("context.json").utf8))
            let request = Self.parseRequest(try read("request.txt"))
            let signer = SigV4Signer(
                credentials: AWSCredentials(accessKeyID: context.credentials.access_key_id, secretAccessKey: context.credentials.secret_access_key,
                                            sessionToken: context.credentials.token),
                region: context.region, service: context.service, normalizesPath: context.normalize, sendsContentHash: context.sign_body,
                signsSessionToken: !(context.omit_session_token ?? false))
            let signed = signer.sign(
                SignableRequest(method: request.method, path: request.path, query: request.query, headers: request.headers,
                                payloadHash: SigV4Signer.sha256Hex(request.body)),
                at: try XCTUnwrap(iso.date(from: context.timestamp)))
            XCTAssertEqual(signed.canonicalRequest, try read("header-canonical-request.txt"), "\(name): canonical request")
            XCTAssertEqual(signed.stringToSign, try read("header-string-to-sign.txt"), "\(name): string to sign")
            XCTAssertEqual(signed.signature, try read("header-signature.txt"), "\(name): signature")
        }
    }
}
