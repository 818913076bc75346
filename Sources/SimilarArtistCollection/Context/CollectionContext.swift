import AtlasStore
import SimilarArtists

/// How a collection reports progress (the pipeline's `StepProgress` conforms).
package protocol CollectionProgress: Sendable {
    /// Records `count` more finished items.
    func advance(by count: Int)
    /// Ends the display with `summary`.
    func finish(_ summary: String)
}

/// What a collection works with: the store, how much to commit at once, and where to report.
/// Each collection commits a batch's rows with its items' done marks, so a rerun after a kill
/// continues where it stopped.
package struct CollectionContext {
    /// The store (schema migrated).
    package let connection: PostgresConnection
    /// Artists per committed batch.
    package let batchSize: Int
    /// A progress display over `total` items of `label`.
    package let progress: (_ label: String, _ total: Int) -> any CollectionProgress

    /// A context.
    package init(connection: PostgresConnection, batchSize: Int, progress: @escaping (_ label: String, _ total: Int) -> any CollectionProgress) {
        self.connection = connection
        self.batchSize = max(1, batchSize)
        self.progress = progress
    }
}

/// What a collection did: rows it stored and the items that failed (retried by the next run).
package struct CollectionReport: Sendable, Equatable {
    /// Rows stored in this run.
    package var rows = 0
    /// One line per failed item.
    package var failures: [String] = []

    /// An empty report.
    package init() {}

    /// Adds `other`'s rows and failures.
    package mutating func add(_ other: CollectionReport) {
        rows += other.rows
        failures += other.failures
    }
}

/// Why a collection stopped before its last artist: the source refused the key, or its first
/// batch failed entirely (it is unreachable or throttling everything) — going on would repeat the
/// same failure once per artist.
package struct CollectionStopped: Error, CustomStringConvertible {
    /// The collection ("Deezer identities", "Last.fm similar", …).
    package var collection: String
    /// The first failure.
    package var reason: String

    package var description: String { "\(collection) stopped: \(reason) (what was stored so far is kept; rerun to continue)" }

    /// Throws when `results` say the source is unusable: any invalid key, or a whole batch failed
    /// before anything succeeded; otherwise whether anything has succeeded so far.
    static func check<Value>(_ results: [Result<Value, any Error>], succeededBefore: Bool, collection: String) throws -> Bool {
        for case .failure(let error) in results {
            if case SimilarArtistsError.invalidKey = error { throw CollectionStopped(collection: collection, reason: "\(error)") }
        }
        if !succeededBefore, !results.isEmpty, results.allSatisfy({ if case .failure = $0 { return true } else { return false } }),
            case .failure(let first)? = results.first {
            throw CollectionStopped(collection: collection, reason: "\(first)")
        }
        return succeededBefore || results.contains { if case .success = $0 { return true } else { return false } }
    }
}
