/// One RESP2 reply value.
public enum RESPValue: Sendable, Hashable {
    /// `+OK`.
    case simpleString(String)
    /// `-ERR …`: the server's error text.
    case error(String)
    /// `:42`.
    case integer(Int64)
    /// `$n` followed by n raw bytes.
    case bulkString([UInt8])
    /// `*n` followed by n values.
    case array([RESPValue])
    /// `$-1` or `*-1`.
    case null

    /// The text of a simple or bulk string (bulk bytes decoded as UTF-8, invalid bytes repaired).
    public var text: String? {
        switch self {
        case .simpleString(let text): return text
        case .bulkString(let bytes): return String(decoding: bytes, as: UTF8.self)
        default: return nil
        }
    }

    /// The elements of an array.
    public var elements: [RESPValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    /// A short description for error messages (never the whole value).
    var summary: String {
        switch self {
        case .simpleString(let text): return "+\(text.prefix(40))"
        case .error(let text): return "-\(text.prefix(60))"
        case .integer(let value): return ":\(value)"
        case .bulkString(let bytes): return "bulk string of \(bytes.count) bytes"
        case .array(let values): return "array of \(values.count)"
        case .null: return "null"
        }
    }
}
