/// The finished items of resumable steps (`step_item`): a batch's rows and its items' "done"
/// marks are committed in one transaction, so a rerun after a kill skips exactly what was stored.
package struct StepItems {
    /// The step the items belong to (also a sub-step label such as `artists.extra`).
    package let step: String
    private let connection: PostgresConnection

    /// Items of `step` on `connection`.
    package init(_ step: String, on connection: PostgresConnection) {
        self.step = step
        self.connection = connection
    }

    /// Items already finished.
    package func finished() throws(PostgresError) -> Set<String> {
        Set(try connection.execute("SELECT item FROM step_item WHERE step = $1", [step], purpose: "read finished \(step) items").rows.compactMap { $0["item"] })
    }

    /// Marks `items` finished with `outcome` (inside the caller's transaction).
    package func markFinished(_ items: [String], outcome: String = "done") throws(PostgresError) {
        guard !items.isEmpty else { return }
        try connection.execute("""
            INSERT INTO step_item (step, item, outcome) SELECT $1, i, $3 FROM unnest($2::text[]) AS t(i)
            ON CONFLICT (step, item) DO UPDATE SET outcome = EXCLUDED.outcome, done_at = now()
            """, [step, PostgresArray.literal(items), outcome], purpose: "mark \(items.count) \(step) items finished")
    }
}
