import AtlasStore
import Foundation
import Pipeline
import Synchronization

/// Measures the queue's claim + complete throughput: `workers` threads, each with its own
/// connection, claim `batch` jobs at a time and complete them until none is left. Counts every
/// completion, so a job done twice shows up as a duplicate.
struct QueueBenchmark {
    /// What one run measured.
    struct Result: Sendable {
        /// Jobs enqueued.
        var jobs: Int
        /// Seconds from the first claim to the last completion.
        var seconds: Double
        /// Completions beyond one per job (must be 0).
        var duplicates: Int
        /// Jobs per second.
        var rate: Double { Double(jobs) / seconds }
    }

    /// Runs the benchmark on `url` with the `bench` job kind (emptied first).
    static func run(url: String, jobs: Int, workers: Int, batch: Int) throws -> Result {
        let setup = try PostgresConnection(url: url)
        try SchemaMigrator.migrate(setup)
        try setup.execute("DELETE FROM jobs WHERE kind = 'bench'", purpose: "empty the bench jobs")
        let queue = JobQueue(connection: setup, owner: "bench-setup")
        for batch in Array(0..<jobs).chunks(of: 10_000) {
            try queue.enqueue(kind: "bench", jobs: batch.map { (key: String($0), payload: "") })
        }
        // Completions counted by every thread, and the first failure.
        let tally = Mutex<(completed: Int, failure: (any Error)?)>((0, nil))
        let group = DispatchGroup()
        let started = Date()
        for worker in 0..<workers {
            group.enter()
            Thread {
                defer { group.leave() }
                do {
                    let connection = try PostgresConnection(url: url)
                    try JobQueue.relaxCommitDurability(on: connection)
                    let queue = JobQueue(connection: connection, owner: "bench-\(worker)")
                    while true {
                        let claimed = try queue.claim(kind: "bench", limit: batch)
                        if claimed.isEmpty { break }
                        let done = try queue.complete(claimed)
                        tally.withLock { $0.completed += done }
                    }
                } catch {
                    tally.withLock { if $0.failure == nil { $0.failure = error } }
                }
            }.start()
        }
        group.wait()
        let seconds = Date().timeIntervalSince(started)
        let (completed, failure) = tally.withLock { ($0.completed, $0.failure) }
        if let failure { throw failure }
        let distinct = try setup.execute("SELECT count(*) AS n FROM jobs WHERE kind = 'bench' AND state = 'done'", purpose: "count done bench jobs")[0].int("n") ?? 0
        try setup.execute("DELETE FROM jobs WHERE kind = 'bench'", purpose: "empty the bench jobs")
        return Result(jobs: distinct, seconds: seconds, duplicates: completed - distinct)
    }
}
