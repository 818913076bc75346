import Foundation
import Synchronization

/// Runs async work to completion for a caller on a thread of its own (a worker's job thread,
/// an export's writer): the work runs on Swift's cooperative pool and waits on NIO without
/// blocking it, and only the calling thread — never one of the pool's — sleeps until it ends.
/// Never call this from async code.
package func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = Mutex<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        outcome.withLock { $0 = result }
        done.signal()
    }
    done.wait()
    return try outcome.withLock { $0! }.get()
}
