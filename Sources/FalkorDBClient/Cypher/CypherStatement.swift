/// A Cypher statement with its parameters, rendered as FalkorDB expects them on the wire:
/// `CYPHER a=1 b="x" MATCH … $a …`.
public struct CypherStatement: Sendable, Hashable {
    /// The statement text (parameters referenced as `$name`).
    public var text: String
    /// Parameters by name, written in name order so the same statement always has the same
    /// prefix.
    public var parameters: [String: CypherValue]

    /// `text` with `parameters`.
    public init(_ text: String, parameters: [String: CypherValue] = [:]) {
        self.text = text
        self.parameters = parameters
    }

    /// The query argument of `GRAPH.QUERY`.
    public func encoded() throws(FalkorError) -> [UInt8] {
        var bytes: [UInt8] = []
        if !parameters.isEmpty {
            bytes.append(contentsOf: "CYPHER ".utf8)
            for name in parameters.keys.sorted() {
                try CypherValue.appendName(name, to: &bytes, parameter: name)
                bytes.append(UInt8(ascii: "="))
                try parameters[name]!.append(to: &bytes, parameter: name)
                bytes.append(UInt8(ascii: " "))
            }
        }
        if text.utf8.contains(0) { throw FalkorError.invalidParameter(name: "statement", reason: "the statement contains NUL") }
        bytes.append(contentsOf: text.utf8)
        return bytes
    }
}
