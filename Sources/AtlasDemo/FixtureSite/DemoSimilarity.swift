/// What Deezer and Last.fm say about the demo world: ids, spellings, related and similar
/// artists, tags and album genres. The answers built from it follow the shapes in
/// EXTERNAL-APIS §8 (Deezer's public API reference for `/artist/{id}/related`, `/track/isrc:`,
/// `/search/*`, `/album/{id}`; Last.fm's `artist.getSimilar` / `artist.getTopTags` documentation),
/// errors included (Deezer's in HTTP-200 bodies, Last.fm's `{"error": N}`).
///
/// Deliberate difficulties: Deezer spells "Fairuz فيروز" as "Fairuz" (the ISRC credits must
/// align by position, names would not match); Lax'n'Busto's ISRCs are unknown to Deezer (found
/// by name search); Deezer and Last.fm relate artists outside the dataset (dropped); Last.fm
/// does not know Fairuz (error 6).
package struct DemoSimilarity: Sendable {
    /// A Deezer artist: its id, its spelling, fans and (for some) album genres.
    package struct DeezerEntry: Sendable {
        package var id: Int64
        package var name: String
        package var fans: Int
        package var albumGenres: [String]
        /// Whether Deezer's ISRC index knows the artist's tracks.
        package var isrcKnown: Bool
    }

    /// Deezer artists by demo artist name; artists outside the dataset have no demo counterpart.
    package var deezer: [String: DeezerEntry]
    /// Deezer artists outside the dataset, by name.
    package var deezerOutsiders: [String: Int64]
    /// Deezer's related list per demo artist name, most related first (names: demo or outsider).
    package var deezerRelated: [String: [String]]
    /// Last.fm's similar list per demo artist name: (name, match).
    package var lastFMSimilar: [String: [(name: String, match: Double)]]
    /// Last.fm's top tags per demo artist name: (tag, count).
    package var lastFMTags: [String: [(name: String, count: Int)]]
    /// The API key the fake Last.fm accepts (not a credential: it opens only the fixture site).
    package var lastFMKey: String

    /// The demo world's similarity.
    package static let standard = DemoSimilarity(
        deezer: [
            "Nova Lux": DeezerEntry(id: 1001, name: "Nova Lux", fans: 2_400_000, albumGenres: ["Pop", "Dance"], isrcKnown: true),
            "Royce \"Da\" 5'9": DeezerEntry(id: 1002, name: "Royce \"Da\" 5'9", fans: 310_000, albumGenres: ["Rap/Hip Hop"], isrcKnown: true),
            "Backslash \\ Semicolon; Band": DeezerEntry(id: 1003, name: "Backslash \\ Semicolon; Band", fans: 12_000, albumGenres: ["Rock", "Alternative"], isrcKnown: true),
            "Fairuz فيروز": DeezerEntry(id: 1004, name: "Fairuz", fans: 890_000, albumGenres: ["World"], isrcKnown: true),
            "Emoji Kid 🎧": DeezerEntry(id: 1005, name: "Emoji Kid 🎧", fans: 640_000, albumGenres: ["Dance"], isrcKnown: true),
            "Lax'n'Busto": DeezerEntry(id: 1006, name: "Lax'n'Busto", fans: 41_000, albumGenres: ["Rock"], isrcKnown: false),
            "Mägo de Oz": DeezerEntry(id: 1007, name: "Mägo De Oz", fans: 520_000, albumGenres: ["Metal"], isrcKnown: true),
        ],
        deezerOutsiders: ["Chromatic Dreams": 2001, "Detroit Cypher": 2002, "Noise Unit": 2003, "Oum Kalthoum": 2004, "Tierra Santa": 2005],
        deezerRelated: [
            "Nova Lux": ["Emoji Kid 🎧", "Chromatic Dreams", "Backslash \\ Semicolon; Band", "Royce \"Da\" 5'9"],
            "Royce \"Da\" 5'9": ["Detroit Cypher", "Nova Lux"],
            "Backslash \\ Semicolon; Band": ["Emoji Kid 🎧", "Noise Unit"],
            "Fairuz فيروز": ["Oum Kalthoum"],
            "Emoji Kid 🎧": ["Nova Lux", "Backslash \\ Semicolon; Band"],
            "Lax'n'Busto": ["Mägo de Oz", "Tierra Santa"],
            "Mägo de Oz": ["Tierra Santa", "Lax'n'Busto"],
        ],
        lastFMSimilar: [
            "Nova Lux": [("Emoji Kid 🎧", 0.91), ("Chromatic Dreams", 0.6), ("Royce \"Da\" 5'9", 0.35)],
            "Royce \"Da\" 5'9": [("Nova Lux", 0.3)],
            "Backslash \\ Semicolon; Band": [("Emoji Kid 🎧", 0.7)],
            "Emoji Kid 🎧": [("Nova Lux", 0.9), ("Backslash \\ Semicolon; Band", 0.65)],
            "Lax'n'Busto": [("Els Pets", 0.88), ("Mägo de Oz", 0.42)],
            "Mägo de Oz": [("Lax'n'Busto", 0.4)],
        ],
        lastFMTags: [
            "Backslash \\ Semicolon; Band": [("math rock", 100), ("seen live", 40), ("post-rock", 30), ("2010s", 10)],
            "Nova Lux": [("synthpop", 100), ("female vocalists", 60)],
            "Lax'n'Busto": [("catalan", 100), ("rock catala", 80)],
        ],
        lastFMKey: "fixture-lastfm-key")

    /// The Deezer id of a name (demo artist or outsider).
    package func deezerID(of name: String) -> Int64? { deezer[name]?.id ?? deezerOutsiders[name] }

    /// The demo or outsider name of a Deezer id, with Deezer's spelling.
    package func deezerArtist(id: Int64) -> (id: Int64, name: String, fans: Int?)? {
        if let entry = deezer.values.first(where: { $0.id == id }) { return (entry.id, entry.name, entry.fans) }
        return deezerOutsiders.first { $0.value == id }.map { ($0.value, $0.key, nil) }
    }
}
