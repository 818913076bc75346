import Foundation
import KworbScraper
import XCTest

/// Pages are accepted whole or refused: a download cut off anywhere inside a table is a typed
/// `incomplete` error naming the file, never the rows before the cut; an absent optional column is
/// empty, never 0.
final class TruncatedPageTests: XCTestCase {
    private func assertIncomplete(_ body: () throws -> Void, _ what: String) {
        XCTAssertThrowsError(try body(), what) { error in
            guard case KworbParseError.incomplete(_, let source, let reason) = error else { return XCTFail("\(what): \(error)") }
            XCTAssertTrue(source.hasSuffix(".html"), source)
            XCTAssertTrue(reason.contains("ends inside a table"), reason)
        }
    }

    /// The 69 KB Korean weekly chart (200 rows) cut at 30 KB — the case that gave 85 rows and a
    /// half title — and at every tenth of its length.
    func testACountryPageCutAnywhereInsideItsTableIsRefused() throws {
        let name = "country_kr_weekly.chrome-stripped.2026-07-16.html"
        let page = try fixture(name)
        XCTAssertEqual(try KworbChartParser.parse(page, source: name, mode: .standard).entries.count, 200)
        let tableStart = try XCTUnwrap(page.range(of: Data("<table".utf8))).lowerBound
        let tableEnd = try XCTUnwrap(page.range(of: Data("</table>".utf8), options: .backwards)).lowerBound
        var cuts = [30_000]
        for tenth in 1...9 { cuts.append(page.count * tenth / 10) }
        for cut in cuts where cut > tableStart && cut < tableEnd {
            assertIncomplete({ _ = try KworbChartParser.parse(page.prefix(cut), source: name, mode: .standard) }, "cut at \(cut)")
        }
    }

    func testEveryPageKindRefusesACutInsideItsTable() throws {
        let pages: [(String, (Data, String) throws -> Void)] = [
            ("country_us_daily.trimmed.2026-06-27.html", { _ = try KworbChartParser.parse($0, source: $1, mode: .standard) }),
            ("artist_6dbdXbyAWk2qx8Qttw0knR_songs.josman.2026-07-06.html", { _ = try KworbArtistSongsParser.parse($0, source: $1) }),
            ("artist_legacy_2020_sample.html", { _ = try KworbLegacyArtistPageParser.parse($0, source: $1, mode: .seed2020) }),
            ("country_es_weekly_totals_2020_sample.html", { _ = try KworbChartParser.parse($0, source: $1, mode: .seed2020) }),
        ]
        for (name, parse) in pages {
            let page = try fixture(name)
            XCTAssertNoThrow(try parse(page, name), name)
            let end = try XCTUnwrap(page.range(of: Data("</table>".utf8), options: .backwards)).lowerBound
            // Mid-row: just before the last table closes.
            assertIncomplete({ try parse(page.prefix(end - 7), name) }, name)
            // A page cut after its last table closed holds every row: accepted.
            XCTAssertNoThrow(try parse(page.prefix(end + "</table>".count), name), name)
        }
    }

    func testASongsPageWithoutItsDailyColumnGivesNoDailyValueNotZero() throws {
        let name = "artist_6dbdXbyAWk2qx8Qttw0knR_songs.josman.2026-07-06.html"
        let original = try fixture(name)
        let renamed = Data(String(decoding: original, as: UTF8.self).replacingOccurrences(of: ">Daily<", with: ">Per day<").utf8)
        XCTAssertNotEqual(renamed, original, "the fixture has a Daily header")
        let before = try KworbArtistSongsParser.parse(original, source: name).songs
        let after = try KworbArtistSongsParser.parse(renamed, source: name).songs
        XCTAssertTrue(before.contains { ($0.daily ?? 0) > 0 })
        XCTAssertEqual(after.count, before.count)
        XCTAssertTrue(after.allSatisfy { $0.daily == nil }, "an absent column must read as no value")
        XCTAssertEqual(after.map(\.streams), before.map(\.streams))
    }
}
