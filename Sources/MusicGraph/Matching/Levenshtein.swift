/// Edit distance (insert, delete, substitute, each costing 1) over Unicode scalars — what Python's
/// classic DP computes on `str` (code points), with no normalisation.
public enum Levenshtein {
    /// The edit distance between `a` and `b`.
    public static func distance(_ a: String, _ b: String) -> Int {
        distance(Array(a.unicodeScalars), Array(b.unicodeScalars))
    }

    /// The edit distance between two scalar arrays (two-row DP, O(min(m, n)) memory).
    public static func distance<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        if short.isEmpty { return long.count }
        var previous = Array(0...short.count)
        var current = [Int](repeating: 0, count: short.count + 1)
        for (i, x) in long.enumerated() {
            current[0] = i + 1
            for (j, y) in short.enumerated() {
                let substitution = previous[j] + (x == y ? 0 : 1)
                current[j + 1] = min(substitution, previous[j + 1] + 1, current[j] + 1)
            }
            swap(&previous, &current)
        }
        return previous[short.count]
    }

    /// The seed's `aux_utils.levenshtein`: distance divided by the longer length; when the shorter
    /// string is empty it returns the longer length **unnormalised** (a quirk kept on purpose).
    public static func seedNormalized(_ a: String, _ b: String) -> Double {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        let longer = max(x.count, y.count)
        if min(x.count, y.count) == 0 { return Double(longer) }
        return Double(distance(x, y)) / Double(longer)
    }
}
