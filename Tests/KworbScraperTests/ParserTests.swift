import Foundation
import KworbScraper
import TestSupport
import XCTest

/// Every committed kworb page, the 2020 artist list against master_artist.csv, and broken variants.
final class ParserTests: XCTestCase {
    /// Check 1 of the seed fixtures: the 2020 page in seed2020 mode is the first 10,000 rows of
    /// master_artist.csv — ids, names (apostrophes as spaces) and order.
    func testArtistList2020ReproducesMasterArtist() throws {
        let page = try Data(contentsOf: URL(fileURLWithPath: try SharedFixtures.path("seed-2020/kworb_artists_2020.html")))
        let ours = try KworbArtistListParser.parse(page, source: "kworb_artists_2020.html", mode: .seed2020)
        let master = try String(contentsOfFile: try SharedFixtures.path("seed-2020/master_artist.csv"), encoding: .utf8)
        let expected = Array(CSVLines.parse(master).dropFirst().prefix(10_000))
        XCTAssertEqual(ours.count, 10_000)
        var mismatches = 0
        for (a, b) in zip(ours, expected) where a.artistID != b[0] || a.name != b[1] { mismatches += 1 }
        XCTAssertEqual(mismatches, 0)
        XCTAssertEqual(ours.first?.streams, 19_730_111_322)

        let fixed = try KworbArtistListParser.parse(page, source: "kworb_artists_2020.html", mode: .standard)
        XCTAssertEqual(fixed.map(\.artistID), ours.map(\.artistID))
        XCTAssertEqual(fixed.filter { $0.name.contains("'") }.count, 57, "default keeps the 57 apostrophes")
        XCTAssertEqual(fixed.map(\.rank), Array(1...10_000))
    }

    func testTodaysArtistListLayoutWithSongLinksAndClientSideRank() throws {
        let html = """
            <table class="addpos sortable"><thead><tr><th>Pos</th><th class="text">Artist</th><th>Streams</th><th>Daily</th></tr></thead>
            <tbody><tr><td class="text"><div><a href="artist/3TVXtAsR1Inumwj472S9r4_songs.html">Drake</a></div></td><td>136,656</td><td>57</td></tr>
            <tr><td class="text"><div><a href="artist/6eUKZXaKkcviH0Ku9w2n3V_songs.html">Ed Sheeran</a></div></td><td>120,001</td><td>50</td></tr></tbody></table>
            """
        let rows = try KworbArtistListParser.parse(Data(html.utf8), source: "artists.html", mode: .standard)
        XCTAssertEqual(rows.map(\.artistID), ["3TVXtAsR1Inumwj472S9r4", "6eUKZXaKkcviH0Ku9w2n3V"])
        XCTAssertEqual(rows.map(\.rank), [1, 2])
        XCTAssertEqual(rows.map(\.streams), [136_656, 120_001])
    }

    func testDailyChartRowsLinksAndColumns() throws {
        let page = try KworbChartParser.parse(try fixture("country_us_daily.trimmed.2026-06-27.html"), source: "us_daily", mode: .standard)
        XCTAssertEqual(page.title, "Spotify Daily Chart - United States - 2026/06/27")
        XCTAssertEqual(page.headers, ["Pos", "P+", "Artist and Title", "Days", "Pk", "(x?)", "Streams", "Streams+", "7Day", "7Day+", "Total"])
        XCTAssertEqual(page.entries.count, 8)
        let first = page.entries[0]
        XCTAssertEqual(first.position, 1)
        XCTAssertEqual(first.artists, [KworbArtistLink(id: "6BRxQ8cD3eqnrVj6WKDok8", name: "Ella Langley")])
        XCTAssertEqual(first.trackID, "65DbTqJKhbwqYbZ1Okr0rc")
        XCTAssertEqual(first.title, "Choosin' Texas")
        XCTAssertEqual(first.number("Streams"), 1_726_927)
        XCTAssertEqual(first.number("Streams+"), 43_351)
        XCTAssertEqual(first.number("Total"), 317_019_139)
        XCTAssertEqual(first.cells["P+"], "=")
    }

