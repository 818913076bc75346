import Foundation
import Redaction

/// Everything that can go wrong talking to FalkorDB, each case naming what and where.
///
/// The endpoint in messages is always the redacted form (no password).
public enum FalkorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server could not be reached (refused, unresolvable, connect timeout).
    case unreachable(endpoint: String, reason: String)
    /// No complete reply arrived within the allowed time; the connection is closed.
    case timedOut(endpoint: String, operation: String, seconds: Double)
    /// The connection broke while sending or receiving.
    case connectionLost(endpoint: String, reason: String)
    /// The server sent bytes that are not valid RESP2, or a reply of an unexpected shape.
    case malformedReply(endpoint: String, detail: String)
    /// The server answered with an error (Cypher syntax, constraint violation, …).
    case server(message: String, statement: String)
    /// A query parameter cannot be written as a Cypher literal (NUL, NaN, a backtick in a key, …).
    case invalidParameter(name: String, reason: String)
    /// The named graph does not exist on the server.
    case missingGraph(name: String, endpoint: String)
    /// A `redis://` URL that cannot be used.
    case invalidURL(String, reason: String)

    /// The message, with every credential masked (`Redaction`): server replies quoted here may
    /// echo what the request carried.
    public var description: String { Redaction.scrub(unmaskedDescription) }

    private var unmaskedDescription: String {
        switch self {
        case .unreachable(let endpoint, let reason):
            return "cannot reach FalkorDB at \(endpoint): \(reason)"
        case .timedOut(let endpoint, let operation, let seconds):
            return "FalkorDB at \(endpoint) did not answer \(operation) within \(Self.format(seconds)) s (connection closed)"
        case .connectionLost(let endpoint, let reason):
            return "connection to FalkorDB at \(endpoint) lost: \(reason)"
        case .malformedReply(let endpoint, let detail):
            return "malformed reply from \(endpoint): \(detail)"
        case .server(let message, let statement):
            return statement.isEmpty ? "FalkorDB: \(message)" : "FalkorDB: \(message) (in: \(Self.excerpt(statement)))"
        case .invalidParameter(let name, let reason):
            return "query parameter \(name): \(reason)"
        case .missingGraph(let name, let endpoint):
            return "graph '\(name)' does not exist on \(endpoint)"
        case .invalidURL(let url, let reason):
            return "invalid FalkorDB URL \(url): \(reason)"
        }
    }

    /// The first line of a statement, shortened: errors name the query without echoing data.
    static func excerpt(_ statement: String) -> String {
        let flat = statement.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return flat.count > 120 ? String(flat.prefix(117)) + "…" : flat
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}

