import AtlasStore
import Foundation

/// `queue`: one `search` job per track for the workers (search → download → spectrogram). The
/// queue's unique (kind, key) makes this idempotent: a rerun enqueues only new tracks.
package struct QueueStep {
    /// The job kind this step enqueues.
    package static let kind = "search"

    /// Runs the step.
    package static func run(_ context: StepContext) throws -> StepOutcome {
        let started = Date()
        let rows = try context.connection.execute("""
            SELECT t.track_id, t.track_name, t.duration_ms,
                   (SELECT a.artist_name FROM rel_artist_track l JOIN master_artist a USING (artist_id)
                    WHERE l.track_id = t.track_id
                    -- the lead (a non-featured appearance) first, then store order
                    ORDER BY NOT EXISTS (SELECT 1 FROM track_source s WHERE s.artist_id = l.artist_id AND s.track_id = l.track_id AND NOT s.featured),
                             a.ordinal
                    LIMIT 1) AS artist
            FROM master_track t ORDER BY t.ordinal
            """, purpose: "read tracks to queue").rows
        let payloads = rows.map { row in
            SearchJobPayload(trackID: row["track_id"] ?? "", title: row["track_name"] ?? "", artist: row["artist"] ?? "", durationMS: row.int("duration_ms"))
        }
        let queue = JobQueue(connection: context.connection, owner: "pipeline")
        let progress = context.progress("queue", total: payloads.count, started: started)
        var added = 0
        for batch in payloads.chunks(of: 1000) {
            added += try queue.enqueue(kind: kind, jobs: batch.map { (key: $0.trackID, payload: $0.encoded()) })
            progress.advance(by: batch.count)
        }
        progress.finish("\(added) new search jobs (\(payloads.count) tracks)")
        return StepOutcome(rows: added, detail: "\(added) new search jobs for \(payloads.count) tracks")
    }
}
