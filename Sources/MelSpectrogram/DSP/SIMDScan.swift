/// Small vectorised scans over Float32 values (a window, a song's matrix): eight lanes at a time,
/// where `Sequence.min()` and friends go one element at a time. Lanes are combined with compares
/// and `replacing(with:where:)`, which become one compare and one blend: the standard library's
/// `pointwiseMin`/`pointwiseMax` went lane by lane (IEEE minNum, NaN handling), at 16 ms of a
/// five-song render.
enum SIMDScan {
    /// The smallest value (NaN-free input).
    static func minimum(_ v: UnsafeBufferPointer<Float>) -> Float {
        reduce(v, from: .infinity, lanes: { $0.replacing(with: $1, where: $1 .< $0) }, horizontal: { $0.min() }, scalar: Swift.min)
    }

    /// The largest value (NaN-free input).
    static func maximum(_ v: UnsafeBufferPointer<Float>) -> Float {
        reduce(v, from: -.infinity, lanes: { $0.replacing(with: $1, where: $1 .> $0) }, horizontal: { $0.max() }, scalar: Swift.max)
    }

    /// Folds `v` eight lanes at a time with `lanes`, then the lanes with `horizontal` and the
    /// leftover tail with `scalar`.
    @inline(__always)
    private static func reduce(
        _ v: UnsafeBufferPointer<Float>, from start: Float, lanes: (SIMD8<Float>, SIMD8<Float>) -> SIMD8<Float>,
        horizontal: (SIMD8<Float>) -> Float, scalar: (Float, Float) -> Float
    ) -> Float {
        var folded = SIMD8<Float>(repeating: start)
        var i = 0
        let base = UnsafeRawPointer(v.baseAddress!)
        while i + 8 <= v.count {
            folded = lanes(folded, base.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self))
            i += 8
        }
        var result = horizontal(folded)
        while i < v.count {
            result = scalar(result, v[i])
            i += 1
        }
        return result
    }

    /// How many values are strictly below `limit`, and the largest of them (`−∞` if none).
    static func countAndMaximum(_ v: UnsafeBufferPointer<Float>, below limit: Float) -> (count: Int, maximum: Float) {
        let bound = SIMD8<Float>(repeating: limit), none = SIMD8<Float>(repeating: -.infinity)
        var counts = SIMD8<Int32>(), best = none
        var i = 0
        let base = UnsafeRawPointer(v.baseAddress!)
        while i + 8 <= v.count {
            let x = base.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            let below = x .< bound
            counts &+= SIMD8<Int32>(repeating: 0).replacing(with: 1, where: below)
            best = best.replacing(with: x, where: below .& (x .> best))
            i += 8
        }
        var count = Int(counts.wrappedSum()), result = best.max()
        while i < v.count {
            if v[i] < limit {
                count += 1
                result = Swift.max(result, v[i])
            }
            i += 1
        }
        return (count, result)
    }

    /// Every value strictly below `threshold` becomes `floor`.
    static func replace(_ v: UnsafeMutableBufferPointer<Float>, below threshold: Float, with floor: Float) {
        let limit = SIMD8<Float>(repeating: threshold), low = SIMD8<Float>(repeating: floor)
        let base = UnsafeMutableRawPointer(v.baseAddress!)
        var i = 0
        while i + 8 <= v.count {
            let x = base.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            base.storeBytes(of: x.replacing(with: low, where: x .< limit), toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < v.count {
            if v[i] < threshold { v[i] = floor }
            i += 1
        }
    }
}
