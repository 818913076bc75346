/// The statistics lines FalkorDB appends to every reply (`Nodes created: 3`, …).
public struct GraphStatistics: Sendable, Hashable {
    /// Every line as name → value (numbers parsed, units dropped).
    public var values: [String: Double]

    /// Parses lines like `Nodes created: 3` and `Query internal execution time: 0.12 milliseconds`.
    public init(lines: [String]) {
        var values: [String: Double] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = String(line[..<colon])
            let rest = line[line.index(after: colon)...].split(separator: " ").first.map(String.init) ?? ""
            if let number = Double(rest) { values[name] = number }
        }
        self.values = values
    }

    private func count(_ name: String) -> Int { Int(values[name] ?? 0) }

    /// `Nodes created`.
    public var nodesCreated: Int { count("Nodes created") }
    /// `Nodes deleted`.
    public var nodesDeleted: Int { count("Nodes deleted") }
    /// `Relationships created`.
    public var relationshipsCreated: Int { count("Relationships created") }
    /// `Relationships deleted`.
    public var relationshipsDeleted: Int { count("Relationships deleted") }
    /// `Properties set` (FalkorDB does not count a property set to the value it already had).
    public var propertiesSet: Int { count("Properties set") }
    /// `Indices created`.
    public var indicesCreated: Int { count("Indices created") }
    /// Server-side execution time in milliseconds.
    public var executionMilliseconds: Double { values["Query internal execution time"] ?? 0 }

    /// Whether the query changed anything.
    public var changedData: Bool {
        nodesCreated + nodesDeleted + relationshipsCreated + relationshipsDeleted + propertiesSet + count("Properties removed")
            + count("Labels added") > 0
    }
}
