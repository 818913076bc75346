import Foundation
import MusicGraph
import XCTest

/// Bad tables are typed errors naming file and line; good ones parse like pandas wrote them.
final class DelimitedTableTests: XCTestCase {
    private func table(_ text: String, delimiter: Character? = nil) throws -> DelimitedTable {
        try DelimitedTable(data: Data(text.utf8), source: "t.csv", delimiter: delimiter)
    }

    /// A NUL byte would silently cut an id short further down (C strings, PostgreSQL text).
    func testANULByteIsATypedErrorNamingTheLine() throws {
        XCTAssertThrowsError(try table("artist_id,artist_name,is_main\na,A,t\nb\u{0}x,B,f\n")) { error in
            XCTAssertEqual(error as? TableError, .malformed(source: "t.csv", line: 3, reason: "NUL byte in the text"))
        }
    }

    func testRepeatedKeysAreRefusedOrKeptFirstOnRequest() throws {
        let text = "artist_id,artist_name,is_main\na,First,t\nb,B,f\na,Second,f\n"
        XCTAssertThrowsError(try SeedTables.artists(try table(text))) { error in
            XCTAssertEqual(error as? TableError, .duplicateKey(source: "t.csv", line: 4, column: "artist_id", value: "a", firstLine: 2))
        }
        let kept = try SeedTables.artists(try table(text), duplicates: .keepFirst)
        XCTAssertEqual(kept.rows.map(\.name), ["First", "B"])
        XCTAssertEqual(kept.dropped, 1)
        XCTAssertThrowsError(try SeedTables.tracks(try table("track_id,track_name,peak_date,streams\nt,x,2020-01-01,1\nt,y,2020-01-02,2\n")))
    }

    func testQuotingLikePandas() throws {
        let t = try table("id,name,is_main\r\na,\"Tyler, The Creator\",t\nb,\"Royce Da 5 9\"\"\",f\nc,\"two\nlines\",t\n")
        XCTAssertEqual(t.rows.map { $0[1] }, ["Tyler, The Creator", "Royce Da 5 9\"", "two\nlines"])
        XCTAssertEqual(t.lineNumbers, [2, 3, 4])
    }

    func testDelimiterComesFromTheHeader() throws {
        XCTAssertEqual(try table("artist_id;track_id\na;b\n").rows, [["a", "b"]])
        XCTAssertEqual(try table("artist_id,artist_name,is_main\nx,Khea;Omar Varela,t\n").rows[0][1], "Khea;Omar Varela")
    }

    func testMalformedInputsNameTheLine() {
        let cases: [(String, TableError)] = [
            ("a,b\n1,2\n3\n", .malformed(source: "t.csv", line: 3, reason: "expected 2 fields, found 1")),
            ("a,b\n1,\"open\n", .malformed(source: "t.csv", line: 2, reason: "unterminated quoted field")),
            ("", .empty(source: "t.csv")),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try table(text)) { XCTAssertEqual($0 as? TableError, expected) }
        }
        XCTAssertThrowsError(try DelimitedTable(data: Data([0x61, 0x0A, 0xFF, 0xFE, 0x0A]), source: "bin")) { error in
            XCTAssertEqual(error as? TableError, .malformed(source: "bin", line: 2, reason: "invalid UTF-8"))
        }
    }

    func testSeedTablesCheckColumnsAndValues() throws {
        XCTAssertThrowsError(try SeedTables.artists(try table("artist_id,name,is_main\na,b,t\n"))) { error in
            guard case .missingColumn(_, "artist_name", _)? = error as? TableError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try SeedTables.artists(try table("artist_id,artist_name,is_main\na,b,maybe\n"))) { error in
            XCTAssertEqual(error as? TableError, .invalidValue(source: "t.csv", line: 2, column: "is_main", value: "maybe"))
        }
        XCTAssertThrowsError(try SeedTables.tracks(try table("track_id,track_name,peak_date,streams\na,b,2020-01-01,many\n")))
        let rows = try SeedTables.relatedRows(try table("query;rel_art;genre;popularity\na;b;pop;81.0\na;c;rock;\n"))
        XCTAssertEqual(rows.map(\.popularity), [81, nil])
    }

    func testMissingFileIsUnreadable() {
        XCTAssertThrowsError(try DelimitedTable(contentsOf: "/nonexistent/master_artist.csv")) { error in
            guard case .unreadable(let source, _)? = error as? TableError else { return XCTFail("\(error)") }
            XCTAssertEqual(source, "/nonexistent/master_artist.csv")
        }
    }

    func testFullSeedFilesParseWithTheRecordedRowCounts() throws {
        let seed = try Seed2020.load()
        XCTAssertEqual(seed.artists.count, 10146)
        XCTAssertEqual(seed.tracks.count, 59895)
        XCTAssertEqual(seed.links.count, 83957)
        XCTAssertEqual(seed.relations.count, 82134)
        XCTAssertEqual(seed.related.count, 256151)
        XCTAssertEqual(seed.artists.filter { !$0.isMain }.count, 25)
        XCTAssertEqual(seed.tracks.filter { $0.streams == -1 }.count, 234)
    }
}
