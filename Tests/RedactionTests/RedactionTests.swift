import Foundation
import Redaction
import XCTest

/// The one redaction rule on the shapes credentials arrive in.
final class RedactionTests: XCTestCase {
    func testURLUserInfoIsMaskedWholeHoweverMalformed() {
        for (url, expected) in [
            ("postgresql://user:PG/SECRET@AT@127.0.0.1:5432/db?sslmode=disable", "postgresql://***@127.0.0.1:5432/db?sslmode=disable"),
            ("redis://:FK/SECRET@localhost:6379", "redis://***@localhost:6379"),
            ("see https://a:b@example.org/x and redis://h:1", "see https://***@example.org/x and redis://h:1"),
            ("postgresql://127.0.0.1/db", "postgresql://127.0.0.1/db"),
        ] {
            XCTAssertEqual(Redaction.scrub(url), expected)
            XCTAssertEqual(Redaction.maskedURL(url), expected)
        }
    }

    func testHeaderValuesAndKeyValuePairsAreMasked() {
        let basic = Data("client-id:client-secret-1".utf8).base64EncodedString()
        XCTAssertEqual(Redaction.scrub("Invalid client: Authorization: Basic \(basic)"), "Invalid client: Authorization: Basic ***")
        XCTAssertEqual(Redaction.scrub("header Bearer BQD-abc.def_123"), "header Bearer ***")
        XCTAssertEqual(Redaction.scrub(#"{"access_token":"tok-123","token_type":"bearer"}"#), #"{"access_token":"***","token_type":"bearer"}"#)
        XCTAssertEqual(Redaction.scrub("host=db password=hunter22 dbname=x"), "host=db password=*** dbname=x")
        XCTAssertEqual(Redaction.scrub("client_secret=abc123&grant_type=client_credentials"), "client_secret=***&grant_type=client_credentials")
        XCTAssertEqual(Redaction.scrub("an ordinary line about Basic Channel and tokens"), "an ordinary line about Basic Channel and tokens")
    }

    func testRegisteredSecretsAndTheFragmentsAParserMayQuoteAreMasked() {
        Redaction.registerSecrets(from: ["DATABASE_URL": "postgresql://u:PGPART-ONE/PGPART-TWO@127.0.0.1/db",
                                         "SPOTIFY_CLIENT_ID": "visible-id", "SPOTIFY_CLIENT_SECRET": "SPOTIFY-SECRET-9"])
        XCTAssertEqual(Redaction.scrub(#"invalid integer value "PGPART-ONE" for connection option "port""#),
                       #"invalid integer value "***" for connection option "port""#)
        XCTAssertEqual(Redaction.scrub("could not translate host name \"PGPART-TWO@127.0.0.1\""), "could not translate host name \"***@127.0.0.1\"")
        XCTAssertFalse(Redaction.scrub("echo SPOTIFY-SECRET-9").contains("SPOTIFY-SECRET-9"))
        let basic = Data("visible-id:SPOTIFY-SECRET-9".utf8).base64EncodedString()
        XCTAssertFalse(Redaction.scrub("auth=\(basic)").contains(basic))
        XCTAssertFalse(Redaction.scrub("auth=\(basic.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)").contains("SPOTIFY"))
    }
}
