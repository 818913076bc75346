import Redaction

/// A PostgreSQL failure, with the SQLSTATE when the server gave one and what we were doing.
/// Connection strings (which may hold a password) never appear in it.
package struct PostgresError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The five-character SQLSTATE (`23505` unique violation, …), if any.
    package var sqlState: String?
    /// The server's (or libpq's) message.
    package var message: String
    /// What the statement was for (`insert master_artist`, `connect`, …).
    package var purpose: String

    /// An error saying `message` while doing `purpose`.
    package init(sqlState: String?, message: String, purpose: String) {
        self.sqlState = sqlState
        self.message = message
        self.purpose = purpose
    }

    /// The message, with every credential masked (`Redaction`): libpq quotes pieces of a
    /// connection string it could not parse.
    package var description: String {
        Redaction.scrub("PostgreSQL error while \(purpose)\(sqlState.map { " [\($0)]" } ?? ""): \(message)")
    }

    /// Whether this is a unique-constraint violation.
    package var isUniqueViolation: Bool { sqlState == "23505" }
}
