/// A source of "who resembles whom" for the `related` step, in the order a run prefers them
/// (`--similar-sources spotify,deezer,lastfm,kworb-cofeature`).
package enum SimilarSource: String, Sendable, CaseIterable, Codable {
    /// Spotify's related artists (recorded 2020 data; apps that still have the endpoint).
    case spotify
    /// Deezer's related artists (public, no key).
    case deezer
    /// Last.fm's similar artists (needs `LASTFM_API_KEY`).
    case lastfm
    /// Artists sharing kworb tracks: collaboration, not similarity — the last resort.
    case kworbCofeature = "kworb-cofeature"

    /// Parses a comma-separated list ("spotify,deezer"), refusing unknown or repeated names.
    package static func list(_ text: String) throws(SimilarSourceListError) -> [SimilarSource] {
        var sources: [SimilarSource] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let source = SimilarSource(rawValue: part) else { throw .unknown(part) }
            guard !sources.contains(source) else { throw .repeated(part) }
            sources.append(source)
        }
        return sources
    }
}

/// Why a `--similar-sources` list was refused.
package enum SimilarSourceListError: Error, Equatable, CustomStringConvertible {
    /// A name that is not a source.
    case unknown(String)
    /// A source named twice.
    case repeated(String)

    package var description: String {
        let known = SimilarSource.allCases.map(\.rawValue).joined(separator: ", ")
        switch self {
        case .unknown(let name): return "'\(name)' is not a similar-artist source (known: \(known))"
        case .repeated(let name): return "'\(name)' is listed twice"
        }
    }
}
