import Foundation

/// Extracts artist candidates, in response order, from a Spotify search response — the seed's walk
/// over `tracks.items[*].artists[*]` (duplicates kept, as the seed kept them), then
/// `artists.items[*]` — or from a plain JSON array of `{"id", "name"}` objects.
public enum SearchCandidates {
    /// The candidates in `data`.
    public static func parse(_ data: Data) throws(SearchCandidatesError) -> [ArtistCandidate] {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw .malformedJSON((error as NSError).localizedDescription)
        }
        if let array = root as? [Any] { return array.compactMap(candidate) }
        guard let object = root as? [String: Any] else { throw .unexpectedShape("top level is neither an object nor an array") }
        var out: [ArtistCandidate] = []
        var recognised = false
        if let tracks = object["tracks"] as? [String: Any] {
            recognised = true
            for item in tracks["items"] as? [Any] ?? [] {
                for artist in (item as? [String: Any])?["artists"] as? [Any] ?? [] {
                    if let c = candidate(artist) { out.append(c) }
                }
            }
        }
        if let artists = object["artists"] as? [String: Any] {
            recognised = true
            out += (artists["items"] as? [Any] ?? []).compactMap(candidate)
        }
        guard recognised else { throw .unexpectedShape("no 'tracks' or 'artists' result in the object") }
        return out
    }

    private static func candidate(_ value: Any) -> ArtistCandidate? {
        guard let object = value as? [String: Any], let id = object["id"] as? String, let name = object["name"] as? String
        else { return nil }
        return ArtistCandidate(id: id, name: name, popularity: object["popularity"] as? Int)
    }
}

/// A search response that cannot be read.
public enum SearchCandidatesError: Error, Equatable, CustomStringConvertible {
    /// Not JSON.
    case malformedJSON(String)
    /// JSON, but not a search response or candidate list.
    case unexpectedShape(String)

    public var description: String {
        switch self {
        case .malformedJSON(let why): return "malformed JSON: \(why)"
        case .unexpectedShape(let why): return "not a search response: \(why)"
        }
    }
}
