import AtlasStore
import Foundation
import LocalServices
import XCTest

/// A private PostgreSQL cluster for one test class: created in `class setUp`, stopped (and its
/// folder removed) in `class tearDown`. It runs as the `postgres` user when the tests run as root,
/// as in CI. Tests skip, with the start error, when no server can be started.
package final class TestCluster: @unchecked Sendable {
    /// The connection URL, when the cluster started.
    package let url: String?
    /// Why it did not start.
    package let startError: Error?
    private let local: LocalPostgres?
    private let directory: String

    /// Starts a cluster in a fresh temporary folder named after `name`.
    package init(name: String) {
        directory = NSTemporaryDirectory() + "musicatlas-\(name)-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let local = try LocalPostgres(dataDirectory: directory)
            url = try local.start()
            self.local = local
            startError = nil
        } catch {
            url = nil
            local = nil
            startError = error
        }
    }

    /// Stops the server and removes its folder.
    package func stop() {
        try? local?.stop(force: true)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The URL, or a skip naming why there is none.
    package func requireURL() throws -> String {
        guard let url else { throw XCTSkip("no PostgreSQL: \(String(describing: startError))") }
        return url
    }

    /// A new connection with the schema migrated.
    package func connect() throws -> PostgresConnection {
        let connection = try PostgresConnection(url: try requireURL())
        try SchemaMigrator.migrate(connection)
        return connection
    }

    /// A new, empty database `name` on this cluster (dropped first if it exists), migrated; its URL.
    package func database(_ name: String) throws -> String {
        let url = try requireURL()
        let admin = try PostgresConnection(url: url)
        precondition(name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }, "test database names are identifiers")
        // Identifiers cannot be parameters; `name` is a test constant checked above.
        try admin.execute("DROP DATABASE IF EXISTS \(name)", purpose: "drop test database")
        try admin.execute("CREATE DATABASE \(name)", purpose: "create test database")
        guard var components = URLComponents(string: url) else { throw XCTSkip("unparseable URL") }
        components.path = "/" + name
        let databaseURL = components.string!
        try SchemaMigrator.migrate(try PostgresConnection(url: databaseURL))
        return databaseURL
    }
}
