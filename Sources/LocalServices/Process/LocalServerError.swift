/// A local server (PostgreSQL cluster, FalkorDB) or one of its tools could not be started,
/// stopped or reached; the message names what and where (log files included).
package struct LocalServerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    package let message: String

    /// An error saying `message`.
    package init(_ message: String) { self.message = message }

    package var description: String { message }
}
