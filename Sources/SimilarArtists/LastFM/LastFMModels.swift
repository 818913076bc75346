import Foundation

/// Last.fm's similar artists of one artist, and the artist it answered for.
public struct LastFMSimilarArtists: Sendable, Equatable, Codable {
    /// The artist as Last.fm resolved the query (`@attr.artist`, after autocorrection); `nil`
    /// when the answer does not say.
    public var artist: String?
    /// The similar artists, most similar first.
    public var artists: [LastFMSimilarArtist]

    /// A list.
    public init(artist: String?, artists: [LastFMSimilarArtist]) {
        self.artist = artist
        self.artists = artists
    }
}

/// A Last.fm tag and how often listeners applied it to the artist (Last.fm scales the top tag to 100).
public struct LastFMTag: Sendable, Equatable, Codable {
    /// The tag as users wrote it.
    public var name: String
    /// Relative use, 0–100.
    public var count: Int

    /// A tag.
    public init(name: String, count: Int) {
        self.name = name
        self.count = count
    }

    /// Whether the tag reads as a genre. Last.fm tags are free text: besides genres they hold
    /// opinions, places, decades, moods and listening habits. A tag is kept when it is one to
    /// four words, holds a letter, is not a decade ("80s") or a place alone ("british"; "british
    /// invasion" stays), and none of its words marks an opinion or a habit ("seen live",
    /// "female vocalists"); the vocabularies are small on purpose and err towards keeping.
    public var isGenreLike: Bool {
        let lowered = name.lowercased()
        let words = lowered.split { !$0.isLetter && !$0.isNumber && $0 != "-" && $0 != "&" }.map(String.init)
        guard (1...4).contains(words.count), lowered.contains(where: \.isLetter) else { return false }
        if words.count == 1, let only = words.first, only.allSatisfy({ $0.isNumber || $0 == "s" }) { return false }   // "80s", "2010s"
        if words.count == 1, let only = words.first, Self.placeWords.contains(only) { return false }
        return !words.contains { Self.nonGenreWords.contains($0) }
    }

    /// Words that mark a tag as something other than a genre.
    static let nonGenreWords: Set<String> = [
        "seen", "live", "favorite", "favorites", "favourite", "favourites", "fav", "love", "loved", "awesome", "beautiful",
        "best", "amazing", "good", "great", "cool", "sexy", "cute", "hot", "my", "i", "me", "all", "under", "albums",
        "vocalist", "vocalists", "female", "male", "singer", "singers", "songwriter", "songwriters", "band", "bands",
        "artist", "artists", "spotify", "youtube", "radio", "playlist",
    ]

    /// Places, which name a genre only with another word.
    static let placeWords: Set<String> = [
        "british", "american", "usa", "uk", "canadian",
        "australian", "french", "german", "swedish", "korean", "japanese", "brazilian", "mexican", "spanish", "italian",
        "irish", "scottish", "norwegian", "danish", "finnish", "dutch", "belgian", "polish", "russian", "puerto", "rico",
        "colombian", "argentinian", "chilean", "cuban", "jamaican", "nigerian", "african", "chinese", "indian",
    ]
}
