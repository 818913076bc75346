@testable import FalkorDBClient
import XCTest

/// Parameter literals and endpoint URLs, without a server.
final class CypherValueTests: XCTestCase {
    func testStringsEscapeOnlyQuoteAndBackslash() throws {
        XCTAssertEqual(try CypherValue.string(#"a"b'c\d"#).literal(), #""a\"b'c\\d""#)
        XCTAssertEqual(try CypherValue.string("line\nbreak\ttab 🎵 עברית").literal(), "\"line\nbreak\ttab 🎵 עברית\"")
        XCTAssertEqual(try CypherValue.string("ends with \\").literal(), #""ends with \\""#)
    }

    func testScalarsListsAndMaps() throws {
        let value: CypherValue = .list([1, 2.5, true, nil, "x", .map([("plain_key", 1), ("needs quoting-1", .double(5))])])
        XCTAssertEqual(try value.literal(), #"[1,2.5,true,null,"x",{plain_key:1,`needs quoting-1`:5.0}]"#)
        XCTAssertEqual(try CypherValue.integer(.min).literal(), "-9223372036854775808")
        XCTAssertEqual(try CypherValue.double(1e-7).literal(), "1e-07")
    }

    func testUnrepresentableValuesAreRefused() {
        for value: CypherValue in [.string("nul\u{0}byte"), .double(.nan), .double(.infinity), .map([("back`tick", 1)]), .map([("", 1)])] {
            XCTAssertThrowsError(try value.literal(parameter: "rows")) { error in
                guard case FalkorError.invalidParameter(let name, _) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(name, "rows")
            }
        }
    }

    func testStatementPrefixIsInNameOrder() throws {
        let statement = CypherStatement("RETURN $b, $a", parameters: ["b": "x", "a": 1])
        XCTAssertEqual(String(decoding: try statement.encoded(), as: UTF8.self), #"CYPHER a=1 b="x" RETURN $b, $a"#)
        XCTAssertEqual(String(decoding: try CypherStatement("RETURN 1").encoded(), as: UTF8.self), "RETURN 1")
    }

    func testEndpointURLs() throws {
        let full = try RedisEndpoint(url: "redis://user:p%40ss@db.example:6380")
        XCTAssertEqual(full, RedisEndpoint(host: "db.example", port: 6380, username: "user", password: "p@ss"))
        XCTAssertEqual(full.redactedURL, "redis://***@db.example:6380")
        XCTAssertFalse(full.description.contains("p@ss"))
        XCTAssertEqual(try RedisEndpoint(url: "redis://:secret@127.0.0.1:6399/").password, "secret")
        XCTAssertEqual(try RedisEndpoint(url: "redis://[::1]:7000"), RedisEndpoint(host: "::1", port: 7000))
        XCTAssertEqual(try RedisEndpoint(url: "localhost"), RedisEndpoint(host: "localhost", port: 6379))
        for bad in ["rediss://h:1", "http://h:1", "redis://h:0", "redis://h:99999", "redis://:pw@", "redis://h:1/3"] {
            XCTAssertThrowsError(try RedisEndpoint(url: bad), bad) { error in
                XCTAssertFalse("\(error)".contains("pw"), "a password leaked into \(error)")
            }
        }
    }
}
