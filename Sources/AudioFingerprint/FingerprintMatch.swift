/// Whether two raw fingerprints are one recording, the way AcoustID compares them: slide one
/// against the other within `maxOffset` items, and at the best offset count the bits the
/// overlapping items share; the similarity is `1 − differing bits / compared bits`. Unrelated
/// audio sits near 0.5–0.65, two songs of one style can reach 0.8, two encodings of one
/// recording stay above 0.95 (MP3 96 kbit/s at half the level: 0.997).
package struct FingerprintMatch: Sendable {
    /// Largest shift tried, in items (~0.124 s each): 80 ≈ 10 s of offset between uploads.
    package var maxOffset: Int
    /// Fewest overlapping items compared (~10 s).
    package var minimumOverlap: Int
    /// Similarity from which two fingerprints are one recording.
    package var threshold: Double

    /// A comparison.
    package init(maxOffset: Int = 80, minimumOverlap: Int = 80, threshold: Double = 0.9) {
        self.maxOffset = maxOffset
        self.minimumOverlap = minimumOverlap
        self.threshold = threshold
    }

    /// The best similarity over the offsets, `nil` when the overlap is always too short.
    package func similarity(_ a: [UInt32], _ b: [UInt32]) -> Double? {
        var best: Double?
        for offset in -maxOffset...maxOffset {
            let startA = max(0, offset), startB = max(0, -offset)
            let overlap = min(a.count - startA, b.count - startB)
            guard overlap >= minimumOverlap else { continue }
            var differing = 0
            for i in 0..<overlap { differing += (a[startA + i] ^ b[startB + i]).nonzeroBitCount }
            let value = 1 - Double(differing) / Double(overlap * 32)
            if best.map({ value > $0 }) ?? true { best = value }
        }
        return best
    }

    /// Whether `a` and `b` are one recording.
    package func matches(_ a: [UInt32], _ b: [UInt32]) -> Bool { (similarity(a, b) ?? 0) >= threshold }

    /// Groups of indexes into `fingerprints` that are one recording (each group ≥ 2, sorted).
    /// Candidates are pairs sharing at least `sharedItems` identical items (an inverted index,
    /// as AcoustID's search does, so the comparison is not all pairs); items shared by more than
    /// `commonLimit` fingerprints (silence, noise floors) are ignored as evidence.
    package func groups(_ fingerprints: [[UInt32]], sharedItems: Int = 8, commonLimit: Int = 50) -> [[Int]] {
        var index: [UInt32: [Int]] = [:]
        for (n, print) in fingerprints.enumerated() { for item in Set(print) { index[item, default: []].append(n) } }
        var shared: [Int: [Int: Int]] = [:]
        for owners in index.values where owners.count > 1 && owners.count <= commonLimit {
            for (i, a) in owners.enumerated() { for b in owners[(i + 1)...] { shared[a, default: [:]][b, default: 0] += 1 } }
        }
        var parent = Array(fingerprints.indices)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for (a, partners) in shared {
            for (b, count) in partners where count >= sharedItems && matches(fingerprints[a], fingerprints[b]) {
                let (ra, rb) = (root(a), root(b))
                if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
            }
        }
        return Dictionary(grouping: fingerprints.indices, by: root).values.filter { $0.count > 1 }.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }
}
