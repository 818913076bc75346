import Foundation

/// Parses `spotify/artists.html` (SEED-SPEC §1.1).
///
/// `seed2020`: the first `<table>`, rows with exactly three `<td>`, the id from the row's first
/// link (`href.split("/")[1].split(".")[0]`), the name as the second cell's text with every `'`
/// replaced by a space. `standard`: the table whose header has an Artist column, columns found by
/// header text, names verbatim, ids from the artist cell's own link (also `<id>_songs.html`).
public enum KworbArtistListParser {
    /// Parses the page in `data` (from `source`, for messages).
    public static func parse(_ data: Data, source: String, mode: KworbMode) throws(KworbParseError) -> [KworbArtistListEntry] {
        let document = try parseDocument(data, source: source, kind: .artistList)
        let tables: [HTMLTable]
        do { tables = try HTMLTable.all(in: document) } catch { throw .notHTML(kind: .artistList, source: source) }
        return mode == .seed2020 ? try seed(tables, source: source) : try standard(tables, source: source)
    }

    private static func seed(_ tables: [HTMLTable], source: String) throws(KworbParseError) -> [KworbArtistListEntry] {
        guard let table = tables.first else { throw .tableNotFound(kind: .artistList, source: source, expected: "<table>") }
        var out: [KworbArtistListEntry] = []
        for row in table.rows {
            let cells = table.cells(row)
            guard cells.count == 3 else { continue }
            guard let link = row.firstDescendant(named: "a"), let href = link.attribute("href") else {
                throw .linkMissing(kind: .artistList, source: source, row: out.count + 1, link: "artist")
            }
            let parts = href.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count > 1 else { throw .linkMissing(kind: .artistList, source: source, row: out.count + 1, link: "artist/<id>.html") }
            let id = String(parts[1].split(separator: ".", omittingEmptySubsequences: false).first ?? "")
            out.append(KworbArtistListEntry(
                rank: out.count + 1, artistID: id, name: cells[1].text.apostrophesAsSpaces,
                streams: KworbNumber.parse(cells[2].text)))
        }
        guard !out.isEmpty else { throw .noRows(kind: .artistList, source: source, reason: "no row with three cells") }
        return out
    }

    private static func standard(_ tables: [HTMLTable], source: String) throws(KworbParseError) -> [KworbArtistListEntry] {
        guard let table = tables.first(where: { $0.headers.contains { $0.localizedCaseInsensitiveContains("artist") } }) else {
            throw .tableNotFound(kind: .artistList, source: source, expected: "table with an Artist column")
        }
        guard let artistColumn = table.column(where: { $0.localizedCaseInsensitiveContains("artist") }) else {
            throw .columnMissing(kind: .artistList, source: source, column: "Artist", headers: table.headers)
        }
        let streamsColumn = table.column { $0 == "Total Streams" } ?? table.column { $0 == "Streams" }
        let rankColumn = table.column { $0 == "Pos" || $0 == "#" }
        // `addpos` tables get their rank column from JavaScript: the header has one more column
        // than the HTML rows.
        let shift = table.headers.count - (table.rows.first.map { table.cells($0).count } ?? table.headers.count)
        var out: [KworbArtistListEntry] = []
        for (index, row) in table.rows.enumerated() {
            let cells = table.cells(row)
            func cell(_ column: Int?) -> HTMLElement? {
                guard let column, column - shift >= 0, column - shift < cells.count else { return nil }
                return cells[column - shift]
            }
            guard let artistCell = cell(artistColumn) else { continue }
            guard let link = artistCell.firstDescendant(named: "a"), let href = link.attribute("href"),
                let id = KworbLinks.artistID(fromHref: href)
            else { throw .linkMissing(kind: .artistList, source: source, row: index + 1, link: "artist") }
            let rank = cell(rankColumn).flatMap { KworbNumber.parse($0.text) }.map(Int.init) ?? index + 1
            out.append(KworbArtistListEntry(
                rank: rank, artistID: id, name: link.text, streams: cell(streamsColumn).flatMap { KworbNumber.parse($0.text) }))
        }
        guard !out.isEmpty else { throw .noRows(kind: .artistList, source: source, reason: "the artist table is empty") }
        return out
    }
}
