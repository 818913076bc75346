import Redaction

/// Why an object-storage operation failed, naming the bucket and key. Descriptions pass through
/// `Redaction`, and none is built from a request's headers, so no secret can appear in one.
package enum ObjectStorageError: Error, Equatable, CustomStringConvertible {
    /// HTTP 403: a wrong secret (`SignatureDoesNotMatch`), an unknown key (`InvalidAccessKeyId`),
    /// or a policy that does not allow the action (`AccessDenied`).
    case accessDenied(bucket: String, key: String?, code: String?, message: String?)
    /// The bucket does not exist.
    case noSuchBucket(bucket: String)
    /// The object does not exist.
    case noSuchKey(bucket: String, key: String)
    /// Any other answer the server gave, after the retries it deserved.
    case service(bucket: String, key: String?, status: Int, code: String?, message: String?, attempts: Int)
    /// No answer at all (refused, reset, timed out), after the retries.
    case unreachable(endpoint: String, bucket: String, reason: String, attempts: Int)
    /// What was read back is not what was stored.
    case checksumMismatch(bucket: String, key: String, expected: String, actual: String)
    /// An object larger than the caller accepts.
    case tooLarge(bucket: String, key: String, limit: Int)
    /// A `--storage` / `MUSICATLAS_STORAGE` value that cannot be used.
    case invalidLocation(String, reason: String)
    /// S3 storage chosen without `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`.
    case missingCredentials(bucket: String)
    /// A local file could not be read or written.
    case localFile(path: String, reason: String)

    package var description: String {
        func name(_ bucket: String, _ key: String?) -> String { "s3://\(bucket)" + (key.map { "/" + $0 } ?? "") }
        func detail(_ code: String?, _ message: String?) -> String {
            [code, message].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        }
        let text: String
        switch self {
        case .accessDenied(let bucket, let key, let code, let message):
            var hint = ""
            if code == "SignatureDoesNotMatch" { hint = " (check AWS_SECRET_ACCESS_KEY)" }
            if code == "InvalidAccessKeyId" { hint = " (check AWS_ACCESS_KEY_ID)" }
            let what = detail(code, message)
            text = "\(name(bucket, key)): HTTP 403 access denied" + (what.isEmpty ? "" : " — \(what)") + hint
        case .noSuchBucket(let bucket):
            text = "s3://\(bucket): no such bucket (create it first, or check the bucket name and AWS_ENDPOINT_URL_S3)"
        case .noSuchKey(let bucket, let key):
            text = "\(name(bucket, key)): no such object"
        case .service(let bucket, let key, let status, let code, let message, let attempts):
            let what = detail(code, message)
            text = "\(name(bucket, key)): HTTP \(status)" + (what.isEmpty ? "" : " — \(what)") + (attempts > 1 ? " (after \(attempts) attempts)" : "")
        case .unreachable(let endpoint, let bucket, let reason, let attempts):
            text = "s3://\(bucket): no answer from \(endpoint) after \(attempts) attempt\(attempts == 1 ? "" : "s"): \(reason)"
        case .checksumMismatch(let bucket, let key, let expected, let actual):
            text = "\(name(bucket, key)): stored SHA-256 \(expected) but read back \(actual)"
        case .tooLarge(let bucket, let key, let limit):
            text = "\(name(bucket, key)): larger than \(limit) bytes"
        case .invalidLocation(let value, let reason):
            text = "storage \(value): \(reason)"
        case .missingCredentials(let bucket):
            text = "s3://\(bucket): no credentials (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and AWS_SESSION_TOKEN for temporary ones)"
        case .localFile(let path, let reason):
            text = "\(path): \(reason)"
        }
        return Redaction.scrub(text)
    }

    /// Worth another attempt (a busy or briefly unreachable server).
    var isTransient: Bool {
        switch self {
        case .unreachable: return true
        case .service(_, _, let status, let code, _, _):
            return status >= 500 || status == 429 || ["SlowDown", "RequestTimeout", "InternalError", "RequestTimeTooSkewed"].contains(code ?? "")
        default: return false
        }
    }
}
