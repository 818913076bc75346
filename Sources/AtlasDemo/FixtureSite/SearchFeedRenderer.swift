import Foundation
import Pipeline

/// The fixture site's stand-in for YouTube search: an RSS feed (which yt-dlp's generic
/// extractor reads as a playlist of title, duration and URL) listing, for every demo song that
/// shares a word with the query, a live recording first (the kind of result the 2020 rules
/// accepted) and then the official upload, each pointing at the song's audio.
package struct SearchFeedRenderer: Sendable {
    /// The world searched.
    package let catalogue: DemoCatalogue

    /// A renderer for `catalogue`.
    package init(catalogue: DemoCatalogue) { self.catalogue = catalogue }

    /// The feed for `query`; media URLs are made absolute with `base`.
    package func feed(query: String, base: URL) -> String {
        let wanted = Set(Self.words(query))
        var items = ""
        for song in catalogue.songs {
            let artist = catalogue.artists[song.artists[0]].name
            guard !wanted.isDisjoint(with: Self.words(song.title + " " + artist)) else { continue }
            let media = base.appendingPathComponent("media/\(song.id).wav").absoluteString
            items += item(title: "\(artist) - \(song.title) (Live at Wembley)", seconds: song.seconds + 40, url: media + "?version=live")
            items += item(title: "\(artist) - \(song.title) (Official Audio)", seconds: song.seconds, url: media)
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
            <title>search: \(KworbPageRenderer.escape(query))</title>
            \(items)</channel></rss>
            """
    }

    private func item(title: String, seconds: Double, url: String) -> String {
        "<item><title>\(KworbPageRenderer.escape(title))</title><itunes:duration>\(Int(seconds))</itunes:duration>"
            + "<enclosure url=\"\(KworbPageRenderer.escape(url))\" type=\"audio/wav\"/></item>\n"
    }

    static func words(_ text: String) -> [String] {
        FakeSpotifyResponder.fold(text).split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }
}