    func testWeeklyChartHasEveryRowAndEveryArtist() throws {
        let page = try KworbChartParser.parse(try fixture("country_kr_weekly.chrome-stripped.2026-07-16.html"), source: "kr_weekly", mode: .standard)
        XCTAssertEqual(page.entries.count, 200)
        XCTAssertEqual(page.entries.map(\.position), Array(1...200))
        XCTAssertTrue(page.headers.contains("Wks"))
        XCTAssertTrue(page.entries.contains { $0.artists.count > 1 }, "collaborations list every artist")
        XCTAssertTrue(page.entries.allSatisfy { $0.trackID.map { $0.count == 22 } ?? true })
        XCTAssertEqual(Set(page.entries.compactMap { $0.cells["P+"] }).isSuperset(of: ["=", "NEW"]), true)
    }

    /// Notebook 01 on the Spain page: every tr.d1, then every tr.d0, lead artist only.
    func testSeedModeReadsD1RowsBeforeD0RowsAndOnlyTheLead() throws {
        let data = try fixture("country_es_weekly_totals_2020_sample.html")
        let seed = try KworbChartParser.parse(data, source: "es_weekly_totals", mode: .seed2020)
        XCTAssertEqual(seed.entries.map { $0.artists.map(\.name) }, [["ROSALÍA"], ["Anuel AA"], ["Bad Bunny"], ["Shakira"]])
        let fixed = try KworbChartParser.parse(data, source: "es_weekly_totals", mode: .standard)
        XCTAssertEqual(fixed.entries.map { $0.artists.map(\.name) }, [["Bad Bunny", "Daddy Yankee"], ["ROSALÍA"], ["Shakira"], ["Anuel AA"]])
        XCTAssertNil(fixed.entries[2].trackID)
        XCTAssertEqual(fixed.entries[2].title, "Whenever", "an unlinked title is the text after the first ' - '")
        XCTAssertEqual(fixed.entries[0].number("Total"), 120_456_789)
        XCTAssertThrowsError(try KworbChartParser.parse(try fixture("country_us_daily.trimmed.2026-06-27.html"), source: "us", mode: .seed2020)) { error in
            guard case .noRows? = error as? KworbParseError else { return XCTFail("\(error)") }
        }
    }

    func testSongsPageOfJosman() throws {
        let page = try KworbArtistSongsParser.parse(try fixture("artist_6dbdXbyAWk2qx8Qttw0knR_songs.josman.2026-07-06.html"), source: "josman")
        XCTAssertEqual(page.artistName, "Josman")
        XCTAssertEqual(page.lastUpdated, "2026/07/06")
        XCTAssertEqual(page.songs.count, 169)
        XCTAssertEqual(page.songs.filter(\.featuredOnly).count, 33, "the summary's As feature (*) tracks")
        XCTAssertEqual(page.summary["Tracks"]?["As feature (*)"], 33)
        XCTAssertEqual(page.summary["Streams"]?["Total"], 2_054_685_792)
        XCTAssertEqual(page.songs.reduce(0) { $0 + $1.streams }, 2_054_685_792, "song streams add up to the total")
        XCTAssertEqual(page.songs[0], KworbSong(title: "J'aime Bien!", trackID: "4eWcCSJEe0d1gCEdKqyiHS", streams: 146_677_701, daily: 45_308, featuredOnly: false))
    }

    func testSongsPageOfBurnaBoy() throws {
        let page = try KworbArtistSongsParser.parse(try fixture("artist_3wcj11K77LjEY1PkEazffa_songs.burna-boy.trimmed.2026-10-06.html"), source: "burna")
        XCTAssertEqual(page.artistName, "Burna Boy")
        XCTAssertEqual(page.songs.count, 5)
        XCTAssertEqual(page.songs[0].title, "Location (feat. Burna Boy)")
        XCTAssertTrue(page.songs[0].featuredOnly)
    }

