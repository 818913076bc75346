/// Renders the demo catalogue as kworb pages in today's markup (EXTERNAL-APIS §3.2: the
/// `_songs` summary and `addpos` song table, the country chart's `text mp` title cells), so the
/// real parsers read them exactly as they read kworb.
package struct KworbPageRenderer: Sendable {
    /// The world to render.
    package let catalogue: DemoCatalogue

    /// A renderer for `catalogue`.
    package init(catalogue: DemoCatalogue) { self.catalogue = catalogue }

    /// `spotify/artists.html`: the global list, most streamed first.
    package func artistList() -> String {
        let listed = catalogue.artists.indices.filter { catalogue.artists[$0].listing == .global }
            .map { (index: $0, streams: catalogue.songs(of: $0).reduce(Int64(0)) { $0 + max(0, $1.streams) }) }
            .sorted { $0.streams > $1.streams }
        var rows = ""
        for entry in listed {
            let artist = catalogue.artists[entry.index]
            rows += "<tr><td class=\"text\"><div><a href=\"artist/\(artist.id)_songs.html\">\(Self.escape(artist.name))</a></div></td>"
                + "<td>\(Self.grouped(entry.streams))</td><td>\(Self.grouped(entry.streams / 3650))</td></tr>\n"
        }
        return page(title: "Spotify Artists - Most Streamed", body: """
            <table class="sortable"><thead><tr><th class="text">Artist</th><th>Streams</th><th>Daily</th></tr></thead><tbody>
            \(rows)</tbody></table>
            """)
    }

    /// `spotify/country/<cc>_weekly_totals.html`: every kworb song, lead artist linked first.
    package func countryTotals(country: String) -> String {
        var rows = ""
        for song in catalogue.songs where song.streams > 0 {
            let links = song.artists.map { index in
                let artist = catalogue.artists[index]
                return "<a href=\"../artist/\(artist.id).html\">\(Self.escape(artist.name))</a>"
            }.joined(separator: " & ")
            rows += "<tr><td class=\"text mp\"><div>\(links) - <a href=\"../track/\(song.id).html\">\(Self.escape(song.title))</a></div></td>"
                + "<td>12</td><td>3</td><td>1</td><td>(x2)</td><td>\(Self.grouped(song.streams / 50))</td><td>\(Self.grouped(song.streams / 10))</td></tr>\n"
        }
        return page(title: "Spotify Weekly Chart Totals - \(country.uppercased())", body: """
            <table class="sortable"><thead><tr><th class="text">Artist and Title</th><th>Wks</th><th>T10</th><th>Pk</th><th>(x?)</th><th>PkStreams</th><th>Total</th></tr></thead><tbody>
            \(rows)</tbody></table>
            """)
    }

    /// `spotify/artist/<id>_songs.html`, or `nil` when kworb has no page for that id.
    package func songsPage(artistID: String) -> String? {
        guard let index = catalogue.artists.firstIndex(where: { $0.id == artistID }), catalogue.artists[index].listing != .searchOnly else { return nil }
        let songs = catalogue.songs(of: index).filter { $0.streams > 0 }
        let total = songs.reduce(Int64(0)) { $0 + $1.streams }
        let lead = songs.filter { $0.artists.first == index }
        var rows = ""
        for song in songs {
            let star = song.artists.first == index ? "" : "* "
            rows += "<tr><td class=\"text\"><div>\(star)<a href=\"https://open.spotify.com/track/\(song.id)\" target=\"_blank\">\(Self.escape(song.title))</a></div></td>"
                + "<td>\(Self.grouped(song.streams))</td><td>\(Self.grouped(song.streams / 3650))</td></tr>\n"
        }
        let artist = catalogue.artists[index]
        return """
            <span class="pagetitle">\(Self.escape(artist.name)) - Spotify Top Songs
            </span><br><br>Last updated: 2026/11/28<br><br>
            <table style="width: 580px;">
            <thead><tr><th class="text"></th><th>Total</th><th>As lead</th><th>Solo</th><th>As feature (*)</th></tr></thead><tbody>
            <tr><td class="text">Streams</td><td>\(Self.grouped(total))</td><td class="smaller">\(Self.grouped(lead.reduce(Int64(0)) { $0 + $1.streams }))</td><td class="smaller">0</td><td class="smaller">\(Self.grouped(total - lead.reduce(Int64(0)) { $0 + $1.streams }))</td></tr>
            <tr><td class="text">Daily</td><td>0</td><td class="smaller">0</td><td class="smaller">0</td><td class="smaller">0</td></tr>
            <tr><td class="text">Tracks</td><td>\(songs.count)</td><td class="smaller">\(lead.count)</td><td class="smaller">0</td><td class="smaller">\(songs.count - lead.count)</td></tr>
            </tbody></table><br><br>
            <table class="addpos sortable" style="width: 530px;">
            <thead><tr><th class="text">Song Title</th><th>Streams</th><th>Daily</th></tr></thead><tbody>
            \(rows)</tbody></table>
            """
    }

    private func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><title>\(Self.escape(title))</title><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head>
        <body><div class="container"><span class="pagetitle">\(Self.escape(title))</span>
        \(body)
        </div></body></html>
        """
    }

    /// HTML text escaping.
    package static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// `1234567` → `1,234,567`, as kworb prints numbers.
    static func grouped(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { out += "," }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }
}
