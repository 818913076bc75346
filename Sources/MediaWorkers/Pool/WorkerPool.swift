import AtlasStore
import Foundation
import Pipeline
import MelSpectrogram
import Redaction
import ResearchDataset
import Synchronization
import YTFetch

/// `atlas worker`: `concurrency` threads, each with its own database connection, claiming jobs of
/// the stage's kinds (leases as visibility timeouts), waking on NOTIFY and polling otherwise.
/// Download failures count towards a shared streak: after `failureLimit` in a row (or one bot
/// check) this worker stops taking downloads and says why.
package final class WorkerPool: Sendable {
    /// The configuration.
    package let configuration: WorkerConfiguration
    /// The stage.
    package let stage: WorkerStage
    /// Threads.
    package let concurrency: Int
    /// Database URL.
    package let databaseURL: String
    /// Progress lines.
    package let log: @Sendable (String) -> Void

    /// What the threads share: the failure streak, the kinds still taken, the tally, whether to
    /// stop and the first error.
    private struct Shared {
        var streak: FailureStreak
        var activeKinds: [String]
        var summary = Summary()
        var stopRequested = false
        var firstError: (any Error)?
        /// YouTube-facing kinds wait until then (a rate-limit pause).
        var pausedUntil: Date?
        var nextPause: TimeInterval
        var ranOnStop = false
    }

    /// The job kinds that talk to YouTube (paused by a rate limit).
    private static let youtubeKinds: Set<String> = ["search", "download"]

    private let shared: Mutex<Shared>

    /// What a run did.
    package struct Summary: Sendable, Equatable {
        /// Jobs finished per kind.
        package var done: [String: Int] = [:]
        /// Failures per kind of failure (`rate-limited`, `unavailable`, …).
        package var failures: [String: Int] = [:]
        /// Why downloads stopped, if they did.
        package var stoppedDownloads: String?
    }

    /// A pool.
    package init(databaseURL: String, configuration: WorkerConfiguration, stage: WorkerStage, concurrency: Int,
                log: @escaping @Sendable (String) -> Void = { StepProgress.standardError($0 + "\n") }) {
        self.databaseURL = databaseURL
        self.configuration = configuration
        self.stage = stage
        self.concurrency = max(1, concurrency)
        self.log = log
        shared = Mutex(Shared(streak: FailureStreak(limit: configuration.failureLimit), activeKinds: stage.kinds,
                              nextPause: configuration.rateLimitPause))
    }

    /// Asks the threads to finish their current job and exit.
    package func stop() {
        shared.withLock { $0.stopRequested = true }
    }

    /// Runs until stopped (or, with `untilEmpty`, until no job of the active kinds is left).
    package func run() throws -> Summary {
        // PNGs to look at, .npy for the dataset (its shards are these windows' float values).
        let renderer = try SongRenderer(options: RenderOptions(mode: configuration.renderMode, formats: .both))
        var configuration = self.configuration
        if configuration.ytdlpVersion == nil, stage.kinds.contains("download") {
            configuration.ytdlpVersion = try? configuration.ytdlp.installation().version
        }
        let owner = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
        let control = try PostgresConnection(url: databaseURL)
        let presence = try FleetPresence(worker: owner, stage: stage.rawValue, storage: configuration.storage.location, databaseURL: databaseURL,
                                         lease: configuration.lease, connection: control)
        presence.start(log: log)
        // The recipe once per process, before the threads: concurrent first registrations would
        // each draw an id from the sequence, and which one the row keeps would be a race.
        let recipe = stage.kinds.contains("spectrogram") ? try SpectrogramRecipe(options: renderer.options).register(on: control) : nil
        let group = DispatchGroup()
        for slot in 0..<concurrency {
            group.enter()
            let thread = Thread { [self, configuration] in
                defer { group.leave() }
                do { try work(owner: "\(owner):\(slot)", renderer: renderer, recipe: recipe, configuration: configuration, presence: presence) } catch {
                    shared.withLock { if $0.firstError == nil { $0.firstError = error } }
                    stop()
                }
            }
            thread.stackSize = 4 << 20
            thread.start()
        }
        group.wait()
        let (error, summary, requested) = shared.withLock { ($0.firstError, $0.summary, $0.stopRequested) }
        let reason = error.map { "error: \(Redaction.scrub("\($0)"))" } ?? summary.stoppedDownloads.map { "stopped taking downloads: \($0)" }
            ?? (requested ? "stopped on request" : "queue empty")
        presence.stop(reason: reason, on: control)
        if let error { throw error }
        return summary
    }

    private func work(owner: String, renderer: SongRenderer, recipe: Int64?, configuration: WorkerConfiguration, presence: FleetPresence) throws {
        let connection = try PostgresConnection(url: databaseURL)
        try JobQueue.relaxCommitDurability(on: connection)
        let queue = JobQueue(connection: connection, owner: owner, lease: configuration.lease)
        for kind in stage.kinds { try connection.listen(JobQueue.channel(kind)) }
        var handler = MediaJobHandler(configuration: configuration, connection: connection, queue: queue, renderer: renderer, recipeID: recipe, worker: owner)
        handler.keepsAudio = stage.kinds.contains("spectrogram")
        while !shared.withLock({ $0.stopRequested }) {
            let kinds = shared.withLock { state -> [String] in
                if let until = state.pausedUntil, until > Date() { return state.activeKinds.filter { !Self.youtubeKinds.contains($0) } }
                state.pausedUntil = nil
                return state.activeKinds
            }
            var claimed: Job?
            for kind in kinds {
                if let job = try queue.claim(kind: kind, limit: 1).first {
                    claimed = job
                    break
                }
            }
            guard let job = claimed else {
                let paused = shared.withLock { $0.pausedUntil != nil }
                if configuration.untilEmpty, !paused, try pending(kinds, connection) == 0 { return }
                _ = try connection.notifications(timeout: configuration.pollInterval)
                continue
            }
            presence.began(job, owner: owner)
            let (result, phases) = handler.handle(job)
            switch result {
            case .done(let what):
                presence.ended(job, owner: owner, outcome: "done", failure: nil, phases: phases, on: connection)
                shared.withLock {
                    $0.summary.done[job.kind, default: 0] += 1
                    if job.kind == "download" { $0.streak.succeeded() }
                    if Self.youtubeKinds.contains(job.kind) { $0.nextPause = configuration.rateLimitPause }
                }
                log("worker \(owner): \(job.kind) \(job.key): \(what)")
            case .fenced:
                presence.ended(job, owner: owner, outcome: "fenced", failure: nil, phases: phases, on: connection)
                log("worker \(owner): \(job.kind) \(job.key): lease lost to another worker; nothing written")
            case .failed(let failure):
                presence.ended(job, owner: owner, outcome: "failed", failure: failure.kind.rawValue, phases: phases, on: connection)
                try handle(failure, of: job, queue: queue, connection: connection, owner: owner)
                if shared.withLock({ $0.activeKinds.isEmpty || $0.stopRequested }) { return }
            }
        }
    }

    /// Acts on a failed job as its kind calls for (`YTDLPError.Handling`).
    private func handle(_ failure: YTDLPError, of job: Job, queue: JobQueue, connection: PostgresConnection, owner: String) throws {
        shared.withLock { $0.summary.failures[failure.kind.rawValue, default: 0] += 1 }
        switch failure.handling {
        case .permanent:
            let outcome = try queue.failPermanently(job, error: failure.description)
            log("worker \(owner): \(job.kind) \(job.key) ended (\(outcome == .fenced ? "fenced" : "permanent, not retried")): \(failure)")
        case .pause:
            let pause = shared.withLock { state -> TimeInterval in
                let pause = state.nextPause
                state.pausedUntil = max(state.pausedUntil ?? .distantPast, Date().addingTimeInterval(pause))
                state.nextPause = min(pause * 2, configuration.maxRateLimitPause)
                return pause
            }
            try queue.release(job, after: pause, note: failure.description)
            log("worker \(owner): YouTube rate-limited this session; \(job.kind) \(job.key) given back, searches and downloads pause \(Int(pause)) s (\(failure.message))")
        case .configuration:
            try queue.release(job, note: failure.description)
            let reason = "stopped at once: \(failure) — fix: " + (failure.kind == .runtimeMissing
                ? "install a JavaScript runtime for yt-dlp (make setup installs Deno into .venv; atlas doctor checks it)"
                : "install yt-dlp (make setup) or set YTDLP")
            stopDownloads(reason, everything: true, owner: owner, connection: connection)
        case .banLike, .retry:
            let outcome = try queue.fail(job, error: failure.description)
            log("worker \(owner): \(job.kind) \(job.key) failed (\(outcome.rawValue)): \(failure)")
            guard job.kind == "download" else { return }
            let stopped = shared.withLock { state -> String? in
                state.streak.failed(failure) && state.summary.stoppedDownloads == nil ? state.streak.reason : nil
            }
            if let stopped {
                let help = failure.handling == .banLike ? " — YouTube is refusing this IP: pass cookies (--cookies FILE) or run the worker from another IP" : ""
                stopDownloads(stopped + help, everything: false, owner: owner, connection: connection)
            }
        }
    }

    /// Stops taking downloads (or, for a configuration error, every job), says why, and runs
    /// `--on-stop` once.
    private func stopDownloads(_ reason: String, everything: Bool, owner: String, connection: PostgresConnection) {
        let first = shared.withLock { state -> Bool in
            if state.summary.stoppedDownloads == nil { state.summary.stoppedDownloads = reason }
            state.activeKinds.removeAll { $0 == "download" }
            if everything { state.stopRequested = true }
            defer { state.ranOnStop = true }
            return !state.ranOnStop
        }
        log("worker: \(reason)")
        // For `atlas status`: which worker stopped, when and why.
        if first {
            _ = try? connection.execute("INSERT INTO worker_stop (worker, reason) VALUES ($1, $2)", [owner, Redaction.scrub(reason)],
                                        purpose: "record why \(owner) stopped")
        }
        guard first, let command = configuration.onStop, !command.isEmpty else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command, "atlas-on-stop", reason]
        var environment = ProcessInfo.processInfo.environment
        environment["ATLAS_STOP_REASON"] = reason
        process.environment = environment
        do {
            try process.run()
            process.waitUntilExit()
            if process.terminationStatus != 0 { log("worker: --on-stop exited \(process.terminationStatus)") }
        } catch {
            log("worker: --on-stop could not run: \(error)")
        }
    }

    /// Jobs of `kinds` still queued or running.
    private func pending(_ kinds: [String], _ connection: PostgresConnection) throws -> Int {
        try connection.execute("SELECT count(*) AS n FROM jobs WHERE kind = ANY($1::text[]) AND state IN ('queued', 'running')",
                               [PostgresArray.literal(kinds)], purpose: "count pending jobs")[0].int("n") ?? 0
    }
}
