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

/// How many `<table` and `</table>` tags `data` holds (ASCII case-insensitive byte scan).
func tableTags(in data: Data) -> (opened: Int, closed: Int) {
    let open = Array("<table".utf8), close = Array("</table".utf8)
    var opened = 0, closed = 0
    data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
        let bytes = raw.bindMemory(to: UInt8.self)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "<") {
                if matches(bytes, at: i, close) { closed += 1 } else if matches(bytes, at: i, open), i + open.count < bytes.count,
                    [UInt8(ascii: " "), UInt8(ascii: ">"), UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(bytes[i + open.count]) {
                    opened += 1
                }
            }
            i += 1
        }
    }
    return (opened, closed)
}

private func matches(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, _ pattern: [UInt8]) -> Bool {
    guard index + pattern.count <= bytes.count else { return false }
    for (offset, byte) in pattern.enumerated() where bytes[index + offset] | 0x20 != byte | 0x20 { return false }
    return true
}

/// Parses the page, mapping an empty or non-HTML input to the page kind's error.
func parseDocument(_ data: Data, source: String, kind: KworbPageKind) throws(KworbParseError) -> HTMLDocument {
    let head = data.prefix(4096)
    let looksLikeHTML = String(decoding: head, as: UTF8.self).range(of: "<[a-zA-Z!]", options: .regularExpression) != nil
    guard !data.isEmpty, looksLikeHTML, !head.contains(0) else { throw .notHTML(kind: kind, source: source) }
    // libxml2 recovers from a document cut off mid-table and yields the rows before the cut, the
    // last one possibly half: refuse the page instead (a download that stopped early).
    let (opened, closed) = tableTags(in: data)
    if closed < opened {
        throw .incomplete(kind: kind, source: source, reason: "the page ends inside a table (\(closed) of \(opened) tables closed; a cut-off download?)")
    }
    do {
        return try HTMLDocument(data: data, source: source)
    } catch {
        throw .notHTML(kind: kind, source: source)
    }
}
