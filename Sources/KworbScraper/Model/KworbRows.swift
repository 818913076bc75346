/// An artist linked from a kworb page.
public struct KworbArtistLink: Sendable, Hashable, Codable {
    /// Spotify artist id (from the link).
    public var id: String
    /// The link text.
    public var name: String

    /// Creates a link.
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// A row of `artists.html`.
public struct KworbArtistListEntry: Sendable, Hashable, Codable {
    /// Rank (the Pos column, or the row number when the page adds it client-side).
    public var rank: Int
    /// Spotify artist id.
    public var artistID: String
    /// Artist name.
    public var name: String
    /// Total streams, when the page has a streams column.
    public var streams: Int64?

    /// Creates a value.
    public init(rank: Int, artistID: String, name: String, streams: Int64?) {
        self.rank = rank
        self.artistID = artistID
        self.name = name
        self.streams = streams
    }
}

/// A row of a country chart.
public struct KworbChartEntry: Sendable, Hashable, Codable {
    /// Chart position, when the page has a Pos column.
    public var position: Int?
    /// Every linked artist, lead first.
    public var artists: [KworbArtistLink]
    /// Spotify track id, when the title is linked.
    public var trackID: String?
    /// Track title.
    public var title: String
    /// Every cell's text by its column header (numbers still formatted).
    public var cells: [String: String]

    /// The numeric value of the column headed `header` (thousands separators and signs handled).
    public func number(_ header: String) -> Int64? { cells[header].flatMap(KworbNumber.parse) }

    /// Creates a value.
    public init(position: Int?, artists: [KworbArtistLink], trackID: String?, title: String, cells: [String: String]) {
        self.position = position
        self.artists = artists
        self.trackID = trackID
        self.title = title
        self.cells = cells
    }
}

/// A parsed country chart page.
public struct KworbChartPage: Sendable, Hashable, Codable {
    /// The page title (`Spotify Daily Chart - United States - 2026/06/27`), when present.
    public var title: String?
    /// Column headers in page order.
    public var headers: [String]
    /// The rows (page order, or the seed's `d1`-then-`d0` order in `seed2020` mode).
    public var entries: [KworbChartEntry]

    /// Creates a value.
    public init(title: String?, headers: [String], entries: [KworbChartEntry]) {
        self.title = title
        self.headers = headers
        self.entries = entries
    }
}

/// A song of `artist/<id>_songs.html`.
public struct KworbSong: Sendable, Hashable, Codable {
    /// Title as linked.
    public var title: String
    /// Spotify track id from the `open.spotify.com/track/<id>` link.
    public var trackID: String
    /// All-time streams.
    public var streams: Int64
    /// Daily streams; `nil` when the page has no Daily column or the cell is empty (never a
    /// made-up 0).
    public var daily: Int64?
    /// The artist is only featured on the song (`* ` prefix).
    public var featuredOnly: Bool

    /// Creates a value.
    public init(title: String, trackID: String, streams: Int64, daily: Int64?, featuredOnly: Bool) {
        self.title = title
        self.trackID = trackID
        self.streams = streams
        self.daily = daily
        self.featuredOnly = featuredOnly
    }
}

/// A parsed `artist/<id>_songs.html` page.
public struct KworbArtistSongsPage: Sendable, Hashable, Codable {
    /// The artist's name from the page title.
    public var artistName: String?
    /// The data date, `YYYY/MM/DD`.
    public var lastUpdated: String?
    /// The summary table: row label (Streams, Daily, Tracks) → column (Total, As lead, Solo,
    /// As feature (*)) → value.
    public var summary: [String: [String: Int64]]
    /// The songs, in page order.
    public var songs: [KworbSong]

    /// Creates a value.
    public init(artistName: String?, lastUpdated: String?, summary: [String: [String: Int64]], songs: [KworbSong]) {
        self.artistName = artistName
        self.lastUpdated = lastUpdated
        self.summary = summary
        self.songs = songs
    }
}

/// A row of the 2020 `artist/<id>.html` table.
public struct KworbLegacyTrackRow: Sendable, Hashable, Codable {
    /// Peak date `YYYY-MM-DD` (the page printed `YYYYMMDD`).
    public var peakDate: String
    /// Track title (lower-cased with whitespace collapsed in `seed2020` mode, as pandas and the
    /// notebook did).
    public var title: String
    /// Track id: from the row's own link by default; in `seed2020` mode looked up by lower-cased
    /// title across the page (bugs B1–B2), `"NaN"` when the lookup fails.
    public var trackID: String
    /// The artists of the With column.
    public var with: [KworbArtistLink]
    /// All-time streams.
    public var streams: Int64

    /// Creates a value.
    public init(peakDate: String, title: String, trackID: String, with: [KworbArtistLink], streams: Int64) {
        self.peakDate = peakDate
        self.title = title
        self.trackID = trackID
        self.with = with
        self.streams = streams
    }
}
