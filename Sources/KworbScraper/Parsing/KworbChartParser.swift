import Foundation

/// Parses `spotify/country/<cc>_{daily,weekly,daily_totals,weekly_totals}.html`.
///
/// The table is the one with an "Artist and Title" column; every other column is kept by its
/// header text. Each row yields every linked artist (lead first), the track id and title.
/// `seed2020` reproduces notebook 01 on the Spain page: all `tr.d1` rows, then all `tr.d0` rows,
/// and only the lead (first) artist.
public enum KworbChartParser {
    /// Parses the page in `data` (from `source`, for messages).
    public static func parse(_ data: Data, source: String, mode: KworbMode) throws(KworbParseError) -> KworbChartPage {
        let document = try parseDocument(data, source: source, kind: .countryChart)
        let tables: [HTMLTable]
        do { tables = try HTMLTable.all(in: document) } catch { throw .notHTML(kind: .countryChart, source: source) }
        guard let table = tables.first(where: { $0.headers.contains("Artist and Title") }) else {
            let seen = tables.map { $0.headers.joined(separator: "|") }.joined(separator: "; ")
            if tables.isEmpty { throw .tableNotFound(kind: .countryChart, source: source, expected: "<table>") }
            throw .columnMissing(kind: .countryChart, source: source, column: "Artist and Title", headers: seen.isEmpty ? [] : [seen])
        }
        let titleColumn = table.headers.firstIndex(of: "Artist and Title")!
        var rows = table.rows
        if mode == .seed2020 {
            rows = rows.filter { $0.classes.contains("d1") } + rows.filter { $0.classes.contains("d0") }
            guard !rows.isEmpty else {
                throw .noRows(kind: .countryChart, source: source, reason: "seed2020 mode reads tr.d1 then tr.d0 rows, and this page has none")
            }
        }
        var entries: [KworbChartEntry] = []
        for (index, row) in rows.enumerated() {
            let cells = table.cells(row)
            guard titleColumn < cells.count else { continue }
            let titleCell = cells[titleColumn]
            let links = titleCell.descendants(named: "a")
            var artists: [KworbArtistLink] = []
            var trackID: String?
            var title: String?
            for link in links {
                guard let href = link.attribute("href") else { continue }
                if href.contains("track/") {
                    if trackID == nil { trackID = KworbLinks.trackID(fromHref: href); title = link.text }
                } else if let id = KworbLinks.artistID(fromHref: href) {
                    artists.append(KworbArtistLink(id: id, name: link.text))
                }
            }
            if mode == .seed2020 {
                // `tr.find("a")`: only the first link, id = href.split("/")[2].split(".")[0].
                guard let first = links.first, let href = first.attribute("href") else {
                    throw .linkMissing(kind: .countryChart, source: source, row: index + 1, link: "artist")
                }
                let parts = href.split(separator: "/", omittingEmptySubsequences: false)
                let id = parts.count > 2 ? String(parts[2].split(separator: ".").first ?? "") : ""
                artists = [KworbArtistLink(id: id, name: first.text)]
            }
            guard !artists.isEmpty else { throw .linkMissing(kind: .countryChart, source: source, row: index + 1, link: "artist") }
            if title == nil {
                // Unlinked title: "Artist - Title"; split on the first " - " only.
                let text = titleCell.text
                title = text.range(of: " - ").map { String(text[$0.upperBound...]) } ?? text
            }
            var values: [String: String] = [:]
            for (column, header) in table.headers.enumerated() where column < cells.count && column != titleColumn {
                values[header] = cells[column].text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            entries.append(KworbChartEntry(
                position: values["Pos"].flatMap(KworbNumber.parse).map(Int.init), artists: artists, trackID: trackID,
                title: title!, cells: values))
        }
        guard !entries.isEmpty else { throw .noRows(kind: .countryChart, source: source, reason: "the chart table is empty") }
        let pageTitle = (try? document.elements(matching: "//span[@class='pagetitle']").first?.text)
            .flatMap { $0 }.map { $0.components(separatedBy: " | ").first!.trimmingCharacters(in: .whitespacesAndNewlines) }
        return KworbChartPage(title: pageTitle, headers: table.headers, entries: entries)
    }
}
