/// The counts and the shuffle a split is made of, both exact and deterministic.
package enum SplitArithmetic {
    /// `total` items divided in the proportions `ratios` by the largest-remainder method: each
    /// part gets the floor of its quota, and the items left go one each to the largest
    /// remainders, earlier parts first on equal remainders (10,146 at 80/10/10 → 8,117 / 1,015 /
    /// 1,014). Quotas are computed in integers, so no rounding decides.
    package static func counts(total: Int, ratios: [Int]) -> [Int] {
        let sum = ratios.reduce(0, +)
        guard total > 0, sum > 0 else { return ratios.map { _ in 0 } }
        var counts = ratios.map { total * $0 / sum }
        let remainders = ratios.map { total * $0 % sum }
        let order = remainders.indices.sorted { remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1 }
        for index in order.prefix(total - counts.reduce(0, +)) { counts[index] += 1 }
        return counts
    }

    /// `items` in a seeded random order: Fisher–Yates driven by SplitMix64(seed), so the same
    /// seed and the same items (in the same input order) give the same order on every machine.
    package static func shuffled<T>(_ items: [T], seed: UInt64) -> [T] {
        var out = items
        var random = SeededRandom(seed: seed)
        guard out.count > 1 else { return out }
        for i in stride(from: out.count - 1, to: 0, by: -1) { out.swapAt(i, random.below(i + 1)) }
        return out
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, fully specified generator, so splits,
/// triplets and the demo world can be re-derived from the seed alone in any language.
package struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator seeded with `seed`.
    package init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `[0, 1)` from the top 53 bits.
    package mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }

    /// A number in `0..<bound` (by rejection, so without modulo bias).
    package mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        let limit = UInt64(bound)
        let threshold = (0 &- limit) % limit
        while true {
            let value = next()
            if value >= threshold { return Int(value % limit) }
        }
    }
}
