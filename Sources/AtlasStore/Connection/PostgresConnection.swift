internal import CLibPQ
import Foundation
import Redaction

/// One connection to PostgreSQL over libpq. SQL is always parameterised (`$1`, `$2`, …) or bulk
/// loaded with `COPY`; nothing here builds SQL from data. Not shared between threads: give each
/// task its own connection.
package final class PostgresConnection {
    private let connection: OpaquePointer

    /// Connects to `url` (`postgresql://user@host:port/db`, or any libpq conninfo).
    package init(url: String) throws(PostgresError) {
        guard let connection = PQconnectdb(ConnectionURL.normalised(url)) else {
            throw PostgresError(sqlState: nil, message: "libpq could not allocate a connection", purpose: "connect")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.text(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError(sqlState: nil, message: message, purpose: "connect")
        }
        self.connection = connection
        // Quiet NOTICEs ("relation already exists, skipping") that would go to stderr.
        _ = try? execute("SET client_min_messages TO warning", purpose: "configure session")
    }

    deinit { PQfinish(connection) }

    /// Whether a server at `url` accepts a connection now (a real connection attempt: `PQping`
    /// did not report a running local server as ready).
    package static func isAccepting(_ url: String) -> Bool { connectionProblem(url) == nil }

    /// Why a connection to `url` fails now, or `nil` when it succeeds.
    package static func connectionProblem(_ url: String) -> String? {
        guard let probe = PQconnectdb(ConnectionURL.normalised(url)) else { return "libpq could not allocate a connection" }
        defer { PQfinish(probe) }
        return PQstatus(probe) == CONNECTION_OK ? nil : Redaction.scrub(text(PQerrorMessage(probe)))
    }

    /// Runs `sql` with `parameters` (text values, `nil` = NULL) and returns the rows.
    @discardableResult
    package func execute(_ sql: String, _ parameters: [String?] = [], purpose: String) throws(PostgresError) -> PostgresRows {
        // libpq takes C strings: a NUL would silently cut the value short, so refuse it instead.
        if let index = parameters.firstIndex(where: { $0?.utf8.contains(0) == true }) {
            throw PostgresError(sqlState: nil, message: "parameter $\(index + 1) contains a NUL byte, which PostgreSQL text cannot hold", purpose: purpose)
        }
        let result = withParameters(parameters) { values in
            PQexecParams(connection, sql, Int32(values.count), nil, values, nil, nil, 0)
        }
        return try consume(result, purpose: purpose)
    }

    /// Runs `body` in a transaction: committed if it returns, rolled back if it throws.
    package func transaction<T>(_ purpose: String, _ body: () throws -> T) throws -> T {
        try execute("BEGIN", purpose: "begin \(purpose)")
        do {
            let value = try body()
            try execute("COMMIT", purpose: "commit \(purpose)")
            return value
        } catch {
            _ = try? execute("ROLLBACK", purpose: "roll back \(purpose)")
            throw error
        }
    }

    /// Bulk-loads rows with `COPY table (columns) FROM STDIN`. `table` and `columns` are
    /// identifiers checked against `[a-z_][a-z0-9_]*`, never data. Returns the rows copied.
    @discardableResult
    package func copy(into table: String, columns: [String], rows: some Sequence<[String?]>, purpose: String) throws(PostgresError) -> Int {
        for name in [table] + columns where !Self.isIdentifier(name) {
            throw PostgresError(sqlState: nil, message: "'\(name)' is not a plain identifier", purpose: purpose)
        }
        let sql = "COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN"
        let start = PQexec(connection, sql)
        guard PQresultStatus(start) == PGRES_COPY_IN else { try consumeError(start, purpose: purpose) }
        PQclear(start)
        var encoder = CopyEncoder()
        var count = 0
        do {
            for row in rows {
                try encoder.append(row, row: count + 1)
                count += 1
                if encoder.buffer.count > 1 << 20 { try send(encoder.take(), purpose: purpose) }
            }
            try send(encoder.take(), purpose: purpose)
        } catch {
            PQputCopyEnd(connection, "aborted by client")
            while let result = PQgetResult(connection) { PQclear(result) }
            throw error
        }
        guard PQputCopyEnd(connection, nil) == 1 else {
            throw PostgresError(sqlState: nil, message: Self.text(PQerrorMessage(connection)), purpose: purpose)
        }
        var failure: PostgresError?
        while let result = PQgetResult(connection) {
            if PQresultStatus(result) != PGRES_COMMAND_OK, failure == nil { failure = Self.error(result, connection: connection, purpose: purpose) }
            PQclear(result)
        }
        if let failure { throw failure }
        return count
    }

    /// `LISTEN channel` (a plain identifier).
    package func listen(_ channel: String) throws(PostgresError) {
        guard Self.isIdentifier(channel) else {
            throw PostgresError(sqlState: nil, message: "'\(channel)' is not a plain identifier", purpose: "listen")
        }
        try execute("LISTEN \(channel)", purpose: "listen \(channel)")
    }

    /// Sends a notification (`pg_notify`, parameterised).
    package func notify(_ channel: String, payload: String = "") throws(PostgresError) {
        try execute("SELECT pg_notify($1, $2)", [channel, payload], purpose: "notify \(channel)")
    }

    /// Waits up to `timeout` seconds for notifications; returns (channel, payload) pairs.
    package func notifications(timeout: TimeInterval) throws(PostgresError) -> [(channel: String, payload: String)] {
        var received = drainNotifications()
        if !received.isEmpty { return received }
        var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(max(0, timeout) * 1000))
        if ready > 0 {
            guard PQconsumeInput(connection) == 1 else {
                throw PostgresError(sqlState: nil, message: Self.text(PQerrorMessage(connection)), purpose: "wait for notifications")
            }
            received = drainNotifications()
        }
        return received
    }

    private func drainNotifications() -> [(channel: String, payload: String)] {
        PQconsumeInput(connection)
        var out: [(String, String)] = []
        while let notice = PQnotifies(connection) {
            out.append((String(cString: notice.pointee.relname), String(cString: notice.pointee.extra)))
            PQfreemem(notice)
        }
        return out
    }

    private func send(_ bytes: [UInt8], purpose: String) throws(PostgresError) {
        guard !bytes.isEmpty else { return }
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { PQputCopyData(connection, $0.baseAddress, Int32($0.count)) }
        }
        guard status == 1 else { throw PostgresError(sqlState: nil, message: Self.text(PQerrorMessage(connection)), purpose: purpose) }
    }

    private func consume(_ result: OpaquePointer?, purpose: String) throws(PostgresError) -> PostgresRows {
        guard let result else {
            throw PostgresError(sqlState: nil, message: Self.text(PQerrorMessage(connection)), purpose: purpose)
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            throw Self.error(result, connection: connection, purpose: purpose)
        }
        let fields = Int(PQnfields(result)), tuples = Int(PQntuples(result))
        let columns = (0..<fields).map { String(cString: PQfname(result, Int32($0))) }
        var values: [[String?]] = []
        values.reserveCapacity(tuples)
        for row in 0..<tuples {
            values.append((0..<fields).map { column in
                PQgetisnull(result, Int32(row), Int32(column)) == 1 ? nil : String(cString: PQgetvalue(result, Int32(row), Int32(column)))
            })
        }
        let affected = Int(String(cString: PQcmdTuples(result)))
        return PostgresRows(columns: columns, values: values, affected: affected)
    }

    private func consumeError(_ result: OpaquePointer?, purpose: String) throws(PostgresError) -> Never {
        defer { if let result { PQclear(result) } }
        guard let result else { throw PostgresError(sqlState: nil, message: Self.text(PQerrorMessage(connection)), purpose: purpose) }
        throw Self.error(result, connection: connection, purpose: purpose)
    }

    private static func error(_ result: OpaquePointer, connection: OpaquePointer, purpose: String) -> PostgresError {
        let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
        return PostgresError(sqlState: state, message: primary ?? text(PQerrorMessage(connection)), purpose: purpose)
    }

    private static func text(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "unknown error"
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || (first >= 97 && first <= 122) else { return false }
        return name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) }
    }

    /// Calls `body` with C strings for `parameters` (NULL for `nil`), freed afterwards.
    private func withParameters<T>(_ parameters: [String?], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
        let copies = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        return body(copies.map { $0.map { UnsafePointer($0) } })
    }
}
