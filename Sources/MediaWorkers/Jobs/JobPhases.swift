import Foundation

/// Where one job's wall time went, phase by phase: recorded with its outcome in
/// `job_event.phases` (`{"yt-dlp": 1.2, "decode": 0.2, …}`), so an operator — or
/// `Benchmarks/worker_bench.py` — can see what a song costs and which stage to make faster.
struct JobPhases: Sendable {
    /// Seconds per phase; a phase that runs twice adds up.
    private(set) var seconds: [String: Double] = [:]

    /// Runs `body`, adding its wall time to phase `name`.
    mutating func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let started = ContinuousClock.now
        defer { add(name, seconds: (ContinuousClock.now - started).seconds) }
        return try body()
    }

    /// Adds `seconds` to phase `name`.
    mutating func add(_ name: String, seconds value: Double) { seconds[name, default: 0] += value }

    /// The phases as a JSON object, or `nil` when none was measured.
    var json: String? {
        guard !seconds.isEmpty, let data = try? JSONSerialization.data(withJSONObject: seconds, options: .sortedKeys) else {
            return nil
        }
        return String(decoding: data, as: UTF8.self)
    }
}

private extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
