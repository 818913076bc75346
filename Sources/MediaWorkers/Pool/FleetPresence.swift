import AtlasStore
import Foundation
import Synchronization

/// A worker process's presence in `worker_process`, for `atlas status`: registered at start,
/// a heartbeat every few seconds on a connection and thread of its own — which also extends
/// the leases of the jobs in flight, so a long job is not taken over while its worker lives,
/// and a killed worker's jobs are, one lease after its last beat — and the reason it stopped.
final class FleetPresence: Sendable {
    /// `host:pid`.
    let worker: String
    private let databaseURL: String
    private let interval: TimeInterval
    private let lease: TimeInterval
    private let state = Mutex(State())
    private let finished = DispatchSemaphore(value: 0)

    private struct State {
        var inFlight: [String: Job] = [:]
        var stopping = false
        var started = false
    }

    /// Registers `worker` (replacing an earlier process of the same host and pid).
    init(worker: String, stage: String, storage: String, databaseURL: String, lease: TimeInterval, connection: PostgresConnection) throws {
        self.worker = worker
        self.databaseURL = databaseURL
        self.lease = lease
        interval = max(0.5, min(lease / 3, 10))
        let parts = worker.split(separator: ":")
        try connection.execute("""
            INSERT INTO worker_process (worker, host, pid, stage, storage, heartbeat_s) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (worker) DO UPDATE SET host = EXCLUDED.host, pid = EXCLUDED.pid, stage = EXCLUDED.stage, storage = EXCLUDED.storage,
                heartbeat_s = EXCLUDED.heartbeat_s, started_at = now(), last_heartbeat = now(), stopped_at = NULL, stop_reason = NULL
            """, [worker, parts.dropLast().joined(separator: ":"), String(parts.last ?? "0"), stage, storage, String(interval)],
            purpose: "register worker \(worker)")
    }

    /// Starts beating.
    func start(log: @escaping @Sendable (String) -> Void) {
        state.withLock { $0.started = true }
        let thread = Thread { [self] in
            defer { finished.signal() }
            var connection: PostgresConnection?
            while !state.withLock({ $0.stopping }) {
                do {
                    if connection == nil { connection = try PostgresConnection(url: databaseURL) }
                    try beat(on: connection!)
                } catch {
                    log("worker \(worker): heartbeat failed (will retry): \(error)")
                    connection = nil
                }
                var waited = 0.0
                while waited < interval, !state.withLock({ $0.stopping }) {
                    Thread.sleep(forTimeInterval: 0.1)
                    waited += 0.1
                }
            }
        }
        thread.name = "musicatlas.heartbeat"
        thread.start()
    }

    private func beat(on connection: PostgresConnection) throws {
        try connection.execute("UPDATE worker_process SET last_heartbeat = now() WHERE worker = $1", [worker], purpose: "heartbeat of \(worker)")
        for (owner, job) in state.withLock({ $0.inFlight }) {
            try JobQueue(connection: connection, owner: owner, lease: lease).heartbeat(job)
        }
    }

    /// `job` is being worked on by slot `owner`.
    func began(_ job: Job, owner: String) { state.withLock { $0.inFlight[owner] = job } }

    /// Slot `owner` is done with its job; records the outcome for jobs per minute and failures,
    /// and where the job's time went.
    func ended(_ job: Job, owner: String, outcome: String, failure: String?, phases: JobPhases, on connection: PostgresConnection) {
        state.withLock { _ = $0.inFlight.removeValue(forKey: owner) }
        _ = try? connection.execute("INSERT INTO job_event (worker, kind, outcome, failure, phases) VALUES ($1, $2, $3, $4, $5::jsonb)",
                                    [worker, job.kind, outcome, failure, phases.json], purpose: "record a \(job.kind) outcome")
    }

    /// Stops beating and records why the process stopped.
    func stop(reason: String, on connection: PostgresConnection?) {
        let started = state.withLock { state -> Bool in
            state.stopping = true
            return state.started
        }
        if started { finished.wait() }
        let connection = connection ?? (try? PostgresConnection(url: databaseURL))
        _ = try? connection?.execute("UPDATE worker_process SET stopped_at = now(), stop_reason = $2, last_heartbeat = now() WHERE worker = $1",
                                     [worker, reason], purpose: "record why \(worker) stopped")
    }
}
