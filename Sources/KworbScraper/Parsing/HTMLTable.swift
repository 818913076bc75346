import Foundation

/// A `<table>` read by header text: the header row's `<th>` texts and the data rows' `<td>` cells.
struct HTMLTable {
    let element: HTMLElement
    /// Header texts, trimmed.
    let headers: [String]
    /// Data rows (`<tr>` with `<td>` cells), in document order.
    let rows: [HTMLElement]

    init(_ element: HTMLElement) {
        self.element = element
        var headers: [String] = []
        var rows: [HTMLElement] = []
        for row in element.descendants(named: "tr") {
            if headers.isEmpty, row.hasChild(named: "th") {
                headers = row.children.filter { $0.isNamed("th") || $0.isNamed("td") }
                    .map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
            } else if row.hasChild(named: "td") {
                rows.append(row)
            }
        }
        self.headers = headers
        self.rows = rows
    }

    /// The `<td>` cells of `row`.
    func cells(_ row: HTMLElement) -> [HTMLElement] { row.children(named: "td") }

    /// Index of the first header satisfying `matches`.
    func column(where matches: (String) -> Bool) -> Int? { headers.firstIndex(where: matches) }

    /// Every table of `document` in order.
    static func all(in document: HTMLDocument) throws(HTMLError) -> [HTMLTable] {
        try document.elements(matching: "//table").map(HTMLTable.init)
    }
}

/// Pulls ids out of kworb and Spotify hrefs.
enum KworbLinks {
    /// `artist/<id>.html`, `../artist/<id>.html`, `artist/<id>_songs.html`, `<id>.html` → `<id>`.
    static func artistID(fromHref href: String) -> String? {
        let file = href.split(separator: "/").last.map(String.init) ?? href
        guard file.hasSuffix(".html") else { return nil }
        var id = String(file.dropLast(5))
        for suffix in ["_songs", "_albums"] where id.hasSuffix(suffix) { id = String(id.dropLast(suffix.count)) }
        return isSpotifyID(id) ? id : nil
    }

    /// `../track/<id>.html` or `https://open.spotify.com/track/<id>` (with any query) → `<id>`.
    static func trackID(fromHref href: String) -> String? {
        guard let range = href.range(of: "track/") else { return nil }
        let id = String(href[range.upperBound...].prefix { $0.isLetter || $0.isNumber })
        return isSpotifyID(id) ? id : nil
    }

    /// Spotify ids are 22 base-62 characters.
    static func isSpotifyID(_ text: String) -> Bool {
        text.utf8.count == 22 && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }
    }
}

/// Parses the page, mapping an empty or non-HTML input to the page kind's error.
func parseDocument(_ data: Data, source: String, kind: KworbPageKind) throws(KworbParseError) -> HTMLDocument {
    let head = data.prefix(4096)
    let looksLikeHTML = String(decoding: head, as: UTF8.self).range(of: "<[a-zA-Z!]", options: .regularExpression) != nil
    guard !data.isEmpty, looksLikeHTML, !head.contains(0) else { throw .notHTML(kind: kind, source: source) }
    do {
        return try HTMLDocument(data: data, source: source)
    } catch {
        throw .notHTML(kind: kind, source: source)
    }
}
