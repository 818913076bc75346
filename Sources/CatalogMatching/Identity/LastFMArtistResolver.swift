import MusicGraph
import SimilarArtists

/// Decides whether Last.fm's answer for one of our artists is about that artist. Last.fm keys
/// artists by name and corrects spellings (`autocorrect=1`), so the similar-artists answer itself
/// is the evidence: the name it answered for (`@attr.artist`) must score at least `threshold`
/// against ours with the project's matcher, or the answer is refused (`unresolved`). With a
/// MusicBrainz id the lookup is by id and the mapping is `mbid`.
package struct LastFMArtistResolver: Sendable {
    /// Last.fm.
    package let lastFM: LastFMClient
    /// Lowest name score accepted.
    package var threshold: Double

    /// A resolver.
    package init(lastFM: LastFMClient, threshold: Double = 0.85) {
        self.lastFM = lastFM
        self.threshold = threshold
    }

    /// The mapping for our artist and, when accepted, Last.fm's similar artists of it (one call).
    /// Last.fm's "not found" is an unresolved mapping; other failures are thrown.
    package func resolve(id: String, name: String, mbid: String? = nil, limit: Int = 50) async throws -> (mapping: CatalogueMapping, similar: [LastFMSimilarArtist]) {
        // (A `catch .notFound` on the typed error crashes the 6.3 compiler's ownership check here.)
        guard let answer = try await Self.unlessNotFound({ () async throws(SimilarArtistsError) in try await lastFM.similar(name: name, mbid: mbid, limit: limit) }) else {
            return (CatalogueMapping(artistID: id, artistName: name, catalogue: .lastfm, externalID: nil, externalName: nil, method: .unresolved,
                                     confidence: 0, threshold: threshold, evidence: ["artist.getSimilar '\(mbid ?? name)': not found"]), [])
        }
        let answered = answer.artist ?? name
        if let mbid, !mbid.isEmpty {
            return (CatalogueMapping(artistID: id, artistName: name, catalogue: .lastfm, externalID: answered, externalName: answered, method: .mbid,
                                     confidence: 1, threshold: threshold, evidence: ["artist.getSimilar mbid \(mbid) answered for '\(answered)'"]), answer.artists)
        }
        let score = ArtistMatcher(mode: .standard).ranked(name, in: [ArtistCandidate(id: answered, name: answered)]).first?.score ?? 0
        let evidence = ["artist.getSimilar '\(name)' answered for '\(answered)' (name score \(rounded(score))), \(answer.artists.count) similar artists"]
        guard score >= threshold else {
            return (CatalogueMapping(artistID: id, artistName: name, catalogue: .lastfm, externalID: nil, externalName: answered, method: .unresolved,
                                     confidence: score, threshold: threshold, evidence: evidence), [])
        }
        return (CatalogueMapping(artistID: id, artistName: name, catalogue: .lastfm, externalID: answered, externalName: answered, method: .name,
                                 confidence: score, threshold: threshold, evidence: evidence), answer.artists)
    }

    /// `body`'s value, or `nil` when it throws `notFound`.
    static func unlessNotFound<Value>(_ body: () async throws(SimilarArtistsError) -> Value) async throws(SimilarArtistsError) -> Value? {
        do { return try await body() } catch {
            if case .notFound = error { return nil }
            throw error
        }
    }
}
