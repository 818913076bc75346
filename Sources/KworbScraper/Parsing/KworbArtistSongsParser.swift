import Foundation

/// Parses today's `spotify/artist/<id>_songs.html`: the page title's artist name, the "Last
/// updated" date, the summary table (Streams / Daily / Tracks × Total / As lead / Solo /
/// As feature) and the songs table (Song Title | Streams | Daily; the rank column is added by
/// JavaScript, so the HTML has none). Track ids come from the `open.spotify.com/track/<id>` links;
/// a `* ` before the link means the artist is only featured.
public enum KworbArtistSongsParser {
    /// Parses the page in `data` (from `source`, for messages).
    public static func parse(_ data: Data, source: String) throws(KworbParseError) -> KworbArtistSongsPage {
        let document = try parseDocument(data, source: source, kind: .artistSongs)
        let tables: [HTMLTable]
        do { tables = try HTMLTable.all(in: document) } catch { throw .notHTML(kind: .artistSongs, source: source) }
        guard let songs = tables.first(where: { $0.headers.contains("Song Title") }) else {
            throw .tableNotFound(kind: .artistSongs, source: source, expected: "table with a 'Song Title' column")
        }
        let titleColumn = songs.headers.firstIndex(of: "Song Title")!
        guard let streamsColumn = songs.headers.firstIndex(of: "Streams") else {
            throw .columnMissing(kind: .artistSongs, source: source, column: "Streams", headers: songs.headers)
        }
        let dailyColumn = songs.headers.firstIndex(of: "Daily")
        var list: [KworbSong] = []
        for (index, row) in songs.rows.enumerated() {
            let cells = songs.cells(row)
            guard cells.count > max(titleColumn, streamsColumn) else { continue }
            let cell = cells[titleColumn]
            guard let link = cell.descendants(named: "a").first(where: { $0.attribute("href")?.contains("track/") ?? false }),
                let id = link.attribute("href").flatMap(KworbLinks.trackID(fromHref:))
            else { throw .linkMissing(kind: .artistSongs, source: source, row: index + 1, link: "open.spotify.com/track") }
            guard let streams = KworbNumber.parse(cells[streamsColumn].text) else {
                throw .noRows(kind: .artistSongs, source: source, reason: "row \(index + 1) has no stream count")
            }
            let daily = dailyColumn.flatMap { $0 < cells.count ? KworbNumber.parse(cells[$0].text) : nil }
            let featured = cell.text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("*")
            list.append(KworbSong(title: link.text, trackID: id, streams: streams, daily: daily, featuredOnly: featured))
        }
        guard !list.isEmpty else { throw .noRows(kind: .artistSongs, source: source, reason: "the songs table is empty") }

        var summary: [String: [String: Int64]] = [:]
        if let table = tables.first(where: { $0.headers.contains("Total") && $0.headers.contains("As lead") }) {
            for row in table.rows {
                let cells = table.cells(row)
                guard let label = cells.first?.text.trimmingCharacters(in: .whitespacesAndNewlines), !label.isEmpty else { continue }
                var values: [String: Int64] = [:]
                for (column, header) in table.headers.enumerated() where column > 0 && column < cells.count {
                    if let value = KworbNumber.parse(cells[column].text) { values[header] = value }
                }
                summary[label] = values
            }
        }
        // A cut-off download still parses (libxml2 recovers); the summary's track count says how
        // many rows there should be.
        if let expected = summary["Tracks"]?["Total"], expected != Int64(list.count) {
            throw .incomplete(kind: .artistSongs, source: source, reason: "the summary lists \(expected) tracks, the table has \(list.count)")
        }
        let pageTitle = (try? document.elements(matching: "//span[@class='pagetitle']"))?.first?.text
        let artist = pageTitle?.components(separatedBy: " - Spotify Top Songs").first?.trimmingCharacters(in: .whitespacesAndNewlines)
        let body = document.root?.text ?? ""
        let updated = body.range(of: #"Last updated: \d{4}/\d{2}/\d{2}"#, options: .regularExpression)
            .map { String(body[$0].suffix(10)) }
        return KworbArtistSongsPage(artistName: artist, lastUpdated: updated, summary: summary, songs: list)
    }
}
