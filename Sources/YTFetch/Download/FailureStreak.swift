/// The seed's ban guard (SEED-SPEC §5.3), kept: after `limit` consecutive download failures with
/// no success in between, a worker stops taking download jobs and says why, instead of burning
/// the queue. Permanent failures (a private video) are not counted — the worker does not record
/// them here; a configuration error (`stopsWorker`) stops it at once.
public struct FailureStreak: Sendable, Equatable {
    /// Consecutive failures that stop the worker (3, as the seed).
    public let limit: Int
    /// Failures since the last success.
    public private(set) var count = 0
    /// The failure that stopped the worker, once stopped.
    public private(set) var stoppedBy: YTDLPError?

    /// A streak stopping after `limit` consecutive failures.
    public init(limit: Int = 3) { self.limit = max(1, limit) }

    /// Whether the worker has stopped.
    public var isStopped: Bool { stoppedBy != nil }

    /// Records a success (the streak resets).
    public mutating func succeeded() { count = 0 }

    /// Records a failure; returns `true` when the worker must stop now.
    @discardableResult
    public mutating func failed(_ failure: YTDLPError) -> Bool {
        count += 1
        if count >= limit || failure.stopsWorker { stoppedBy = failure }
        return isStopped
    }

    /// Why the worker stopped, for the user.
    public var reason: String? {
        stoppedBy.map { "stopped taking downloads after \(count) consecutive failure\(count == 1 ? "" : "s") (last: \($0))" }
    }
}
