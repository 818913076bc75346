/// Decodes one complete RESP2 reply (already delimited by `RESPFrameScanner`, which also checked
/// its framing, depth and lengths).
enum RESPDecoder {
    /// The reply occupying `buffer[..<end]`.
    static func decode(_ buffer: [UInt8], end: Int) throws(RESPFormatError) -> RESPValue {
        var position = 0
        let value = try decodeValue(buffer, &position)
        guard position == end else { throw RESPFormatError(offset: position, detail: "reply length mismatch") }
        return value
    }

    private static func decodeValue(_ buffer: [UInt8], _ position: inout Int) throws(RESPFormatError) -> RESPValue {
        guard let lineEnd = try RESPFrameScanner.lineEnd(in: buffer, from: position) else {
            throw RESPFormatError(offset: position, detail: "truncated reply")
        }
        let type = buffer[position]
        let header = position + 1 ..< lineEnd
        let start = position
        position = lineEnd + 2
        switch type {
        case UInt8(ascii: "+"):
            return .simpleString(String(decoding: buffer[header], as: UTF8.self))
        case UInt8(ascii: "-"):
            return .error(String(decoding: buffer[header], as: UTF8.self))
        case UInt8(ascii: ":"):
            return .integer(try RESPFrameScanner.integer(buffer, header, at: start))
        case UInt8(ascii: "$"):
            let length = Int(try RESPFrameScanner.integer(buffer, header, at: start))
            guard length >= 0 else { return .null }
            let bytes = Array(buffer[position ..< position + length])
            position += length + 2
            return .bulkString(bytes)
        case UInt8(ascii: "*"):
            let count = Int(try RESPFrameScanner.integer(buffer, header, at: start))
            guard count >= 0 else { return .null }
            var values: [RESPValue] = []
            values.reserveCapacity(count)
            for _ in 0 ..< count { values.append(try decodeValue(buffer, &position)) }
            return .array(values)
        default:
            throw RESPFormatError(offset: start, detail: "unknown type byte")
        }
    }
}
