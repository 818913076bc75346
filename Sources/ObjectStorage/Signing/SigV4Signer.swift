import Crypto
import Foundation

/// AWS Signature Version 4 (`AWS4-HMAC-SHA256`), written from AWS's specification and proved
/// against its published test suite and against botocore's signer on the same requests.
///
/// S3 differs from the generic rules in two ways, both options here: paths are not normalised
/// (`a//b/../c` is a valid key), and the payload's hash travels in `x-amz-content-sha256`, which
/// is signed. Which headers are signed is the caller's choice; S3 clients sign `host` and the
/// `x-amz-*` headers they send (and `content-type`, `content-md5` when set) — never
/// `user-agent`, `connection`, `expect` or `transfer-encoding`, which proxies rewrite and which
/// botocore-based servers refuse to see signed.
package struct SigV4Signer: Sendable {
    /// The key.
    package var credentials: AWSCredentials
    /// `us-east-1`, …
    package var region: String
    /// `s3`, …
    package var service: String
    /// Removes `.`/`..` segments and empty segments before encoding (the generic rule; off for S3).
    package var normalizesPath: Bool
    /// Adds `x-amz-content-sha256` (signed) with the payload hash (S3's rule).
    package var sendsContentHash: Bool
    /// Signs `x-amz-security-token` (else it is added after signing, as some services want).
    package var signsSessionToken: Bool

    /// A signer.
    package init(credentials: AWSCredentials, region: String, service: String, normalizesPath: Bool = false, sendsContentHash: Bool = true,
                 signsSessionToken: Bool = true) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.normalizesPath = normalizesPath
        self.sendsContentHash = sendsContentHash
        self.signsSessionToken = signsSessionToken
    }

    /// What signing produced: every intermediate form (for tests and debugging) and the headers
    /// to send, including the ones the signer added.
    package struct Signature: Sendable {
        /// The canonical request.
        package var canonicalRequest: String
        /// The string to sign.
        package var stringToSign: String
        /// Lower-case hex signature.
        package var signature: String
        /// `Authorization` value.
        package var authorization: String
        /// The request's headers plus `x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token`
        /// and `Authorization`, in send order.
        package var headers: [SignableRequest.Header]
    }

    /// Signs `request` at `date`.
    package func sign(_ request: SignableRequest, at date: Date) -> Signature {
        let stamp = Self.timestamp(date)
        let day = String(stamp.prefix(8))
        var signed = request.headers
        signed.append(.init("X-Amz-Date", stamp))
        if sendsContentHash { signed.append(.init("X-Amz-Content-Sha256", request.payloadHash)) }
        if signsSessionToken, let token = credentials.sessionToken { signed.append(.init("X-Amz-Security-Token", token)) }
        let (canonicalHeaders, signedNames) = Self.canonicalHeaders(signed)
        let canonicalRequest = [
            request.method.uppercased(),
            canonicalURI(request.path),
            Self.canonicalQuery(request.query),
            canonicalHeaders,
            signedNames,
            request.payloadHash,
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", stamp, scope, Self.hex(SHA256.hash(data: Data(canonicalRequest.utf8)))].joined(separator: "\n")
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: signingKey(day: day)))
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedNames), Signature=\(signature)"
        var headers = signed
        if !signsSessionToken, let token = credentials.sessionToken { headers.append(.init("X-Amz-Security-Token", token)) }
        headers.append(.init("Authorization", authorization))
        return Signature(canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature, authorization: authorization, headers: headers)
    }

    /// The derived key of `day` (`yyyyMMdd`): HMAC chained over date, region, service and
    /// `aws4_request`, starting from `AWS4` + secret.
    func signingKey(day: String) -> SymmetricKey {
        var key = SymmetricKey(data: Data(("AWS4" + credentials.secretAccessKey).utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key)))
        }
        return key
    }

    /// The canonical URI: the path (normalised when `normalizesPath`), each byte outside the
    /// unreserved set percent-encoded once, `/` kept.
    package func canonicalURI(_ path: String) -> String {
        var path = path.isEmpty ? "/" : path
        if normalizesPath { path = Self.normalized(path) }
        return URIEncoding.encode(path, keepingSlash: true)
    }

    /// RFC 3986 dot-segment removal, with empty segments dropped (`//a//` → `/a/`).
    static func normalized(_ path: String) -> String {
        var segments: [Substring] = []
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        for part in parts {
            switch part {
            case "", ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(part)
            }
        }
        let last = parts.last ?? ""
        let trailing = !segments.isEmpty && (last.isEmpty || last == "." || last == "..")
        return "/" + segments.joined(separator: "/") + (trailing ? "/" : "")
    }

    /// Names and values encoded, sorted by name then value, joined with `&`.
    static func canonicalQuery(_ items: [SignableRequest.QueryItem]) -> String {
        // Encoded forms are ASCII, so String order is byte order.
        let encoded: [(name: String, value: String)] = items.map {
            (URIEncoding.encode($0.name, keepingSlash: false), URIEncoding.encode($0.value, keepingSlash: false))
        }
        let sorted = encoded.sorted { (a, b) -> Bool in a.name == b.name ? a.value < b.value : a.name < b.name }
        return sorted.map { $0.name + "=" + $0.value }.joined(separator: "&")
    }

    /// `name:value\n` per lower-cased name, sorted; values trimmed with inner runs of white space
    /// (folded lines included) made one space; a repeated name's values joined with `,` in order.
    static func canonicalHeaders(_ headers: [SignableRequest.Header]) -> (text: String, signedNames: String) {
        var values: [String: [String]] = [:]
        for header in headers {
            let value = header.value.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            values[header.name.lowercased(), default: []].append(value)
        }
        let names = values.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let text = names.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
        return (text, names.joined(separator: ";"))
    }

    /// `yyyyMMdd'T'HHmmss'Z'` in UTC.
    package static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// Lower-case hex of a digest or MAC.
    package static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in bytes { out += [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]] }
        return String(decoding: out, as: UTF8.self)
    }

    /// Lower-case hex SHA-256 of `data`.
    package static func sha256Hex(_ data: some DataProtocol) -> String { hex(SHA256.hash(data: data)) }
}

