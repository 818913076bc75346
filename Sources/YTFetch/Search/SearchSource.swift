import Foundation

/// Where candidates come from: YouTube search (`ytsearchN:<query>`), or a feed URL template
/// (`{query}` replaced, percent-encoded) that yt-dlp's generic extractor reads as a playlist —
/// which is how the offline fixture site stands in for YouTube.
public enum SearchSource: Sendable, Equatable {
    /// `ytsearchN:`.
    case youtube
    /// A URL template containing `{query}`.
    case feed(String)

    /// The yt-dlp argument for `query` with `count` results.
    public func target(query: String, count: Int) -> String {
        switch self {
        case .youtube: return "ytsearch\(count):\(query)"
        case .feed(let template):
            let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            return template.replacingOccurrences(of: "{query}", with: encoded)
        }
    }
}
