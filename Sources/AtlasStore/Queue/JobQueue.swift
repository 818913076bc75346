import Foundation

/// A claimed job.
package struct Job: Sendable, Hashable {
    /// Row id.
    package let id: Int64
    /// Job kind (`search`, `download`, `spectrogram`, …).
    package let kind: String
    /// The unique key within the kind (a track id, say).
    package let key: String
    /// Free-form payload.
    package let payload: String
    /// Attempts so far, this one included.
    package let attempts: Int
    /// Attempts allowed before the job is dead.
    package let maxAttempts: Int
}

/// The state a failed job moved to.
package enum JobOutcome: String, Sendable {
    /// Will be retried after its backoff.
    case retry = "queued"
    /// Out of attempts.
    case dead
    /// The lease was no longer ours (another worker took the job over); nothing changed.
    case fenced
}

/// A PostgreSQL table queue (GRAPH-QUEUE-NOTES §4) replacing the seed's SQS + Lambda + status
/// table: `(kind, key)` is unique so enqueueing twice is harmless; claims use
/// `FOR UPDATE SKIP LOCKED` and take a lease that works as a visibility timeout (an expired lease
/// is claimable again, so a killed worker's job is finished by another); completion and failure
/// are fenced by the lease owner; failures back off exponentially and end `dead` after
/// `max_attempts`; every enqueue sends `NOTIFY jobs_<kind>` so idle workers wake (they poll too).
/// Delivery is at-least-once: handlers must be idempotent.
///
/// One queue object per connection; give each worker its own.
package final class JobQueue {
    private let connection: PostgresConnection
    /// Who holds the leases this object takes (host:pid:worker).
    package let owner: String
    /// Lease length in seconds.
    package let lease: TimeInterval
    /// First retry delay in seconds; doubled per attempt, capped at an hour.
    package let backoffBase: TimeInterval

    /// A queue on `connection` (schema migrated) leasing jobs to `owner`.
    package init(connection: PostgresConnection, owner: String, lease: TimeInterval = 120, backoffBase: TimeInterval = 2) {
        self.connection = connection
        self.owner = owner
        self.lease = lease
        self.backoffBase = backoffBase
    }

    /// Lets commits on a worker's own connection skip the wait for the WAL flush. A crash can
    /// then lose the last few hundred milliseconds of commits, which only re-runs those jobs
    /// (delivery is at-least-once anyway) — and each claim and completion stops costing an
    /// fsync (Docs/performance.md). For connections that claim at volume, not the pipeline's.
    package static func relaxCommitDurability(on connection: PostgresConnection) throws(PostgresError) {
        try connection.execute("SET synchronous_commit TO off", purpose: "configure queue session")
    }

    /// The channel idle workers of `kind` listen on.
    package static func channel(_ kind: String) -> String { "jobs_" + kind.filter { $0.isLetter || $0.isNumber || $0 == "_" }.lowercased() }

    /// Enqueues jobs of `kind` (key, payload); existing keys are left alone. Returns how many
    /// were new.
    @discardableResult
    package func enqueue(kind: String, jobs: [(key: String, payload: String)], maxAttempts: Int = 5) throws(PostgresError) -> Int {
        guard !jobs.isEmpty else { return 0 }
        let inserted = try connection.execute("""
            INSERT INTO jobs (kind, key, payload, max_attempts)
            SELECT $1, k, p, $4 FROM unnest($2::text[], $3::text[]) AS t(k, p)
            ON CONFLICT (kind, key) DO NOTHING
            """, [kind, PostgresArray.literal(jobs.map(\.key)), PostgresArray.literal(jobs.map(\.payload)), String(maxAttempts)],
            purpose: "enqueue \(jobs.count) \(kind) jobs").affected ?? 0
        if inserted > 0 { try connection.notify(Self.channel(kind), payload: String(inserted)) }
        return inserted
    }

    /// Claims up to `limit` ready jobs of `kind` (queued and due, or running with an expired lease).
    package func claim(kind: String, limit: Int = 1) throws(PostgresError) -> [Job] {
        // Expired leases first (a killed worker's jobs), then due queued jobs; each branch is
        // served by its own partial index, so a claim touches only the rows it takes.
        let rows = try connection.execute("""
            WITH expired AS (
                SELECT id FROM jobs WHERE state = 'running' AND lease_expires < now() AND kind = $1
                ORDER BY lease_expires, id LIMIT $2 FOR UPDATE SKIP LOCKED),
            ready AS (
                SELECT id FROM jobs WHERE kind = $1 AND state = 'queued' AND run_after <= now()
                ORDER BY run_after, id LIMIT $2 FOR UPDATE SKIP LOCKED),
            picked AS (SELECT id FROM expired UNION ALL SELECT id FROM ready LIMIT $2)
            UPDATE jobs j SET state = 'running', attempts = j.attempts + 1, lease_owner = $3,
                   lease_expires = now() + make_interval(secs => $4::double precision), updated_at = now()
            FROM picked WHERE j.id = picked.id
            RETURNING j.id, j.kind, j.key, j.payload, j.attempts, j.max_attempts
            """, [kind, String(limit), owner, String(lease)], purpose: "claim \(kind) jobs")
        return rows.rows.compactMap { row in
            guard let id = row["id"].flatMap({ Int64($0) }), let attempts = row.int("attempts"), let maxAttempts = row.int("max_attempts") else { return nil }
            return Job(id: id, kind: row["kind"] ?? kind, key: row["key"] ?? "", payload: row["payload"] ?? "", attempts: attempts, maxAttempts: maxAttempts)
        }
    }

    /// Marks `job` done; `false` when the lease is no longer ours (nothing changed).
    @discardableResult
    package func complete(_ job: Job) throws(PostgresError) -> Bool { try complete([job]) == 1 }

    /// Marks several jobs done in one statement; returns how many were still ours.
    @discardableResult
    package func complete(_ jobs: [Job]) throws(PostgresError) -> Int {
        guard !jobs.isEmpty else { return 0 }
        return try connection.execute("""
            UPDATE jobs SET state = 'done', finished_by = lease_owner, lease_owner = NULL, lease_expires = NULL, updated_at = now()
            WHERE id = ANY($1::bigint[]) AND state = 'running' AND lease_owner = $2
            """, [PostgresArray.literal(jobs.map { String($0.id) }), owner], purpose: "complete \(jobs.count) jobs").affected ?? 0
    }

    /// Records a failure: retried after `backoffBase · 2^(attempts−1)` seconds (at most an hour),
    /// or `dead` once out of attempts.
    @discardableResult
    package func fail(_ job: Job, error: String) throws(PostgresError) -> JobOutcome {
        let rows = try connection.execute("""
            UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
                   run_after = now() + make_interval(secs => least($3::double precision * power(2, attempts - 1), 3600)),
                   last_error = $4, lease_owner = NULL, lease_expires = NULL, updated_at = now()
            WHERE id = $1 AND state = 'running' AND lease_owner = $2
            RETURNING state
            """, [String(job.id), owner, String(backoffBase), error], purpose: "fail job \(job.id)")
        guard rows.count == 1 else { return .fenced }
        return rows[0]["state"] == "dead" ? .dead : .retry
    }

    /// Ends `job` now as `dead` with `error` — a permanent failure (a private or removed video)
    /// that no retry can fix. Fenced like `fail`.
    @discardableResult
    package func failPermanently(_ job: Job, error: String) throws(PostgresError) -> JobOutcome {
        let rows = try connection.execute("""
            UPDATE jobs SET state = 'dead', last_error = $3, lease_owner = NULL, lease_expires = NULL, updated_at = now()
            WHERE id = $1 AND state = 'running' AND lease_owner = $2
            RETURNING state
            """, [String(job.id), owner, error], purpose: "end job \(job.id)")
        return rows.count == 1 ? .dead : .fenced
    }

    /// Gives `job` back untouched: queued again after `delay` seconds, and this attempt does not
    /// count (the job did not fail; the worker could not do it now — rate-limited, misconfigured).
    /// `note` is kept in `last_error`. Returns `false` when the lease was no longer ours.
    @discardableResult
    package func release(_ job: Job, after delay: TimeInterval = 0, note: String) throws(PostgresError) -> Bool {
        try connection.execute("""
            UPDATE jobs SET state = 'queued', attempts = greatest(attempts - 1, 0),
                   run_after = now() + make_interval(secs => $3::double precision), last_error = $4,
                   lease_owner = NULL, lease_expires = NULL, updated_at = now()
            WHERE id = $1 AND state = 'running' AND lease_owner = $2
            """, [String(job.id), owner, String(max(0, delay)), note], purpose: "release job \(job.id)").affected == 1
    }

    /// Extends the lease of a long job; `false` when it is no longer ours.
    @discardableResult
    package func heartbeat(_ job: Job) throws(PostgresError) -> Bool {
        try connection.execute("""
            UPDATE jobs SET lease_expires = now() + make_interval(secs => $3::double precision)
            WHERE id = $1 AND state = 'running' AND lease_owner = $2
            """, [String(job.id), owner, String(lease)], purpose: "heartbeat job \(job.id)").affected == 1
    }

    /// Jobs of `kind` per state.
    package func counts(kind: String) throws(PostgresError) -> [String: Int] {
        var out: [String: Int] = [:]
        for row in try connection.execute("SELECT state, count(*) AS n FROM jobs WHERE kind = $1 GROUP BY state", [kind], purpose: "count \(kind) jobs").rows {
            if let state = row["state"] { out[state] = row.int("n") ?? 0 }
        }
        return out
    }
}
