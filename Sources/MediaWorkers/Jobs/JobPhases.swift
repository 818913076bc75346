import Foundation

/// Where one job's wall time went, phase by phase: recorded with its outcome in
/// `job_event.phases` (`{"yt-dlp": 1.2, "decode": 0.2, …}`), so an operator — or
/// `Benchmarks/worker_bench.py` — can see what a song costs and which stage to make faster.
struct JobPhases: Sendable {
    /// Seconds per phase, in the order the phases ran (a phase that runs twice adds up).
    private(set) var seconds: [(name: String, seconds: Double)] = []

    /// Runs `body`, adding its wall time to phase `name`.
    mutating func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let started = ContinuousClock.now
        defer { add(name, seconds: (ContinuousClock.now - started).seconds) }
        return try body()
    }

    /// Adds `seconds` to phase `name`.
    mutating func add(_ name: String, seconds value: Double) {
        if let index = seconds.firstIndex(where: { $0.name == name }) {
            seconds[index].seconds += value
        } else {
            seconds.append((name, value))
        }
    }

    /// The phases as a JSON object, or `nil` when none was measured.
    var json: String? {
        guard !seconds.isEmpty else { return nil }
        let fields = seconds.map { name, value -> String in
            let key = String(data: try! JSONEncoder().encode(name), encoding: .utf8)!
            return "\(key): \(String(format: "%.6f", value))"
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }
}

private extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
