import ArgumentParser
import AtlasStore
import Foundation
import Redaction
import LocalServices
import Pipeline

/// Shared option: the data directory.
struct DataOption: ParsableArguments {
    @Option(help: "Data directory (default: $MUSICATLAS_DATA, else ./atlas-data).")
    var data: String = ProcessInfo.processInfo.environment["MUSICATLAS_DATA"] ?? "atlas-data"
}

/// Writes one line to standard error.
func printError(_ line: String) { FileHandle.standardError.write(Data((Redaction.scrub(line) + "\n").utf8)) }

/// Runs `body`, printing any error as `atlas: …` and ending the command with status 1.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as ExitCode { throw error } catch {
        printError("atlas: \(error)")
        throw ExitCode(1)
    }
}

/// Runs `body` with the resolved database, releasing a cluster started for it; any error is
/// printed as `atlas: …` and ends the command with status 1.
func withDatabase<T>(_ data: DataOption, _ body: (AtlasDatabase) throws -> T) throws -> T {
    let database = try reportingErrors { try AtlasDatabase(dataDirectory: data.data) }
    defer { database.release() }
    return try reportingErrors { try body(database) }
}

/// The same for async commands; `environment` chooses the database (`DATABASE_URL` or the
/// managed cluster). Everything runs on the store thread: starting the cluster, libpq and the
/// graph's RESP calls block, and must not hold a thread of Swift's cooperative pool.
func withDatabase<T>(
    _ data: DataOption, environment: [String: String] = ProcessInfo.processInfo.environment, _ body: (AtlasDatabase) async throws -> T
) async throws -> T {
    try await withStoreThread { try await withDatabaseOnStoreThread(data, environment: environment, body) }
}

private func withDatabaseOnStoreThread<T>(
    _ data: DataOption, environment: [String: String], _ body: (AtlasDatabase) async throws -> T
) async throws -> T {
    let database: AtlasDatabase
    do { database = try AtlasDatabase(environment: environment, dataDirectory: data.data) } catch {
        printError("atlas: \(error)")
        throw ExitCode(1)
    }
    defer { database.release() }
    do { return try await body(database) } catch let error as ExitCode { throw error } catch {
        printError("atlas: \(error)")
        throw ExitCode(1)
    }
}

/// `atlas db start|stop|url`: the managed local PostgreSQL cluster.
struct Database: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the private PostgreSQL cluster used when DATABASE_URL is unset.",
        discussion: """
            The cluster lives in DATA/pg, listens on 127.0.0.1 only, and runs as the postgres user when started by root. \
            Commands share it: a cluster they start on demand is stopped by the last one to finish; one started with \
            `atlas db start` runs until `atlas db stop`, which refuses while other atlas processes use it (--force cuts them off).
            """)

    enum Action: String, ExpressibleByArgument, CaseIterable { case start, stop, url }

    @Argument(help: "start | stop | url")
    var action: Action

    @Flag(help: "With stop: stop even while other atlas processes use the cluster.")
    var force = false

    @OptionGroup var data: DataOption

    func run() throws {
        try reportingErrors {
            let local = try LocalPostgres(dataDirectory: data.data)
            switch action {
            case .start:
                let url = try local.start()
                let connection = try PostgresConnection(url: url)
                try SchemaMigrator.migrate(connection)
                print(url)
            case .stop:
                try local.stop(force: force)
            case .url:
                guard let url = local.url else {
                    printError("atlas: the local cluster in \(local.root) is not running (atlas db start)")
                    throw ExitCode(1)
                }
                print(url)
            }
        }
    }
}

/// `atlas migrate`.
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending schema migrations.")
    @OptionGroup var data: DataOption

    func run() throws {
        try withDatabase(data) { database in
            let connection = try PostgresConnection(url: database.url)
            let applied = try SchemaMigrator.migrate(connection)
            print(applied.isEmpty ? "schema up to date" : "applied migrations \(applied.map(String.init).joined(separator: ", "))")
        }
    }
}

/// `atlas import-seed DIR`.
struct ImportSeed: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-seed",
        abstract: "Load the 2020 tables (master_artist, master_track, rel_ART_TR, rel_REL_ART, rel_artist_artist) by COPY.",
        discussion: "Idempotent: the dataset tables are emptied and reloaded in one transaction.")

    @Argument(help: "Folder with the seed CSVs (e.g. ../shared/fixtures/seed-2020).")
    var directory: String

    @OptionGroup var data: DataOption

    func run() throws {
        try withDatabase(data) { database in
            let connection = try database.connect()
            let started = Date()
            let counts = try SeedImporter(directory: directory).run(on: connection) { printError("atlas: \($0)") }
            print("master_artist \(counts.artists)\nmaster_track \(counts.tracks)\nrel_artist_track \(counts.artistTrack)")
            print("related_artist_edge \(counts.relatedEdges)\nrel_artist_artist \(counts.relatedRows)")
            printError(String(format: "atlas: imported in %.2f s", Date().timeIntervalSince(started)))
        }
    }
}

/// `atlas status`.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print row counts, each step's last run, the job queue's progress and every worker's state.",
        discussion: """
            Workers are listed per process (host:pid) with their stage and storage, jobs per minute over the last 10 minutes, \
            failures by kind, the age of their last heartbeat (a running worker that missed \(Int(WorkerStatus.silentAfterBeats)) \
            heartbeats is shown as silent: killed, or its host lost) and, once stopped, why. --json prints the same as one JSON object.
            """)
    @OptionGroup var data: DataOption

    @Flag(help: "Print one JSON object: tables, steps, queue and workers.")
    var json = false

    func run() throws {
        try withDatabase(data) { database in
            let connection = try database.connect()
            let tables = try AtlasDatabase.counts(connection)
            let steps = try PipelineRunner.latest(connection)
            let workers = try WorkerStatus.read(connection)
            if json {
                var queue: [String: [String: Int]] = [:]
                for row in try connection.execute("SELECT kind, state, count(*) AS n FROM jobs GROUP BY kind, state", purpose: "queue counts").rows {
                    queue[row["kind"] ?? "", default: [:]][row["state"] ?? ""] = row.int("n") ?? 0
                }
                struct Report: Encodable {
                    var database: String
                    var tables: [String: Int]
                    var steps: [[String: String]]
                    var queue: [String: [String: Int]]
                    var workers: [WorkerStatus]
                }
                let report = Report(database: database.redactedURL, tables: Dictionary(uniqueKeysWithValues: tables.map { ($0.table, $0.rows) }),
                                    steps: steps.map { ["step": $0.step, "status": $0.status, "finished": $0.finished ?? "", "detail": $0.detail ?? ""] },
                                    queue: queue, workers: workers)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
                print(Redaction.scrub(String(decoding: try encoder.encode(report), as: UTF8.self)))
                return
            }
            print("database: \(database.redactedURL)")
            print("tables:")
            for (table, rows) in tables { print("  \(table.padding(toLength: 24, withPad: " ", startingAt: 0)) \(rows)") }
            print("steps:")
            if steps.isEmpty { print("  (none run yet)") }
            for step in steps {
                print("  \(step.step.padding(toLength: 8, withPad: " ", startingAt: 0)) \(step.status.padding(toLength: 7, withPad: " ", startingAt: 0)) \(step.finished ?? "")  \(step.detail ?? "")")
            }
            print("queue:")
            let kinds = try QueueStatus.read(connection)
            if kinds.isEmpty { print("  (empty)") }
            for line in kinds { print("  " + line) }
            print("workers:")
            if workers.isEmpty { print("  (none registered)") }
            for worker in workers { print("  " + Redaction.scrub(worker.line)) }
        }
    }
}
