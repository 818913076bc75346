import MusicGraph
import SimilarArtists
import SpotifyClient

/// Finds the Deezer artist one of ours is (issue 16, EXTERNAL-APIS §8), trying in turn:
///
/// 1. **ISRC** — each of the artist's top tracks on Spotify (`GET /tracks/{id}` →
///    `external_ids.isrc`), then Deezer's `GET /track/isrc:<ISRC>`; the tracks' credits vote
///    (`CreditVote`).
/// 2. **Track search** — for artists without Spotify data (kworb only, or no Spotify client):
///    the same vote over Deezer's search for "artist + title" of their kworb top tracks.
/// 3. **Name search** — Deezer's artist search, candidates scored by the project's matcher
///    (`ArtistMatcher`, folded names, `1 − distance / length`).
///
/// A vote is accepted when the winner holds at least `voteThreshold` of the ballots and either
/// two tracks agree, or one ISRC's credits align with Spotify's (same number of artists, ours at
/// the winner's position: an ISRC names one recording worldwide), or its name scores ≥
/// `nameThreshold`. Its confidence is the winner's share of the ballots, scaled for a single
/// ballot by 0.9 (aligned) or the name score. A name search is accepted when the best name
/// scores ≥ `nameThreshold`, with that score as confidence. Below that the mapping is
/// `unresolved` and carries no id: the resolver never guesses.
package struct DeezerArtistResolver: Sendable {
    /// Deezer.
    package let deezer: DeezerClient
    /// Spotify, for ISRCs; `nil` skips the ISRC route.
    package let spotify: SpotifyClient?
    /// Tracks looked at, at most.
    package var tracksToTry: Int
    /// Lowest winning share of a track vote.
    package var voteThreshold: Double
    /// Lowest name score (name search, and a one-track vote).
    package var nameThreshold: Double

    /// A resolver.
    package init(deezer: DeezerClient, spotify: SpotifyClient?, tracksToTry: Int = 4, voteThreshold: Double = 0.5, nameThreshold: Double = 0.85) {
        self.deezer = deezer
        self.spotify = spotify
        self.tracksToTry = tracksToTry
        self.voteThreshold = voteThreshold
        self.nameThreshold = nameThreshold
    }

    /// A track of ours to vote with: its Spotify id (when it has one) and title.
    package struct TrackHint: Sendable {
        /// Spotify track id, `nil` for none.
        package var spotifyID: String?
        /// The title.
        package var title: String

        /// A hint.
        package init(spotifyID: String?, title: String) {
            self.spotifyID = spotifyID
            self.title = title
        }
    }

    /// The mapping for artist `id` called `name` with `tracks` (most streamed first). Not-found
    /// answers are evidence; other failures (quota through every retry, network) are thrown, so
    /// the caller retries the artist later rather than storing a wrong "unresolved".
    package func resolve(id: String, name: String, tracks: [TrackHint]) async throws -> CatalogueMapping {
        var evidence: [String] = []
        let vote = CreditVote()
        if let spotify, tracks.contains(where: { $0.spotifyID != nil }) {
            var ballots: [CreditVote.Ballot] = []
            for hint in tracks.lazy.filter({ $0.spotifyID != nil }).prefix(tracksToTry) {
                let track: SpotifyTrack
                do { track = try await spotify.track(hint.spotifyID!) } catch {
                    guard case .notFound = error else { throw error }
                    evidence.append("Spotify track \(hint.spotifyID!): not found")
                    continue
                }
                guard let isrc = track.externalIDs?["isrc"], !isrc.isEmpty else {
                    evidence.append("Spotify track \(track.id): no ISRC")
                    continue
                }
                guard let found = try await LastFMArtistResolver.unlessNotFound({ () async throws(SimilarArtistsError) in try await deezer.track(isrc: isrc) }) else {
                    evidence.append("ISRC \(isrc): not on Deezer")
                    continue
                }
                ballots.append(ballot(found, ours: track.artists.firstIndex { $0.id == id }, of: track.artists.count, label: "ISRC \(isrc)"))
            }
            let outcome = vote.count(ballots, for: name)
            evidence += outcome.evidence
            if let mapping = accepted(outcome, id: id, name: name, method: .isrc, evidence: evidence) { return mapping }
        }
        let titled = tracks.filter { spotify == nil || $0.spotifyID == nil }.prefix(tracksToTry)
        if !titled.isEmpty {
            var ballots: [CreditVote.Ballot] = []
            for hint in titled {
                let found = try await deezer.searchTracks(artist: name, title: hint.title)
                let folded = NameNormalizer.fold(hint.title)
                guard let track = found.first(where: { NameNormalizer.fold($0.title) == folded }) ?? found.first else {
                    evidence.append("track search '\(hint.title)': nothing")
                    continue
                }
                ballots.append(ballot(track, ours: nil, of: 0, label: "track search '\(hint.title)' → Deezer track \(track.id)"))
            }
            let outcome = vote.count(ballots, for: name)
            evidence += outcome.evidence
            if let mapping = accepted(outcome, id: id, name: name, method: .trackSearch, evidence: evidence) { return mapping }
        }
        let candidates = try await deezer.searchArtists(name, limit: 10)
        let ranked = ArtistMatcher(mode: .standard, minimumScore: nameThreshold)
            .ranked(name, in: candidates.map { ArtistCandidate(id: String($0.id), name: $0.name, popularity: $0.fans) })
        if let best = ranked.first {
            let ties = ranked.filter { $0.score == best.score }.count
            evidence.append("name search: best \(best.id) '\(best.name)' scores \(rounded(best.score))" + (ties > 1 ? " (\(ties) tie; Deezer's order decides)" : ""))
            if best.score >= nameThreshold {
                return CatalogueMapping(artistID: id, artistName: name, catalogue: .deezer, externalID: best.id, externalName: best.name,
                                        method: .nameSearch, confidence: best.score, threshold: nameThreshold, evidence: evidence)
            }
        } else {
            evidence.append("name search: no candidates")
        }
        return CatalogueMapping(artistID: id, artistName: name, catalogue: .deezer, externalID: nil, externalName: nil, method: .unresolved,
                                confidence: ranked.first?.score ?? 0, threshold: nameThreshold, evidence: evidence)
    }

    private func ballot(_ track: DeezerTrack, ours position: Int?, of count: Int, label: String) -> CreditVote.Ballot {
        var credits = [(id: String(track.artist.id), name: track.artist.name)]
        for contributor in track.contributors where contributor.id != track.artist.id {
            credits.append((String(contributor.id), contributor.name))
        }
        return CreditVote.Ballot(ourPosition: position, ourCreditCount: count, credits: credits, label: label)
    }

    /// The mapping when `outcome` clears the thresholds.
    private func accepted(_ outcome: CreditVote.Outcome, id: String, name: String, method: MappingMethod, evidence: [String]) -> CatalogueMapping? {
        guard let winner = outcome.winner, outcome.share >= voteThreshold,
            outcome.votes >= 2 || outcome.aligned > 0 || outcome.nameScore >= nameThreshold
        else { return nil }
        let confidence = outcome.share * (outcome.votes >= 2 ? 1 : outcome.aligned > 0 ? max(0.9, outcome.nameScore) : outcome.nameScore)
        return CatalogueMapping(artistID: id, artistName: name, catalogue: .deezer, externalID: winner.id, externalName: winner.name, method: method,
                                confidence: confidence, threshold: voteThreshold,
                                evidence: evidence + ["vote: \(winner.id) '\(winner.name)' has \(outcome.votes) of \(outcome.ballots) tracks, name score \(rounded(outcome.nameScore))"])
    }
}

/// `value` to two decimals, for evidence lines.
func rounded(_ value: Double) -> String { String(format: "%.2f", value) }
