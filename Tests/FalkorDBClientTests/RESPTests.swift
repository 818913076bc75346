@testable import FalkorDBClient
import XCTest

/// RESP2 framing and decoding, byte by byte.
final class RESPTests: XCTestCase {
    private let reply = Array("*3\r\n*1\r\n*2\r\n:1\r\n$2\r\n$x\r\n*1\r\n*1\r\n*2\r\n:2\r\n$5\r\nA\r\nB\u{0}\r\n$-1\r\n+OK\r\n-ERR boom\r\n".utf8)

    private func scanAll(_ bytes: [UInt8]) throws -> RESPValue? {
        var scanner = RESPFrameScanner()
        guard case .complete(let end) = try scanner.scan(bytes) else { return nil }
        return try RESPDecoder.decode(bytes, end: end)
    }

    func testAReplyArrivingInAnySplitDecodesTheSame() throws {
        // The first value is the 3-element array; what follows belongs to the next replies.
        let expected: RESPValue = .array([
            .array([.array([.integer(1), .bulkString(Array("$x".utf8))])]),
            .array([.array([.array([.integer(2), .bulkString(Array("A\r\nB\u{0}".utf8))])])]),
            .null,
        ])
        for split in 0 ... reply.count {
            var scanner = RESPFrameScanner()
            var buffer = Array(reply[..<split])
            var outcome = try scanner.scan(buffer)
            if case .incomplete = outcome {
                buffer = reply
                outcome = try scanner.scan(buffer)
            }
            guard case .complete(let end) = outcome else { return XCTFail("no frame at split \(split)") }
            XCTAssertEqual(try RESPDecoder.decode(buffer, end: end), expected, "split \(split)")
            XCTAssertEqual(end, reply.count - "+OK\r\n-ERR boom\r\n".utf8.count, "split \(split)")
        }
    }

    func testSimpleErrorAndIntegerReplies() throws {
        XCTAssertEqual(try scanAll(Array("+PONG\r\n".utf8)), .simpleString("PONG"))
        XCTAssertEqual(try scanAll(Array("-ERR unknown\r\n".utf8)), .error("ERR unknown"))
        XCTAssertEqual(try scanAll(Array(":-9223372036854775808\r\n".utf8)), .integer(.min))
        XCTAssertEqual(try scanAll(Array("*0\r\n".utf8)), .array([]))
        XCTAssertEqual(try scanAll(Array("*-1\r\n".utf8)), .null)
    }

    func testMalformedBytesAreRejectedNotWaitedFor() {
        let broken = ["?what\r\n", ":12a\r\n", "$3\r\nabcd\r\n", ":99999999999999999999\r\n", "$-5\r\n", "+ok\rX\n", "*-2\r\n"]
        for text in broken {
            var scanner = RESPFrameScanner()
            XCTAssertThrowsError(try scanner.scan(Array(text.utf8)), text.debugDescription)
        }
    }

    func testNestingBeyondTheLimitIsRejected() {
        var scanner = RESPFrameScanner()
        let deep = Array(String(repeating: "*1\r\n", count: RESPFrameScanner.maximumDepth + 1).utf8)
        XCTAssertThrowsError(try scanner.scan(deep))
    }

    func testCommandEncoding() {
        let command = RESPCommand("GRAPH.QUERY", [Array("g".utf8), Array("RETURN \"é\"\r\n".utf8)])
        XCTAssertEqual(String(decoding: command.bytes, as: UTF8.self), "*3\r\n$11\r\nGRAPH.QUERY\r\n$1\r\ng\r\n$13\r\nRETURN \"é\"\r\n\r\n")
    }
}
