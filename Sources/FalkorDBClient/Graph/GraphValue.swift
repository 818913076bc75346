/// A value in a query result, decoded from FalkorDB's compact result format.
public indirect enum GraphValue: Sendable, Hashable {
    /// `null`.
    case null
    /// A string.
    case string(String)
    /// An integer.
    case integer(Int64)
    /// A boolean.
    case boolean(Bool)
    /// A double.
    case double(Double)
    /// A list.
    case list([GraphValue])
    /// A map, keys in the server's order.
    case map([GraphProperty])
    /// A node.
    case node(GraphNode)
    /// A relationship.
    case edge(GraphEdge)
    /// A path.
    case path(GraphPath)
    /// A point.
    case point(latitude: Double, longitude: Double)
    /// A `date`, as seconds since 1970-01-01 UTC.
    case date(seconds: Int64)
    /// A `localdatetime`, as seconds since 1970-01-01 UTC.
    case dateTime(seconds: Int64)
    /// A `localtime`, as FalkorDB reports it (seconds relative to 1970-01-01 UTC).
    case time(seconds: Int64)
    /// A `duration`, in seconds.
    case duration(seconds: Int64)
    /// A float vector.
    case vector([Float])

    /// The string, if this is one.
    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The integer, if this is one.
    public var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The elements, if this is a list.
    public var list: [GraphValue]? {
        if case .list(let values) = self { return values }
        return nil
    }
}

/// A named value: a map entry or a node or relationship property.
public struct GraphProperty: Sendable, Hashable {
    /// The key.
    public var name: String
    /// The value.
    public var value: GraphValue

    /// `name: value`.
    public init(name: String, value: GraphValue) {
        self.name = name
        self.value = value
    }
}

/// A node: its internal id, labels and properties.
public struct GraphNode: Sendable, Hashable {
    /// FalkorDB's internal id (reused after deletion; not a stable key).
    public var id: Int64
    /// Labels.
    public var labels: [String]
    /// Properties in the server's order.
    public var properties: [GraphProperty]

    /// A node with its id, labels and properties.
    public init(id: Int64, labels: [String], properties: [GraphProperty]) {
        self.id = id
        self.labels = labels
        self.properties = properties
    }

    /// The value of property `name`.
    public subscript(name: String) -> GraphValue? { properties.first { $0.name == name }?.value }
}

/// A relationship: id, type, end points and properties.
public struct GraphEdge: Sendable, Hashable {
    /// FalkorDB's internal id.
    public var id: Int64
    /// The relationship type.
    public var type: String
    /// Internal id of the start node.
    public var source: Int64
    /// Internal id of the end node.
    public var destination: Int64
    /// Properties in the server's order.
    public var properties: [GraphProperty]

    /// An edge from `source` to `destination`.
    public init(id: Int64, type: String, source: Int64, destination: Int64, properties: [GraphProperty]) {
        self.id = id
        self.type = type
        self.source = source
        self.destination = destination
        self.properties = properties
    }
}

/// A path: alternating nodes and relationships.
public struct GraphPath: Sendable, Hashable {
    /// The nodes, first to last.
    public var nodes: [GraphNode]
    /// The relationships between them.
    public var edges: [GraphEdge]

    /// A path through `nodes` along `edges`.
    public init(nodes: [GraphNode], edges: [GraphEdge]) {
        self.nodes = nodes
        self.edges = edges
    }
}
