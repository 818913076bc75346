import Foundation

/// Each worker process (host + pid) as `atlas status` shows it: its stage and storage, jobs per
/// minute over the last ten minutes, failures by kind, its last heartbeat, and whether and why
/// it stopped — or that it went silent (no heartbeat for three of its intervals: killed, or its
/// host lost).
package struct WorkerStatus: Sendable, Codable, Equatable {
    /// `host:pid`.
    package var worker: String
    /// Host name.
    package var host: String
    /// Process id on that host.
    package var pid: Int
    /// `search`, `download`, `spectrogram` or `all`.
    package var stage: String
    /// `s3://BUCKET/PREFIX` or the data folder.
    package var storage: String
    /// `running`, `stopped`, or `silent`.
    package var state: String
    /// Start, ISO 8601.
    package var startedAt: String
    /// Last heartbeat, ISO 8601.
    package var lastHeartbeat: String
    /// Seconds since that heartbeat.
    package var secondsSinceHeartbeat: Double
    /// Jobs finished per minute in the last ten minutes (or since the start, if later), per kind.
    package var jobsPerMinute: [String: Double]
    /// Jobs finished in that window, per kind.
    package var doneRecently: [String: Int]
    /// Failures since the start, per failure kind (`rate-limited`, `unavailable`, …).
    package var failures: [String: Int]
    /// When it stopped, ISO 8601.
    package var stoppedAt: String?
    /// Why it stopped.
    package var stopReason: String?

    enum CodingKeys: String, CodingKey {
        case worker, host, pid, stage, storage, state, failures
        case startedAt = "started_at", lastHeartbeat = "last_heartbeat", secondsSinceHeartbeat = "seconds_since_heartbeat"
        case jobsPerMinute = "jobs_per_minute", doneRecently = "done_last_10_min", stoppedAt = "stopped_at", stopReason = "stop_reason"
    }

    /// Heartbeats missed before a running worker counts as `silent`.
    package static let silentAfterBeats: Double = 3

    /// Every registered worker, most recent first.
    package static func read(_ connection: PostgresConnection) throws(PostgresError) -> [WorkerStatus] {
        let workers = try connection.execute("""
            SELECT worker, host, pid, stage, storage,
                   to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS started,
                   to_char(last_heartbeat AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS beat,
                   extract(epoch FROM now() - last_heartbeat)::double precision AS since, heartbeat_s,
                   to_char(stopped_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS stopped, stop_reason,
                   greatest(least(extract(epoch FROM now() - started_at) / 60, 10), 1)::double precision AS window_minutes
            FROM worker_process ORDER BY started_at DESC, worker
            """, purpose: "read the fleet").rows
        var done: [String: [String: Int]] = [:], failures: [String: [String: Int]] = [:]
        for row in try connection.execute("""
            SELECT e.worker, e.kind, count(*) AS n FROM job_event e JOIN worker_process w USING (worker)
            WHERE e.outcome = 'done' AND e.at > now() - interval '10 minutes' AND e.at >= w.started_at GROUP BY e.worker, e.kind
            """, purpose: "read recent jobs per worker").rows {
            done[row["worker"] ?? "", default: [:]][row["kind"] ?? ""] = row.int("n") ?? 0
        }
        for row in try connection.execute("""
            SELECT e.worker, coalesce(e.failure, 'other') AS failure, count(*) AS n FROM job_event e JOIN worker_process w USING (worker)
            WHERE e.outcome = 'failed' AND e.at >= w.started_at GROUP BY e.worker, e.failure
            """, purpose: "read failures per worker").rows {
            failures[row["worker"] ?? "", default: [:]][row["failure"] ?? ""] = row.int("n") ?? 0
        }
        return workers.map { row in
            let worker = row["worker"] ?? ""
            let since = row["since"].flatMap(Double.init) ?? 0
            let minutes = row["window_minutes"].flatMap(Double.init) ?? 10
            let recent = done[worker] ?? [:]
            let stopped = row["stopped"]
            return WorkerStatus(
                worker: worker, host: row["host"] ?? "", pid: row.int("pid") ?? 0, stage: row["stage"] ?? "", storage: row["storage"] ?? "",
                state: stopped != nil ? "stopped" : since > silentAfterBeats * (row["heartbeat_s"].flatMap(Double.init) ?? 10) ? "silent" : "running", startedAt: row["started"] ?? "",
                lastHeartbeat: row["beat"] ?? "", secondsSinceHeartbeat: (since * 10).rounded() / 10,
                jobsPerMinute: recent.mapValues { (Double($0) / minutes * 10).rounded() / 10 }, doneRecently: recent,
                failures: failures[worker] ?? [:], stoppedAt: stopped, stopReason: row["stop_reason"])
        }
    }

    /// One line for `atlas status`.
    package var line: String {
        let rates = jobsPerMinute.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)/min" }.joined(separator: ", ")
        let failed = failures.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        var text = "\(worker) [\(stage) → \(storage)] \(state), heartbeat \(Int(secondsSinceHeartbeat)) s ago; "
            + (rates.isEmpty ? "no jobs in the last 10 min" : rates) + (failed.isEmpty ? "" : "; failures: \(failed)")
        if let stopReason { text += "; stopped \(stoppedAt ?? ""): \(stopReason)" }
        return text
    }
}
