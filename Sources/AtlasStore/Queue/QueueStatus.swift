/// The queue's progress for `atlas status`: jobs per kind and state, and per worker (lease
/// owner of finished or running jobs) — what the seed watched through its `status` views.
package enum QueueStatus {
    /// Printable lines.
    package static func read(_ connection: PostgresConnection) throws(PostgresError) -> [String] {
        var lines: [String] = []
        for row in try connection.execute("""
            SELECT kind, count(*) FILTER (WHERE state = 'queued') AS queued, count(*) FILTER (WHERE state = 'running') AS running,
                   count(*) FILTER (WHERE state = 'done') AS done, count(*) FILTER (WHERE state = 'dead') AS dead,
                   count(*) FILTER (WHERE state = 'queued' AND attempts > 0) AS retrying
            FROM jobs GROUP BY kind ORDER BY kind
            """, purpose: "queue status").rows {
            lines.append("\(row["kind"] ?? ""): \(row.int("queued") ?? 0) queued (\(row.int("retrying") ?? 0) retrying), "
                         + "\(row.int("running") ?? 0) running, \(row.int("done") ?? 0) done, \(row.int("dead") ?? 0) dead")
        }
        for row in try connection.execute("""
            SELECT kind, coalesce(finished_by, '?') AS worker, count(*) AS n,
                   round(count(*) / greatest(extract(epoch FROM max(updated_at) - min(updated_at)), 1)::numeric * 60, 1) AS per_minute
            FROM jobs WHERE state = 'done' GROUP BY kind, finished_by ORDER BY kind, worker
            """, purpose: "queue throughput per worker").rows {
            lines.append("  \(row["kind"] ?? "") by \(row["worker"] ?? ""): \(row.int("n") ?? 0) done (\(row["per_minute"] ?? "0")/min)")
        }
        for row in try connection.execute("""
            SELECT kind, coalesce(split_part(last_error, ':', 1), '') AS failure, count(*) AS n
            FROM jobs WHERE last_error IS NOT NULL GROUP BY kind, failure ORDER BY kind, n DESC
            """, purpose: "queue failures by type").rows {
            lines.append("  \(row["kind"] ?? "") failures \(row["failure"] ?? ""): \(row.int("n") ?? 0)")
        }
        // The latest stop of each worker that stopped taking downloads, and why.
        for row in try connection.execute("""
            SELECT DISTINCT ON (worker) worker, to_char(stopped_at, 'YYYY-MM-DD HH24:MI:SS') AS at, reason
            FROM worker_stop ORDER BY worker, id DESC
            """, purpose: "read worker stops").rows {
            lines.append("  worker \(row["worker"] ?? "") stopped \(row["at"] ?? ""): \(row["reason"] ?? "")")
        }
        return lines
    }
}
