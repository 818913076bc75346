import Foundation
import Redaction
import Synchronization

/// Progress of one step: a redrawn bar with rate and ETA when standard error is a terminal, plain
/// lines (at most one per 10 % or per 5 s) otherwise, so logs stay readable.
package final class StepProgress: Sendable {
    private struct Drawn {
        var done = 0
        var lastLine = Date.distantPast
        var lastDecile = -1
    }

    private let label: String
    private let total: Int
    private let interactive: Bool
    private let log: @Sendable (String) -> Void
    private let started: Date
    // Held while a line is written, so concurrent advances never interleave their output.
    private let drawn = Mutex(Drawn())

    /// Progress over `total` items of `label`: redrawn on standard error when `interactive`,
    /// otherwise as lines given to `log`.
    /// `started` is when the work began (default: now), so time spent before the total was
    /// known — reading what to do — is counted too.
    package init(_ label: String, total: Int, started: Date = Date(), interactive: Bool = isatty(STDERR_FILENO) == 1,
                log: @escaping @Sendable (String) -> Void = { StepProgress.standardError($0 + "\n") }) {
        self.started = started
        self.label = label
        self.total = max(0, total)
        self.interactive = interactive
        self.log = log
    }

    /// Writes `text` to standard error.
    package static let standardError: @Sendable (String) -> Void = { text in FileHandle.standardError.write(Data(Redaction.scrub(text).utf8)) }

    /// Records `count` more finished items.
    package func advance(by count: Int = 1) {
        drawn.withLock { state in
            state.done += count
            let now = Date()
            if interactive {
                guard now.timeIntervalSince(state.lastLine) > 0.1 || state.done >= total else { return }
                state.lastLine = now
                Self.standardError("\r\u{1B}[K" + line(done: state.done, now: now, bar: true))
            } else {
                let decile = total > 0 ? state.done * 10 / total : 0
                guard decile != state.lastDecile || now.timeIntervalSince(state.lastLine) >= 5 else { return }
                state.lastDecile = decile
                state.lastLine = now
                log(line(done: state.done, now: now, bar: false))
            }
        }
    }

    /// Ends the progress display with `summary`.
    package func finish(_ summary: String) {
        drawn.withLock { _ in
            let text = "\(label): \(summary)" + String(format: " (%.1f s)", Date().timeIntervalSince(started))
            if interactive { Self.standardError("\r\u{1B}[K" + text + "\n") } else { log(text) }
        }
    }

    private func line(done: Int, now: Date, bar: Bool) -> String {
        let elapsed = now.timeIntervalSince(started)
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 && total > done ? String(format: " ETA %.0f s", Double(total - done) / rate) : ""
        let width = 24
        let filled = Int(fraction * Double(width))
        let drawn = bar ? "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] " : ""
        return "\(label): \(drawn)\(done)/\(total) (\(Int(fraction * 100)) %)" + String(format: " %.1f/s", rate) + eta
    }
}
