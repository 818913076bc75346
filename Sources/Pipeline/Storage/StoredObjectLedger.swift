import AtlasStore
import ObjectStorage

/// `stored_object`: what a storage holds, by relative path and SHA-256, recorded inside the
/// transaction that completes the job (or export) that stored it — so the store never names a
/// file the storage lacks, and a re-run can tell what is already there.
package struct StoredObjectLedger: Sendable {
    /// The storage the rows describe (`s3://BUCKET/PREFIX` or the data folder's path).
    package let storage: String

    /// A ledger of `storage`.
    package init(storage: String) { self.storage = storage }

    /// Records `objects` (made for `trackID`, by `worker`), replacing earlier rows of the same paths.
    package func record(_ objects: [StoredObject], trackID: String?, worker: String, on connection: PostgresConnection) throws(PostgresError) {
        let rows = objects.filter { $0.sha256 != nil }
        guard !rows.isEmpty else { return }
        try connection.execute("""
            INSERT INTO stored_object (storage, path, bytes, sha256, track_id, stored_by)
            SELECT $1, t.path, t.bytes, t.sha256, $5, $6 FROM unnest($2::text[], $3::bigint[], $4::text[]) AS t(path, bytes, sha256)
            ON CONFLICT (storage, path) DO UPDATE SET bytes = EXCLUDED.bytes, sha256 = EXCLUDED.sha256, track_id = EXCLUDED.track_id,
                stored_by = EXCLUDED.stored_by, stored_at = now()
            """, [storage, PostgresArray.literal(rows.map(\.path)), PostgresArray.literal(rows.map { String($0.bytes) }),
                  PostgresArray.literal(rows.map { $0.sha256 ?? "" }), trackID, worker],
            purpose: "record \(rows.count) stored files" + (trackID.map { " of \($0)" } ?? ""))
    }

    /// Makes `objects` the only rows under `prefix` (an export that replaced an earlier one).
    package func replace(prefix: String, with objects: [StoredObject], worker: String, on connection: PostgresConnection) throws {
        try connection.transaction("record the files under \(prefix)") {
            try connection.execute("DELETE FROM stored_object WHERE storage = $1 AND starts_with(path, $2)", [storage, prefix],
                                   purpose: "forget the files under \(prefix)")
            try record(objects, trackID: nil, worker: worker, on: connection)
        }
    }
}
