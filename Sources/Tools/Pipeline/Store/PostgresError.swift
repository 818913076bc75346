/// A PostgreSQL failure, with the SQLSTATE when the server gave one and what we were doing.
/// Connection strings (which may hold a password) never appear in it.
public struct PostgresError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The five-character SQLSTATE (`23505` unique violation, …), if any.
    public var sqlState: String?
    /// The server's (or libpq's) message.
    public var message: String
    /// What the statement was for (`insert master_artist`, `connect`, …).
    public var purpose: String

    public var description: String {
        "PostgreSQL error while \(purpose)\(sqlState.map { " [\($0)]" } ?? ""): \(message)"
    }

    /// Whether this is a unique-constraint violation.
    public var isUniqueViolation: Bool { sqlState == "23505" }
}
