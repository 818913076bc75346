import Foundation
import Synchronization

/// Renders many files at once on a fixed number of threads. A failing file does not stop the
/// others; results come back in input order.
public struct BatchRenderer: Sendable {
    /// The renderer every job uses (one analyser, one FFT plan).
    public let renderer: SongRenderer
    /// Number of files rendered concurrently.
    public let jobs: Int

    /// Creates a batch runner using `jobs` threads (default: one per core).
    public init(renderer: SongRenderer, jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.renderer = renderer
        self.jobs = max(1, jobs)
    }

    /// Renders `files` into `directory`. `progress` is called once per file as it finishes (from
    /// worker threads, serialised), with the number finished so far.
    public func render(
        files: [String], into directory: String,
        progress: @Sendable (_ finished: Int, _ total: Int, _ result: Result<RenderReport, RenderError>) -> Void = { _, _, _ in }
    ) -> [Result<RenderReport, RenderError>] {
        let state = BatchState(count: files.count)
        DispatchQueue.concurrentPerform(iterations: min(jobs, max(1, files.count))) { _ in
            while let index = state.claim() {
                let result: Result<RenderReport, RenderError>
                do throws(RenderError) {
                    result = .success(try renderer.render(file: files[index], into: directory))
                } catch {
                    result = .failure(error)
                }
                let finished = state.store(result, at: index)
                state.serialised { progress(finished, files.count, result) }
            }
        }
        return state.results()
    }
}

/// The shared cursor and result slots of one batch.
private final class BatchState: Sendable {
    private struct Slots {
        var next = 0
        var finished = 0
        var results: [Result<RenderReport, RenderError>?]
    }

    private let slots: Mutex<Slots>
    // Progress callbacks are serialised by a lock of their own, so a slow callback does not hold
    // up threads that only want the next file.
    private let reporting = Mutex(())

    init(count: Int) { slots = Mutex(Slots(results: Array(repeating: nil, count: count))) }

    func claim() -> Int? {
        slots.withLock { state in
            guard state.next < state.results.count else { return nil }
            defer { state.next += 1 }
            return state.next
        }
    }

    func store(_ result: Result<RenderReport, RenderError>, at index: Int) -> Int {
        slots.withLock { state in
            state.results[index] = result
            state.finished += 1
            return state.finished
        }
    }

    func serialised(_ body: () -> Void) { reporting.withLock { _ in body() } }

    func results() -> [Result<RenderReport, RenderError>] { slots.withLock { $0.results.map { $0! } } }
}
