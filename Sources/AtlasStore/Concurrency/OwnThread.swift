import Foundation

/// Runs a long blocking call — a worker pool that waits for its threads, a whole graph load, a
/// server start — on a thread started for it, and resumes the caller through a continuation when
/// it returns. Unlike `Task.detached`, which would run `body` on (and so block) a thread of Swift's
/// cooperative pool, this leaves the pool free for the async work the call may depend on.
package func onOwnThread<T: Sendable>(
    name: String = "musicatlas.blocking", _ body: @escaping @Sendable () throws -> T
) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.name = name
        thread.stackSize = 4 << 20
        thread.start()
    }
}
