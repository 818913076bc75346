import Foundation
import Redaction

/// Where a FalkorDB (Redis) server listens and how to log in: `redis://[[user]:password@]host[:port]`.
public struct RedisEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// Host name or address (IPv6 without brackets).
    public var host: String
    /// TCP port.
    public var port: Int
    /// ACL user (`AUTH user password`), if any.
    public var username: String?
    /// Password (`AUTH`), if any. Never printed.
    public var password: String?

    /// The default Redis port.
    public static let defaultPort = 6379

    /// An endpoint without credentials.
    public init(host: String, port: Int = RedisEndpoint.defaultPort, username: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
    }

    /// Parses `redis://…` (or a bare `host:port`). TLS (`rediss://`) is refused: the tool talks to
    /// loopback servers, and no TLS stack is linked.
    public init(url: String) throws(FalkorError) {
        var rest = Substring(url.trimmingCharacters(in: .whitespaces))
        if rest.hasPrefix("rediss://") { throw FalkorError.invalidURL(Self.redact(url), reason: "TLS (rediss://) is not supported") }
        if rest.hasPrefix("redis://") {
            rest = rest.dropFirst("redis://".count)
        } else if rest.contains("://") {
            throw FalkorError.invalidURL(Self.redact(url), reason: "the scheme must be redis://")
        }
        // Credentials end at the *last* `@`: a password may hold `/` or `@`, and must not be
        // mistaken for the path (and then quoted in an error).
        var username: String?, password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                let user = String(credentials[..<colon])
                username = user.isEmpty ? nil : user.removingPercentEncoding ?? user
                let secret = String(credentials[credentials.index(after: colon)...])
                password = secret.removingPercentEncoding ?? secret
            } else {
                let secret = String(credentials)
                password = secret.removingPercentEncoding ?? secret
            }
        }
        if let password { Redaction.register(password) }
        if let slash = rest.firstIndex(of: "/") {
            let path = rest[rest.index(after: slash)...]
            guard path.isEmpty || path == "0" else {
                throw FalkorError.invalidURL(Self.redact(url), reason: "FalkorDB graphs live in database 0; drop the /\(path)")
            }
            rest = rest[..<slash]
        }
        var host: Substring, portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw FalkorError.invalidURL(Self.redact(url), reason: "unclosed [ in the host") }
            host = rest[rest.index(after: rest.startIndex) ..< close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty {
                throw FalkorError.invalidURL(Self.redact(url), reason: "unexpected text after the host")
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest
        }
        guard !host.isEmpty else { throw FalkorError.invalidURL(Self.redact(url), reason: "no host") }
        var port = Self.defaultPort
        if let portText {
            guard let value = Int(portText), (1 ... 65535).contains(value) else {
                throw FalkorError.invalidURL(Self.redact(url), reason: "port must be 1–65535")
            }
            port = value
        }
        self.init(host: String(host), port: port, username: username, password: password)
    }

    /// `host:port`, for messages and logs (credentials are never shown).
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The URL form, without the password (`redis://host:port`).
    public var redactedURL: String { "redis://" + (password == nil ? "" : "***@") + description }

    /// A URL with any password replaced by `***`, for messages about a URL that did not parse.
    static func redact(_ url: String) -> String { Redaction.maskedURL(url) }
}
