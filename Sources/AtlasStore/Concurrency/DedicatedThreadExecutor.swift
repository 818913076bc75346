import Foundation
import Synchronization

/// A task executor that runs its jobs on one thread of its own, never on Swift's cooperative
/// pool.
///
/// The pipeline's steps are async (they fetch kworb pages and call Spotify) but also make
/// blocking libpq calls between awaits. Run under this executor's preference
/// (`withStoreThread`), that blocking holds this thread only. On the cooperative pool it would
/// hold one of its few threads — with one CPU, the only one — and stall every other task, such
/// as the loopback HTTP server the blocked call may be waiting on.
package final class DedicatedThreadExecutor: TaskExecutor {
    private let queue = Mutex<[UnownedJob]>([])
    private let available = DispatchSemaphore(value: 0)

    /// The executor the pipeline's store work runs on.
    package static let store = DedicatedThreadExecutor(name: "musicatlas.store")

    /// Starts the executor's thread, named `name` (visible in `top -H` and debuggers).
    package init(name: String) {
        // The thread keeps the executor alive: it serves the whole process.
        let thread = Thread { [self] in
            while true {
                available.wait()
                guard let job = queue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { continue }
                job.runSynchronously(on: asUnownedTaskExecutor())
            }
        }
        thread.name = name
        thread.stackSize = 4 << 20
        thread.start()
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        queue.withLock { $0.append(unowned) }
        available.signal()
    }
}

/// Runs `body` with the store thread as its task executor: `body` and the child tasks it starts
/// (task groups, `async let`) run there instead of on the cooperative pool, so blocking libpq
/// calls inside them are safe. Unstructured tasks it starts (a loopback server) stay on the pool.
package func withStoreThread<T>(_ body: () async throws -> T) async rethrows -> T {
    try await withTaskExecutorPreference(DedicatedThreadExecutor.store, operation: body)
}