    /// The 2020 per-artist page: seed mode looks ids up by lower-cased title (B1, B2).
    func testLegacyArtistPageInBothModes() throws {
        let data = try fixture("artist_legacy_2020_sample.html")
        let seed = try KworbLegacyArtistPageParser.parse(data, source: "legacy", mode: .seed2020)
        XCTAssertEqual(seed.map(\.title), ["mia", "china", "mia", "vete ya"])
        XCTAssertEqual(seed.map(\.trackID), ["2Tt8QgaAWiOqp4TUenb25I", "2ksOAxtIxY8yElEWw8RhgK", "2Tt8QgaAWiOqp4TUenb25I", "NaN"])
        XCTAssertEqual(seed.map(\.peakDate), ["2018-10-12", "2019-08-02", "2018-07-22", "2020-01-03"])
        XCTAssertEqual(seed[1].with.map(\.id), ["4VMYDCV2IEDYJArk749S6m", "1vyhD5VmyZ7KMfW5gqLgo5", "1i8SpTcr7yvPOmcqrbnVXY", "1mcTU81TzQhprhouKaTkpq"])
        let fixed = try KworbLegacyArtistPageParser.parse(data, source: "legacy", mode: .standard)
        XCTAssertEqual(fixed.map(\.trackID), ["116H0KvKr2Zl4RPuVBruDO", "2ksOAxtIxY8yElEWw8RhgK", "2Tt8QgaAWiOqp4TUenb25I", "6Vvqi6jfQssYpdvAWpQSMJ"])
        XCTAssertEqual(fixed.map(\.title), ["MIA", "China", "Mia", "Vete  Ya"])
    }

    func testBrokenPagesFailLoudly() throws {
        let josman = try fixture("artist_6dbdXbyAWk2qx8Qttw0knR_songs.josman.2026-07-06.html")
        let text = String(decoding: josman, as: UTF8.self)
        let cases: [(String, Data, (KworbParseError) -> Bool)] = [
            ("truncated", josman.prefix(josman.count / 2), { if case .incomplete = $0 { return true } else { return false } }),
            ("table missing", Data(text.replacingOccurrences(of: "Song Title", with: "Something").utf8),
             { if case .tableNotFound = $0 { return true } else { return false } }),
            ("column renamed", Data(text.replacingOccurrences(of: "<th>Streams</th>", with: "<th>Plays</th>").utf8),
             { if case .columnMissing(_, _, "Streams", _) = $0 { return true } else { return false } }),
            ("empty body", Data(), { if case .notHTML = $0 { return true } else { return false } }),
            ("non-HTML", Data("{\"songs\": []}".utf8), { if case .notHTML = $0 { return true } else { return false } }),
            ("binary", Data([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0x0D]), { if case .notHTML = $0 { return true } else { return false } }),
            ("no links", Data(text.replacingOccurrences(of: "https://open.spotify.com/track/", with: "https://example.com/x/").utf8),
             { if case .linkMissing = $0 { return true } else { return false } }),
        ]
        for (name, data, expected) in cases {
            XCTAssertThrowsError(try KworbArtistSongsParser.parse(data, source: "josman.html"), name) { error in
                guard let error = error as? KworbParseError else { return XCTFail("\(name): \(error)") }
                XCTAssertTrue(expected(error), "\(name): \(error)")
                XCTAssertTrue(error.description.hasPrefix("josman.html"), "\(name): names the page: \(error)")
            }
        }
        XCTAssertThrowsError(try KworbChartParser.parse(Data("<html><body><p>maintenance</p></body></html>".utf8), source: "kr", mode: .standard)) { error in
            guard case .tableNotFound(.countryChart, "kr", _)? = error as? KworbParseError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try KworbArtistListParser.parse(Data("<table><tr><th>Artist</th></tr></table>".utf8), source: "a", mode: .standard)) { error in
            guard case .noRows? = error as? KworbParseError else { return XCTFail("\(error)") }
        }
    }

    func testNumbers() {
        XCTAssertEqual(KworbNumber.parse("19,730,111,322"), 19_730_111_322)
        XCTAssertEqual(KworbNumber.parse("+43,351"), 43_351)
        XCTAssertEqual(KworbNumber.parse("-1"), -1)
        XCTAssertEqual(KworbNumber.parse("1(x2)"), 1)
        XCTAssertNil(KworbNumber.parse("="))
        XCTAssertNil(KworbNumber.parse("NEW"))
        XCTAssertNil(KworbNumber.parse(""))
    }
}

/// Just enough CSV reading for master_artist.csv (quoted names with commas and doubled quotes).
enum CSVLines {
    static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var iterator = text.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(field); field = "" }
            else if c == "\n" { row.append(field); rows.append(row); row = []; field = "" }
            else { field.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
