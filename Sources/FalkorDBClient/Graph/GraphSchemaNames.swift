/// The names behind the numeric ids in compact results: labels, property keys and relationship
/// types, as listed by `db.labels()`, `db.propertyKeys()` and `db.relationshipTypes()` (in id
/// order).
public struct GraphSchemaNames: Sendable, Hashable {
    /// Label names by id.
    public var labels: [String] = []
    /// Property key names by id.
    public var propertyKeys: [String] = []
    /// Relationship type names by id.
    public var relationshipTypes: [String] = []

    /// No names yet.
    public init() {}

    /// Names lists.
    public init(labels: [String], propertyKeys: [String], relationshipTypes: [String]) {
        self.labels = labels
        self.propertyKeys = propertyKeys
        self.relationshipTypes = relationshipTypes
    }
}
