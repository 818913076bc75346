import AtlasStore
import FalkorDBClient
import Foundation
import MusicGraph

/// Loads an `ArtistGraph` into a FalkorDB graph in batches (`GraphLoadPlan`), then checks that
/// the graph holds exactly the expected number of nodes per label and relationships per type.
///
/// Into an existing graph the load is incremental: MERGE keeps what is there and adds or updates
/// the rest, so a rerun changes nothing. A first load (or `replace`) goes into a fresh staging
/// graph with the faster CREATE statements, which is renamed over the target only after it loaded
/// and checked out, so a failed load never leaves the target half-written or empty.
///
/// Two statements are in flight at a time: the next batch is encoded and sent while the server
/// runs the previous one (FalkorDB runs a graph's writes one after another either way).
package struct GraphLoader {
    /// How to load.
    package struct Options: Sendable {
        /// Rows per statement.
        package var batchSize: Int
        /// Replace the graph instead of merging into it.
        package var replace: Bool

        /// Defaults: 10,000 rows per batch (GRAPH-QUEUE-NOTES §1.3), merge.
        package init(batchSize: Int = 10_000, replace: Bool = false) {
            self.batchSize = batchSize
            self.replace = replace
        }
    }

    /// What a load did.
    package struct Report: Sendable {
        /// Whether the graph was built afresh (CREATE into staging, then renamed) rather than merged.
        package var builtAfresh = false
        /// Rows sent per phase (`Artist`, …, `GEN_ART`), in load order.
        package var rows: [(phase: String, count: Int)] = []
        /// Nodes the load created.
        package var nodesCreated = 0
        /// Relationships the load created.
        package var relationshipsCreated = 0
        /// Properties the load set to a new value.
        package var propertiesSet = 0
        /// Nodes per label and relationships per type in the graph afterwards.
        package var counts: [String: Int] = [:]
        /// Server time spent in the statements, in milliseconds.
        package var serverMilliseconds = 0.0

        /// Whether the load changed the graph.
        package var changedGraph: Bool { nodesCreated + relationshipsCreated + propertiesSet > 0 }
    }

    /// Why a load stopped.
    package enum Failure: Error, CustomStringConvertible {
        /// A statement failed.
        case statement(phase: String, batch: Int, FalkorError)
        /// The rows of a phase could not be read.
        case source(phase: String, reason: String)
        /// The graph does not hold what was loaded (e.g. a relationship whose end node is missing,
        /// or another writer deleting nodes meanwhile).
        case countMismatch(String, expected: Int, found: Int)
        /// Anything else from the server.
        case server(FalkorError)

        package var description: String {
            switch self {
            case .statement(let phase, let batch, let error): return "loading \(phase), batch \(batch + 1): \(error)"
            case .source(let phase, let reason): return "reading the \(phase) rows: \(reason)"
            case .countMismatch(let name, let expected, let found): return "after loading, the graph holds \(found) \(name) instead of \(expected)"
            case .server(let error): return "\(error)"
            }
        }
    }

    private let client: RESPConnection
    private let options: Options
    private let interactive: Bool
    private let log: @Sendable (String) -> Void

    /// A loader sending over `client`; progress as `StepProgress` lines through `log`.
    package init(client: RESPConnection, options: Options = Options(), interactive: Bool = isatty(STDERR_FILENO) == 1,
                log: @escaping @Sendable (String) -> Void = { StepProgress.standardError($0 + "\n") }) {
        self.client = client
        self.options = options
        self.interactive = interactive
        self.log = log
    }

    /// Loads `graph` into the graph named `name`.
    package func load(_ graph: ArtistGraph, into name: String) throws(Failure) -> Report {
        try load(ArtistGraphRows(graph), into: name)
    }

    /// Loads the rows of `source` into the graph named `name`. The next phase's rows are fetched
    /// while the current phase is sent.
    package func load(_ source: some GraphRowSource, into name: String) throws(Failure) -> Report {
        var report = Report()
        do {
            let exists = try FalkorGraph(name: name, connection: client).exists()
            report.builtAfresh = options.replace || !exists
        } catch {
            throw Failure.server(error)
        }
        let target = FalkorGraph(name: report.builtAfresh ? name + "~staging" : name, connection: client)
        do throws(Failure) {
            try fill(target, from: source, report: &report)
            if report.builtAfresh {
                do { try target.rename(to: name) } catch { throw Failure.server(error) }
            }
        } catch {
            // A failed fresh load removes its staging graph (best effort: the connection may be
            // gone; the next load deletes a leftover one first).
            if report.builtAfresh { _ = try? target.delete() }
            throw error
        }
        return report
    }

    /// Creates the schema on `target`, sends every phase and checks the counts.
    private func fill(_ target: FalkorGraph, from source: some GraphRowSource, report: inout Report) throws(Failure) {
        let schemaStarted = Date()
        do {
            if report.builtAfresh { try target.delete() }   // a staging graph left by an interrupted load
            for key in GraphLoadPlan.uniqueKeys { try target.ensureUniqueConstraint(key) }
            for key in GraphLoadPlan.nameIndexes { try target.ensureIndex(key) }
        } catch {
            throw Failure.server(error)
        }
        let keys = GraphLoadPlan.uniqueKeys.map(\.description).joined(separator: ", ")
        let indexes = GraphLoadPlan.nameIndexes.map(\.description).joined(separator: ", ")
        log("graph schema: unique \(keys); indexed \(indexes)" + String(format: " (%.2f s)", Date().timeIntervalSince(schemaStarted)))

        var expected: [String: Int] = [:]
        let phases = GraphLoadPlan.phases
        var next = PrefetchedRows(source, phases[0])
        for (index, phase) in phases.enumerated() {
            let rows: [CypherValue]
            do { rows = try next.wait() } catch { throw Failure.source(phase: phase.name, reason: "\(error)") }
            if index + 1 < phases.count { next = PrefetchedRows(source, phases[index + 1]) }
            expected[phase.name] = rows.count
            report.rows.append((phase.name, rows.count))
            let progress = StepProgress("graph \(phase.name)", total: rows.count, interactive: interactive, log: log)
            let results = try send(rows, with: report.builtAfresh ? phase.create : phase.merge, phase: phase.name, to: target, progress: progress)
            for statistics in results {
                report.nodesCreated += statistics.nodesCreated
                report.relationshipsCreated += statistics.relationshipsCreated
                report.propertiesSet += statistics.propertiesSet
                report.serverMilliseconds += statistics.executionMilliseconds
            }
            progress.finish("\(rows.count) \(phase.isRelationship ? "relationships" : "nodes")")
        }

        let checkStarted = Date()
        do {
            report.counts = try Self.counts(of: target)
        } catch {
            throw Failure.server(error)
        }
        // A fresh graph holds exactly the rows sent; a merged one at least those (it may keep
        // nodes and edges the store no longer has; `replace` drops them).
        for (name, count) in expected {
            let found = report.counts[name, default: 0]
            if report.builtAfresh ? found != count : found < count {
                throw Failure.countMismatch(name, expected: count, found: found)
            }
        }
        log("graph check: counts per label and type match the store" + String(format: " (%.2f s)", Date().timeIntervalSince(checkStarted)))
    }

    /// Sends `rows` in batches with up to two statements in flight and returns each batch's
    /// statistics in order. After a failure the reply still in flight is drained, so the
    /// connection stays in step.
    private func send(_ rows: [CypherValue], with text: String, phase: String, to target: FalkorGraph,
                      progress: StepProgress) throws(Failure) -> [GraphStatistics] {
        let batches = rows.chunks(of: max(1, options.batchSize))
        var statements: [CypherStatement] = []
        var results: [GraphStatistics] = []
        while results.count < batches.count {
            // Send the next batch before waiting for the oldest one.
            while statements.count < batches.count, statements.count - results.count < 2 {
                let statement = CypherStatement(text, parameters: ["rows": .list(batches[statements.count])])
                do {
                    try target.send(statement)
                } catch {
                    drain(target, statements.count - results.count)
                    throw Failure.statement(phase: phase, batch: statements.count, error)
                }
                statements.append(statement)
            }
            let index = results.count
            do {
                results.append(try target.receive(statements[index]).statistics)
            } catch {
                drain(target, statements.count - index - 1)
                throw Failure.statement(phase: phase, batch: index, error)
            }
            progress.advance(by: batches[index].count)
        }
        return results
    }

    /// Reads and drops `count` outstanding replies.
    private func drain(_ target: FalkorGraph, _ count: Int) {
        for _ in 0 ..< max(0, count) { _ = try? target.connection.receive() }
    }

    /// Nodes per label and relationships per type (one count query each, which FalkorDB answers
    /// from its label and relation matrices without scanning).
    package static func counts(of graph: FalkorGraph) throws(FalkorError) -> [String: Int] {
        var counts: [String: Int] = [:]
        for phase in GraphLoadPlan.phases {
            let pattern = phase.isRelationship ? "MATCH ()-[e:\(phase.name)]->() RETURN count(e)" : "MATCH (n:\(phase.name)) RETURN count(n)"
            counts[phase.name] = Int(try graph.query(pattern).rows.first?.first?.integer ?? 0)
        }
        return counts
    }
}
