import ArgumentParser
import Foundation
import Pipeline

/// `atlas bench-queue` (hidden; used by Benchmarks/queue.sh).
struct BenchQueue: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-queue", abstract: "Measure job queue claim + complete throughput.", shouldDisplay: false)

    @Option(help: "Jobs to enqueue.") var jobs: Int = 20_000
    @Option(help: "Concurrent workers (threads with their own connection).") var workers: Int = 4
    @Option(help: "Jobs claimed per round trip.") var batch: Int = 10
    @OptionGroup var data: DataOption

    func run() throws {
        try withDatabase(data) { database in
            let result = try QueueBenchmark.run(url: database.url, jobs: jobs, workers: workers, batch: batch)
            print(String(format: "swift jobs=%d workers=%d batch=%d seconds=%.3f rate=%.0f duplicates=%d",
                         result.jobs, workers, batch, result.seconds, result.rate, result.duplicates))
        }
    }
}
