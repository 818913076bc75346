/// `links`: `rel_artist_track` from every recorded appearance (`track_source`) whose artist and
/// track are both in the dataset — the page artist of each kworb song row (featured rows too)
/// and every credited artist of a Spotify track. One statement, so it is all or nothing and a
/// rerun adds only what is missing.
///
/// `seed2020` keeps the seed's split (SEED-SPEC §1.6): kworb rows link only kworb tracks
/// (streams > 0) and Spotify rows only Spotify tracks (streams ≤ 0); the default links any
/// known track.
package struct LinksStep {
    /// Runs the step.
    package static func run(_ context: StepContext) throws -> StepOutcome {
        let seed = context.configuration.mode == .seed2020
        let inserted = try context.connection.execute("""
            INSERT INTO rel_artist_track (artist_id, track_id)
            SELECT DISTINCT s.artist_id, s.track_id
            FROM track_source s
            JOIN master_artist a ON a.artist_id = s.artist_id
            JOIN master_track t ON t.track_id = s.track_id
            WHERE NOT $1::bool OR (s.source = 'kworb') = (t.streams > 0)
            ON CONFLICT DO NOTHING
            """, [seed ? "t" : "f"], purpose: "derive artist-track links").affected ?? 0
        let total = try context.connection.execute("SELECT count(*) AS n FROM rel_artist_track", purpose: "count links")[0].int("n") ?? 0
        context.log("links: \(inserted) new, \(total) in all")
        return StepOutcome(rows: inserted, detail: "\(inserted) new links, \(total) in all")
    }
}
