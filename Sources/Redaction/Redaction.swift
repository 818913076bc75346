import Foundation
import Synchronization

/// The one rule for text that leaves the process — errors, log lines, `step_log`, files: no
/// credential survives it.
///
/// `scrub` removes, in this order:
/// - every secret value registered (`register`, `registerSecrets(from:)`: the passwords of
///   `DATABASE_URL` and `FALKORDB_URL` and the fragments a parser may echo when the password holds
///   `/` or `@`, `SPOTIFY_CLIENT_SECRET` and the `Basic` value built from it, API keys, AWS keys),
///   raw and percent-encoded;
/// - the user information of anything that looks like a URL (`scheme://…@`), up to the *last*
///   `@` of the token, so a password holding `/` or `@` is masked whole however malformed;
/// - `Basic …` and `Bearer …` header values, and `password=`, `secret=`, `token=`, `api_key=`
///   style pairs (query strings, conninfo, JSON).
package enum Redaction {
    /// What replaces a secret.
    package static let mask = "***"

    private static let secrets = Mutex<[String]>([])

    /// Values shorter than this are not registered: masking a short word (a test's "secret")
    /// everywhere would mangle ordinary text, and such values are not credentials worth the name;
    /// URL and header rules still mask them where they appear as credentials.
    package static let minimumSecretLength = 8

    /// Adds `secret` to the values `scrub` removes (see `minimumSecretLength`).
    package static func register(_ secret: String?) {
        guard let secret, secret.count >= minimumSecretLength else { return }
        var forms = [secret]
        if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics), encoded != secret { forms.append(encoded) }
        secrets.withLock { known in
            for form in forms where !known.contains(form) { known.append(form) }
            // Longest first, so a secret that contains another is masked whole.
            known.sort { $0.count > $1.count }
        }
    }

    /// Registers the credentials the environment holds (see the type's documentation).
    package static func registerSecrets(from environment: [String: String] = ProcessInfo.processInfo.environment) {
        for name in ["DATABASE_URL", "FALKORDB_URL", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "DEEZER_API_BASE", "LASTFM_API_BASE"] {
            registerURLPassword(environment[name])
        }
        for name in ["SPOTIFY_CLIENT_SECRET", "LASTFM_API_KEY", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "PGPASSWORD"] {
            register(environment[name])
        }
        if let id = environment["SPOTIFY_CLIENT_ID"], let secret = environment["SPOTIFY_CLIENT_SECRET"], !secret.isEmpty {
            register(Data("\(id):\(secret)".utf8).base64EncodedString())
        }
    }

    /// Registers the password of `url` (found as `scrub` finds it: between the first `:` after
    /// `scheme://` and the last `@`), and its pieces between `/`, `@`, `:`, `?` and `#` — what a
    /// URL parser that split the password there may quote back.
    package static func registerURLPassword(_ url: String?) {
        guard let url, let userInfo = userInfo(in: url) else { return }
        guard let colon = userInfo.firstIndex(of: ":") else { return }
        let password = String(userInfo[userInfo.index(after: colon)...])
        register(password)
        register(password.removingPercentEncoding)
        for piece in password.split(whereSeparator: { "/@:?#".contains($0) }) { register(String(piece)) }
    }

    /// `text` with every credential masked.
    package static func scrub(_ text: String) -> String {
        var out = text
        for secret in secrets.withLock({ $0 }) where out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: mask)
        }
        out = maskURLUserInfo(out)
        for (pattern, template) in patterns {
            out = pattern.stringByReplacingMatches(in: out, range: NSRange(out.startIndex..., in: out), withTemplate: template)
        }
        return out
    }

    /// `url` with its user information masked (`scheme://***@host…`), for printing a URL.
    package static func maskedURL(_ url: String) -> String { maskURLUserInfo(url) }

    /// The text between `scheme://` and the last `@` of the URL's token, if any.
    package static func userInfo(in url: String) -> Substring? {
        url.range(of: "://").flatMap { userInfo(following: url[$0.upperBound...]) }
    }

    /// The user information of a URL whose `scheme://` ends just before `rest`: up to the last
    /// `@` before the query, in a token that ends at whitespace or a quote (not at `/`, `)` or
    /// `@`, which a password may hold).
    private static func userInfo(following rest: Substring) -> Substring? {
        let token = rest.prefix { !$0.isWhitespace && $0 != "\"" && $0 != "'" }
        let beforeQuery = token.prefix { $0 != "?" && $0 != "#" }
        guard let at = beforeQuery.lastIndex(of: "@") else { return nil }
        return beforeQuery[..<at]
    }

    private static func maskURLUserInfo(_ text: String) -> String {
        var out = "", rest = Substring(text)
        while let scheme = rest.range(of: "://") {
            out += rest[..<scheme.upperBound]
            rest = rest[scheme.upperBound...]
            if let info = userInfo(following: rest) {
                out += mask
                rest = rest[info.endIndex...]
            }
        }
        return out + rest
    }

    private static let patterns: [(NSRegularExpression, String)] = [
        (#"(?i)\b(Basic|Bearer)\s+[A-Za-z0-9+/._~-]{12,}=*"#, "$1 \(mask)"),
        (#"(?i)("(?:access_token|refresh_token|client_secret|password|secret|api_key|token)"\s*:\s*")[^"]*""#, "$1\(mask)\""),
        (#"(?i)\b((?:password|passwd|pwd|client_secret|secret|api_key|apikey|access_token|token)\s*=\s*)('[^']*'|[^\s&'",;]+)"#, "$1\(mask)"),
    ].map { (try! NSRegularExpression(pattern: $0.0), $0.1) }
}
