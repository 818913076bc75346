import Foundation

/// One pause shared by every caller of a client: a 429 stops **all** requests until its
/// `Retry-After` (plus jitter) has passed, because they share the app's rolling quota. The total
/// pause is bounded; past it, callers get `rateLimited`.
actor RateLimitGate {
    private var pausedUntil = Date.distantPast
    private var totalPaused: TimeInterval = 0
    private let budget: TimeInterval

    init(budget: TimeInterval) { self.budget = budget }

    /// Waits while a pause is in force.
    func wait() async {
        while true {
            let remaining = pausedUntil.timeIntervalSinceNow
            if remaining <= 0 { return }
            try? await Task.sleep(nanoseconds: UInt64(remaining * 1e9))
        }
    }

    /// Starts (or extends) a pause of `seconds`; throws when the budget would be exceeded.
    func pause(_ seconds: TimeInterval, endpoint: SpotifyEndpoint, retryAfter: TimeInterval) throws(SpotifyError) {
        let until = Date().addingTimeInterval(seconds)
        let added = max(0, until.timeIntervalSince(max(pausedUntil, Date())))
        guard totalPaused + added <= budget else { throw .rateLimited(endpoint, retryAfter: retryAfter) }
        totalPaused += added
        if until > pausedUntil { pausedUntil = until }
    }
}

/// Endpoints found retired for this app; later calls fail without a request.
actor CapabilityRegistry {
    private var unavailable = Set<SpotifyEndpoint>()

    func isUnavailable(_ endpoint: SpotifyEndpoint) -> Bool { unavailable.contains(endpoint) }
    func markUnavailable(_ endpoint: SpotifyEndpoint) { unavailable.insert(endpoint) }
    var all: Set<SpotifyEndpoint> { unavailable }
}
