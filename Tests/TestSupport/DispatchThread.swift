import Foundation

/// Runs blocking `body` (libpq, a subprocess, worker threads) on a Dispatch thread and awaits it,
/// so an async test keeps Swift's cooperative threads free — for example for a loopback server
/// in the same process that the blocking work talks to.
public func onDispatchThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}
