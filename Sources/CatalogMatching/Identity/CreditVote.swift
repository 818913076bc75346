import MusicGraph

/// The vote over an artist's tracks as another catalogue credits them: each track names the
/// artist it believes is ours, and the artist most tracks name wins.
///
/// On one track, ours is the credited artist at our position in Spotify's credit list when both
/// lists are equally long (credits align across catalogues far more often than names do: "Fairuz
/// فيروز" on one side is "Fairuz" on the other); otherwise the credit whose name scores best
/// against ours, if it scores at least `minimumNameScore`.
package struct CreditVote: Sendable {
    /// One track's credits on both sides.
    package struct Ballot: Sendable {
        /// Where our artist stands in the source credit list (0 = lead), `nil` when unknown.
        package var ourPosition: Int?
        /// How many artists the source credits.
        package var ourCreditCount: Int
        /// The other catalogue's credits, main artist first: (id, name).
        package var credits: [(id: String, name: String)]
        /// What the ballot came from, for the evidence ("ISRC USUM71900001").
        package var label: String

        /// A ballot.
        package init(ourPosition: Int?, ourCreditCount: Int, credits: [(id: String, name: String)], label: String) {
            self.ourPosition = ourPosition
            self.ourCreditCount = ourCreditCount
            self.credits = credits
            self.label = label
        }
    }

    /// The outcome: the winner (if any ballot named one), its votes, the ballots cast, the
    /// winner's name score against ours and one evidence line per ballot.
    package struct Outcome: Sendable {
        package var winner: (id: String, name: String)?
        package var votes: Int
        package var ballots: Int
        package var nameScore: Double
        /// Ballots that chose the winner by aligned credits (equal counts, our position).
        package var aligned: Int
        package var evidence: [String]

        /// The winner's share of the ballots.
        package var share: Double { ballots == 0 ? 0 : Double(votes) / Double(ballots) }
    }

    /// Lowest name score for a credit picked by name.
    package var minimumNameScore: Double

    /// A vote.
    package init(minimumNameScore: Double = 0.6) { self.minimumNameScore = minimumNameScore }

    /// Counts `ballots` for the artist called `name`.
    package func count(_ ballots: [Ballot], for name: String) -> Outcome {
        let matcher = ArtistMatcher(mode: .standard, minimumScore: minimumNameScore)
        var votes: [String: (name: String, count: Int, first: Int)] = [:]
        var aligned: [String: Int] = [:]
        var evidence: [String] = []
        for (index, ballot) in ballots.enumerated() {
            let candidates = ballot.credits.map { ArtistCandidate(id: $0.id, name: $0.name) }
            let choice: (id: String, name: String)?
            if let position = ballot.ourPosition, ballot.credits.count == ballot.ourCreditCount, position < ballot.credits.count {
                choice = ballot.credits[position]
                aligned[ballot.credits[position].id, default: 0] += 1
            } else if let match = matcher.match(name, in: candidates) {
                choice = (match.id, match.name)
            } else {
                choice = nil
            }
            let credited = ballot.credits.map { "\($0.name) (\($0.id))" }.joined(separator: ", ")
            if let choice {
                votes[choice.id, default: (choice.name, 0, index)].count += 1
                evidence.append("\(ballot.label): credits \(credited) → votes \(choice.id) '\(choice.name)'")
            } else {
                evidence.append("\(ballot.label): credits \(credited) → no credit is ours")
            }
        }
        let best = votes.max { a, b in a.value.count != b.value.count ? a.value.count < b.value.count : a.value.first > b.value.first }
        let score = best.map { matcher.ranked(name, in: [ArtistCandidate(id: $0.key, name: $0.value.name)]).first?.score ?? 0 } ?? 0
        return Outcome(winner: best.map { ($0.key, $0.value.name) }, votes: best?.value.count ?? 0, ballots: ballots.count,
                       nameScore: score, aligned: best.map { aligned[$0.key] ?? 0 } ?? 0, evidence: evidence)
    }
}
