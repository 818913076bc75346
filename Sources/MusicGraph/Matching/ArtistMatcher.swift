import Foundation

/// Picks the Spotify artist that a searched name refers to.
///
/// - `seed2020` (SEED-SPEC §2.1): walk the candidates in response order, lower-case both names,
///   and take the **first** whose seed-normalised Levenshtein distance is `< 0.1`. Names of up to
///   10 characters therefore need an exact match. No match → `nil`.
/// - `standard`: fold both names (`NameNormalizer`), score every distinct candidate by
///   `1 − distance / longer length`, rank by score, then earlier position, then id; the best is
///   returned if it reaches `minimumScore`.
public struct ArtistMatcher: Sendable {
    /// Behaviour.
    public var mode: GraphMode
    /// Lowest score the default mode accepts (0.85 tolerates one edit in seven characters).
    public var minimumScore: Double

    /// Creates a matcher.
    public init(mode: GraphMode = .standard, minimumScore: Double = 0.85) {
        self.mode = mode
        self.minimumScore = minimumScore
    }

    /// The accepted match for `query`, if any.
    public func match(_ query: String, in candidates: [ArtistCandidate]) -> ArtistMatch? {
        switch mode {
        case .seed2020:
            let wanted = query.lowercased()
            for (position, candidate) in candidates.enumerated() where !candidate.id.isEmpty && !candidate.name.isEmpty {
                let distance = Levenshtein.seedNormalized(candidate.name.lowercased(), wanted)
                if distance < 0.1 {
                    return ArtistMatch(id: candidate.id, name: candidate.name, score: 1 - distance, position: position)
                }
            }
            return nil
        case .standard:
            guard let best = ranked(query, in: candidates).first, best.score >= minimumScore else { return nil }
            return best
        }
    }

    /// Every distinct candidate (by id) scored against `query`, best first (default-mode scoring).
    public func ranked(_ query: String, in candidates: [ArtistCandidate]) -> [ArtistMatch] {
        let wanted = Array(NameNormalizer.fold(query).unicodeScalars)
        var seen = Set<String>()
        var matches: [ArtistMatch] = []
        for (position, candidate) in candidates.enumerated() where !candidate.id.isEmpty && !candidate.name.isEmpty {
            guard seen.insert(candidate.id).inserted else { continue }
            let folded = Array(NameNormalizer.fold(candidate.name).unicodeScalars)
            let longer = max(folded.count, wanted.count)
            let score = longer == 0 ? 0 : 1 - Double(Levenshtein.distance(folded, wanted)) / Double(longer)
            matches.append(ArtistMatch(id: candidate.id, name: candidate.name, score: score, position: position))
        }
        return matches.sorted {
            if $0.score != $1.score { return $0.score > $1.score }
            if $0.position != $1.position { return $0.position < $1.position }
            return ByteOrder.less($0.id, $1.id)
        }
    }
}

/// Comparison of strings by their UTF-8 bytes — Python's and PostgreSQL's (C collation) order,
/// which the seed's tie rules depend on; Swift's `<` compares by Unicode canonical order instead.
package enum ByteOrder {
    /// Whether `a` sorts before `b` byte by byte.
    public static func less(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let shared = min(x.count, y.count)
                if shared > 0 {
                    let order = memcmp(x.baseAddress!, y.baseAddress!, shared)
                    if order != 0 { return order < 0 }
                }
                return x.count < y.count
            }
        }
    }
}
