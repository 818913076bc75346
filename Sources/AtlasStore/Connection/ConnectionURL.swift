import Foundation
import Redaction

/// A `postgresql://` URL as libpq should see it. Users paste passwords with `/`, `@`, `:` or `?`
/// in them unencoded; libpq then splits the URL in the wrong place and quotes the pieces in its
/// error ("could not translate host name "SECRET@127.0.0.1""). The user information ends at the
/// *last* `@` before the query, so it is found there and percent-encoded, and the password is
/// registered with `Redaction` before libpq ever sees it.
enum ConnectionURL {
    /// `url` with its user name and password percent-encoded (already encoded ones are kept);
    /// conninfo strings (`host=… dbname=…`) and URLs without credentials pass unchanged.
    static func normalised(_ url: String) -> String {
        Redaction.registerURLPassword(url)
        guard url.hasPrefix("postgresql://") || url.hasPrefix("postgres://"),
            let userInfo = Redaction.userInfo(in: url)
        else { return url }
        let scheme = url[..<userInfo.startIndex]
        let rest = url[userInfo.endIndex...]   // "@host:port/db?…"
        let parts = userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map { encode(String($0)) }
        return scheme + parts.joined(separator: ":") + rest
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func encode(_ text: String) -> String {
        let plain = text.removingPercentEncoding ?? text
        return plain.addingPercentEncoding(withAllowedCharacters: unreserved) ?? plain
    }
}
