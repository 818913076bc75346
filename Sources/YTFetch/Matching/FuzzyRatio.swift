/// String similarity on a 0–100 scale, the way rapidfuzz's `fuzz.ratio` (spotDL's matcher)
/// defines it: `100 · 2·LCS / (|a| + |b|)` over Unicode scalars (the InDel similarity).
package enum FuzzyRatio {
    /// The ratio of `a` and `b`.
    package static func ratio(_ a: String, _ b: String) -> Double {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty && y.isEmpty { return 100 }
        if x.isEmpty || y.isEmpty { return 0 }
        var previous = [Int](repeating: 0, count: y.count + 1), current = previous
        for i in 1...x.count {
            for j in 1...y.count {
                current[j] = x[i - 1] == y[j - 1] ? previous[j - 1] + 1 : max(previous[j], current[j - 1])
            }
            swap(&previous, &current)
        }
        return 100 * 2 * Double(previous[y.count]) / Double(x.count + y.count)
    }

    /// The ratio of the two strings' words, each sorted (word order does not matter).
    package static func tokenSortRatio(_ a: String, _ b: String) -> Double {
        ratio(words(a).sorted().joined(separator: " "), words(b).sorted().joined(separator: " "))
    }

    /// Lower-cased, diacritics folded, punctuation as spaces, split into words.
    package static func words(_ text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return folded.split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }
}
