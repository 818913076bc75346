/// A command in RESP2 wire form: an array of bulk strings.
///
/// Arguments are raw bytes, so a Cypher text with any characters goes over unchanged (RESP is
/// length-prefixed, never escaped).
public struct RESPCommand: Sendable {
    /// The encoded command.
    public private(set) var bytes: [UInt8]
    /// The command name, for error messages.
    public let name: String

    /// `name` followed by `arguments`.
    public init(_ name: String, _ arguments: [[UInt8]]) {
        self.name = name
        var bytes: [UInt8] = []
        bytes.reserveCapacity(arguments.reduce(32 + name.utf8.count) { $0 + $1.count + 16 })
        Self.appendDecimal(arguments.count + 1, prefix: UInt8(ascii: "*"), to: &bytes)
        Self.appendBulk(Array(name.utf8), to: &bytes)
        for argument in arguments { Self.appendBulk(argument, to: &bytes) }
        self.bytes = bytes
    }

    /// `name` followed by text `arguments`.
    public init(_ name: String, _ arguments: String...) {
        self.init(name, arguments.map { Array($0.utf8) })
    }

    private static func appendBulk(_ argument: [UInt8], to bytes: inout [UInt8]) {
        appendDecimal(argument.count, prefix: UInt8(ascii: "$"), to: &bytes)
        bytes.append(contentsOf: argument)
        bytes.append(13)
        bytes.append(10)
    }

    private static func appendDecimal(_ value: Int, prefix: UInt8, to bytes: inout [UInt8]) {
        bytes.append(prefix)
        bytes.append(contentsOf: String(value).utf8)
        bytes.append(13)
        bytes.append(10)
    }
}
