import Foundation

/// Parses `spotify/artist/<id>.html` as kworb served it in 2020 (SEED-SPEC §1.5–1.6): the first
/// table, columns Peak Date (`YYYYMMDD`), Track (linked `../track/<id>.html`), With (linked
/// artists, relative `<id>.html`) and Streams.
///
/// `seed2020` reproduces notebook 02: titles lower-cased with whitespace runs collapsed (pandas),
/// and each row's id looked up **by that lower-cased title** in a dictionary built from every
/// cell's first track link, later rows overwriting earlier ones (B2) and a failed lookup giving
/// `"NaN"` (B1). `standard` takes each row's id from its own link.
public enum KworbLegacyArtistPageParser {
    /// Parses the page in `data` (from `source`, for messages).
    public static func parse(_ data: Data, source: String, mode: KworbMode) throws(KworbParseError) -> [KworbLegacyTrackRow] {
        let document = try parseDocument(data, source: source, kind: .legacyArtistPage)
        let tables: [HTMLTable]
        do { tables = try HTMLTable.all(in: document) } catch { throw .notHTML(kind: .legacyArtistPage, source: source) }
        guard let table = tables.first else { throw .tableNotFound(kind: .legacyArtistPage, source: source, expected: "<table>") }
        func column(_ name: String) throws(KworbParseError) -> Int {
            guard let index = table.headers.firstIndex(of: name) else {
                throw .columnMissing(kind: .legacyArtistPage, source: source, column: name, headers: table.headers)
            }
            return index
        }
        let dateColumn = try column("Peak Date"), trackColumn = try column("Track")
        let withColumn = try column("With"), streamsColumn = try column("Streams")

        // Notebook 02's tracks_dict: for every cell, its first link; track links keyed by text.
        var byName: [String: String] = [:]
        if mode == .seed2020 {
            for row in table.rows {
                for cell in table.cells(row) {
                    if let link = cell.descendants(named: "a").first, let href = link.attribute("href"), href.contains("/track/") {
                        let file = href.split(separator: "/").last.map(String.init) ?? href
                        byName[link.text.lowercased()] = String(file.split(separator: ".").first ?? "")
                    }
                }
            }
        }
        var out: [KworbLegacyTrackRow] = []
        for (index, row) in table.rows.enumerated() {
            let cells = table.cells(row)
            guard cells.count > max(dateColumn, trackColumn, withColumn, streamsColumn) else { continue }
            let dateText = cells[dateColumn].text.trimmingCharacters(in: .whitespaces)
            guard dateText.count == 8, dateText.allSatisfy(\.isNumber), let streams = KworbNumber.parse(cells[streamsColumn].text) else {
                throw .noRows(kind: .legacyArtistPage, source: source, reason: "row \(index + 1) has no YYYYMMDD peak date or stream count")
            }
            let date = "\(dateText.prefix(4))-\(dateText.dropFirst(4).prefix(2))-\(dateText.suffix(2))"
            let trackCell = cells[trackColumn]
            let link = trackCell.descendants(named: "a").first { $0.attribute("href")?.contains("track/") ?? false }
            let with = cells[withColumn].descendants(named: "a").compactMap { a -> KworbArtistLink? in
                guard let href = a.attribute("href"), !href.isEmpty else { return nil }
                return KworbArtistLink(id: String(href.split(separator: ".").first ?? ""), name: a.text)
            }
            let title: String, id: String
            if mode == .seed2020 {
                title = trackCell.text.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
                id = byName[title] ?? "NaN"
            } else {
                guard let link, let trackID = link.attribute("href").flatMap(KworbLinks.trackID(fromHref:)) else {
                    throw .linkMissing(kind: .legacyArtistPage, source: source, row: index + 1, link: "track")
                }
                title = link.text
                id = trackID
            }
            out.append(KworbLegacyTrackRow(peakDate: date, title: title, trackID: id, with: with, streams: streams))
        }
        guard !out.isEmpty else { throw .noRows(kind: .legacyArtistPage, source: source, reason: "the table is empty") }
        return out
    }
}
