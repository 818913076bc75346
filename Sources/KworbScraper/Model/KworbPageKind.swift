/// The kinds of kworb page the pipeline reads.
public enum KworbPageKind: String, Sendable, Codable, CaseIterable {
    /// `spotify/artists.html`: the all-time artist list.
    case artistList = "artists"
    /// `spotify/country/<cc>_{daily,weekly,daily_totals,weekly_totals}.html`.
    case countryChart = "country"
    /// `spotify/artist/<id>_songs.html` (today's song table).
    case artistSongs = "songs"
    /// `spotify/artist/<id>.html` as it was in 2020 (Peak Date, Track, With, Streams).
    case legacyArtistPage = "artist-2020"
}
