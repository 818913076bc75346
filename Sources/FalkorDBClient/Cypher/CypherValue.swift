/// A query parameter value, written into the `CYPHER name=value …` prefix FalkorDB reads
/// parameters from.
///
/// FalkorDB parses that prefix as Cypher literals: strings in double quotes with `\"` and `\\`
/// escaped (every other byte, line breaks and any UTF-8 included, is taken literally — measured
/// against FalkorDB 4.16.3), map keys as identifiers (backtick-quoted here so any key without a
/// backtick works). NUL cannot be sent (the server's parser stops at it) and non-finite doubles
/// have no literal; both are refused with `FalkorError.invalidParameter` rather than sent altered.
public indirect enum CypherValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` / `false`.
    case boolean(Bool)
    /// A 64-bit integer.
    case integer(Int64)
    /// A finite double.
    case double(Double)
    /// A string.
    case string(String)
    /// A list.
    case list([CypherValue])
    /// A map with keys in the given order.
    case map([(key: String, value: CypherValue)])

    public static func == (lhs: CypherValue, rhs: CypherValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.boolean(let a), .boolean(let b)): return a == b
        case (.integer(let a), .integer(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.list(let a), .list(let b)): return a == b
        case (.map(let a), .map(let b)): return a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .boolean(let value): hasher.combine(value)
        case .integer(let value): hasher.combine(value)
        case .double(let value): hasher.combine(value)
        case .string(let value): hasher.combine(value)
        case .list(let values): hasher.combine(values)
        case .map(let entries):
            for entry in entries {
                hasher.combine(entry.key)
                hasher.combine(entry.value)
            }
        }
    }

    /// The literal as text (for tests and messages; queries use `append(to:parameter:)`).
    public func literal(parameter: String = "value") throws(FalkorError) -> String {
        var bytes: [UInt8] = []
        try append(to: &bytes, parameter: parameter)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the literal's UTF-8 bytes; `parameter` names the value in errors.
    public func append(to bytes: inout [UInt8], parameter: String) throws(FalkorError) {
        switch self {
        case .null:
            bytes.append(contentsOf: "null".utf8)
        case .boolean(let value):
            bytes.append(contentsOf: (value ? "true" : "false").utf8)
        case .integer(let value):
            bytes.append(contentsOf: String(value).utf8)
        case .double(let value):
            guard value.isFinite else { throw FalkorError.invalidParameter(name: parameter, reason: "\(value) has no Cypher literal") }
            // Swift's description is the shortest text that reads back as the same double; a
            // whole number keeps its ".0" so it stays a double on the server.
            bytes.append(contentsOf: value.description.utf8)
        case .string(let value):
            try Self.appendString(value, to: &bytes, parameter: parameter)
        case .list(let values):
            bytes.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                try value.append(to: &bytes, parameter: parameter)
            }
            bytes.append(UInt8(ascii: "]"))
        case .map(let entries):
            bytes.append(UInt8(ascii: "{"))
            for (index, entry) in entries.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                try Self.appendName(entry.key, to: &bytes, parameter: parameter)
                bytes.append(UInt8(ascii: ":"))
                try entry.value.append(to: &bytes, parameter: parameter)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// A double-quoted string literal.
    static func appendString(_ value: String, to bytes: inout [UInt8], parameter: String) throws(FalkorError) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case 0:
                throw FalkorError.invalidParameter(name: parameter, reason: "a string contains NUL, which FalkorDB cannot receive")
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A parameter name or map key: bare when it is a plain identifier, else in backticks.
    static func appendName(_ name: String, to bytes: inout [UInt8], parameter: String) throws(FalkorError) {
        guard !name.isEmpty else { throw FalkorError.invalidParameter(name: parameter, reason: "empty name or map key") }
        if name.utf8.contains(0) || name.utf8.contains(UInt8(ascii: "`")) {
            throw FalkorError.invalidParameter(name: parameter, reason: "name or map key \(name.debugDescription) contains a backtick or NUL")
        }
        if CypherIdentifier.isPlain(name) {
            bytes.append(contentsOf: name.utf8)
        } else {
            bytes.append(UInt8(ascii: "`"))
            bytes.append(contentsOf: name.utf8)
            bytes.append(UInt8(ascii: "`"))
        }
    }
}

extension CypherValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByNilLiteral, ExpressibleByFloatLiteral, ExpressibleByArrayLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: CypherValue...) { self = .list(elements) }
}

extension CypherValue {
    /// A string, or `null` for `nil`.
    public static func optional(_ value: String?) -> CypherValue { value.map(CypherValue.string) ?? .null }
    /// An integer, or `null` for `nil`.
    public static func optional(_ value: Int?) -> CypherValue { value.map { .integer(Int64($0)) } ?? .null }
}
