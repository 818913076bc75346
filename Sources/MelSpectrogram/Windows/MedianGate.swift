/// The seed's "median filter" (`apply_median_filter` in `main_specto.py`): within one window,
/// every value strictly below the window's median becomes the window's minimum.
///
/// The median is NumPy's: for an even count, the Float32 mean of the two middle values. It is
/// found by radix selection on the floats' order-preserving bit patterns (a histogram pass and a
/// gathering pass over the window, then passes over a few survivors) instead of a quickselect,
/// whose data-dependent branches made it the largest DSP-side cost of a render (a quarter of a
/// millisecond against about two per seed window).
public enum MedianGate {
    /// The median of `values` as `numpy.median` computes it for float32 (NaN-free input).
    public static func median(of values: [Float]) -> Float {
        precondition(!values.isEmpty, "median of an empty window")
        return values.withUnsafeBufferPointer { v in
            let upperIndex = v.count / 2
            let upper = RadixSelect.kthSmallest(upperIndex, of: v)
            guard v.count % 2 == 0 else { return upper }
            // The lower middle value, without a second selection: if fewer than `upperIndex`
            // values are below `upper`, a copy of `upper` sits at `upperIndex - 1`; otherwise it
            // is the largest value below it.
            let (below, largestBelow) = SIMDScan.countAndMaximum(v, below: upper)
            return ((below < upperIndex ? upper : largestBelow) + upper) / 2
        }
    }

    /// Applies the gate to `values` in place and returns the threshold (the median).
    @discardableResult
    public static func apply(to values: inout [Float]) -> Float {
        guard !values.isEmpty else { return 0 }
        let threshold = median(of: values)
        values.withUnsafeMutableBufferPointer { v in
            let floor = SIMDScan.minimum(UnsafeBufferPointer(v))
            SIMDScan.replace(v, below: threshold, with: floor)
        }
        return threshold
    }

    /// Applies the gate to a window in place.
    @discardableResult
    public static func apply(to window: inout MelMatrix) -> Float { apply(to: &window.values) }
}

/// Float32 ↔ a `UInt32` whose unsigned order is the floats' numeric order (`-0` just below `+0`):
/// flip every bit of a negative number, only the sign bit of a positive one.
enum OrderedBits {
    @inline(__always)
    static func key(_ x: Float) -> UInt32 {
        let bits = x.bitPattern
        return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    }

    @inline(__always)
    static func value(_ key: UInt32) -> Float {
        Float(bitPattern: key & 0x8000_0000 != 0 ? key & 0x7FFF_FFFF : ~key)
    }
}

/// Exact k-th smallest Float32 by most-significant-digit radix selection on `OrderedBits` keys:
/// count the keys per 16-bit top digit, keep only the bucket holding rank k, repeat on the next
/// digits (16 + 8 + 8 bits). The first pass reads the floats in place; only the one bucket's
/// survivors are copied.
///
/// Why 16 bits first: the top 16 bits are sign, exponent and 7 mantissa bits, so a window of dB
/// values (80 dB wide) spreads over ~900 buckets and the median's holds a few hundred values. An
/// 11-bit first digit (2 mantissa bits) left about a quarter of the window as survivors, and
/// copying and re-sorting them cost more than the first pass.
enum RadixSelect {
    private static let digits: [(shift: UInt32, bits: UInt32)] = [(16, 16), (8, 8), (0, 8)]

    static func kthSmallest(_ k: Int, of values: UnsafeBufferPointer<Float>) -> Float {
        precondition(k >= 0 && k < values.count)
        precondition(values.count <= Int(UInt32.max), "radix selection counts in 32 bits")
        // Pass 1 over the floats themselves.
        let first = digits[0]
        let pass1 = withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 1 << Int(first.bits)) { counts in
            counts.initialize(repeating: 0)
            for x in values { counts[Int(OrderedBits.key(x) >> first.shift)] &+= 1 }
            let (digit, rank) = Self.bucket(holding: k, in: counts)
            return (digit: digit, rank: rank, count: Int(counts[digit]))
        }
        var (digit, rank) = (pass1.digit, pass1.rank)
        var prefix = UInt32(digit) << first.shift
        var known = ~UInt32(0) << first.shift
        var survivors = [UInt32](repeating: 0, count: pass1.count)
        survivors.withUnsafeMutableBufferPointer { keys in
            var kept = 0
            for x in values {
                let key = OrderedBits.key(x)
                if key & known == prefix {
                    keys[kept] = key
                    kept += 1
                }
            }
        }
        // Later passes over the survivors, compacted in place.
        var count = survivors.count
        survivors.withUnsafeMutableBufferPointer { keys in
            for (shift, bits) in digits.dropFirst() {
                let mask = (UInt32(1) << bits) - 1
                var h = [Int](repeating: 0, count: 1 << Int(bits))
                for i in 0..<count { h[Int((keys[i] >> shift) & mask)] += 1 }
                (digit, rank) = Self.bucket(holding: rank, in: h)
                prefix |= UInt32(digit) << shift
                known |= mask << shift
                var kept = 0
                for i in 0..<count where keys[i] & known == prefix {
                    keys[kept] = keys[i]
                    kept += 1
                }
                count = kept
            }
        }
        return OrderedBits.value(prefix)
    }

    /// The digit whose bucket holds rank `k`, and k's rank inside it.
    private static func bucket<Counts: RandomAccessCollection>(holding k: Int, in histogram: Counts) -> (digit: Int, rank: Int)
    where Counts.Index == Int, Counts.Element: BinaryInteger {
        var rank = k, digit = 0
        while rank >= Int(histogram[digit]) {
            rank -= Int(histogram[digit])
            digit += 1
        }
        return (digit, rank)
    }
}
