import MusicGraph

/// `infer`: the genre vote and popularity inference (SEED-SPEC §3) over the stored artists and
/// related rows; `master_genre` and `artist_popularity` are replaced in one transaction, so a
/// rerun gives the same rows and an interruption leaves the previous ones.
package struct InferStep {
    /// Runs the step.
    package static func run(_ context: StepContext) throws -> StepOutcome {
        let reader = DatasetReader(context.connection)
        let artists = try reader.artists()
        guard !artists.isEmpty else { throw StepError.missingInput(step: .infer, reason: "master_artist is empty: run the artists step first") }
        let related = try reader.relatedRows()
        let profiles = context.configuration.mode == .standard ? try reader.profiles() : DatasetReader.Profiles()
        let result = DatasetInference(mode: context.configuration.mode.graphMode).run(
            artists: artists, related: related, ownGenres: profiles.genres, ownPopularity: profiles.popularity)
        let connection = context.connection
        try connection.transaction("store inference") {
            try connection.execute("DELETE FROM master_genre", purpose: "clear master_genre")
            try connection.execute("DELETE FROM artist_popularity", purpose: "clear artist_popularity")
            // The vote can name a genre twice for one artist only through distinct sources; keep the first.
            var seen = Set<[String]>()
            // A direct value's provider is its catalogue (a voted or inferred one has none).
            try connection.copy(into: "master_genre", columns: ["artist_id", "genre", "source", "provider"],
                                rows: result.genres.filter { seen.insert([$0.artistID, $0.genre]).inserted }.map {
                                    [$0.artistID, $0.genre, $0.source.rawValue, $0.source == .direct ? profiles.genreProvider[$0.artistID] : nil]
                                },
                                purpose: "COPY master_genre")
            try connection.copy(into: "artist_popularity", columns: ["artist_id", "popularity", "source", "provider"],
                                rows: result.popularity.map {
                                    [$0.artistID, $0.popularity.map(String.init), $0.source.rawValue, $0.source == .direct ? profiles.popularityProvider[$0.artistID] : nil]
                                }, purpose: "COPY artist_popularity")
        }
        let voted = result.genres.filter { $0.source == .voted }.count
        let direct = result.genres.filter { $0.source == .direct }.count
        let inferred = result.popularity.filter { $0.source == .inferred }.count
        let detail = "\(result.genres.count) genre rows (\(direct) direct, \(voted) voted), popularity for \(result.popularity.count) artists (\(inferred) inferred)"
        context.log("infer: \(detail)")
        return StepOutcome(rows: result.genres.count + result.popularity.count, detail: detail)
    }
}
