/// A local server (PostgreSQL cluster, FalkorDB) or one of its tools could not be started,
/// stopped or reached; the message names what and where (log files included).
public struct LocalServerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let message: String

    /// An error saying `message`.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
