/// Cypher identifiers (parameter names, map keys, labels, property names).
enum CypherIdentifier {
    /// Whether `name` can be written bare: a letter or `_`, then letters, digits or `_` (ASCII).
    static func isPlain(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.enumerated().allSatisfy { index, byte in
            let lower = byte | 0x20
            return byte == UInt8(ascii: "_") || (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z"))
                || (index > 0 && byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
    }
}
