/// The seed's "median filter" (`apply_median_filter` in `main_specto.py`): within one window,
/// every value strictly below the window's median becomes the window's minimum.
///
/// The median is NumPy's: for an even count, the Float32 mean of the two middle values. It is
/// found by selection (O(n)) on a scratch copy rather than by sorting.
public enum MedianGate {
    /// The median of `values` as `numpy.median` computes it for float32.
    public static func median(of values: [Float]) -> Float {
        precondition(!values.isEmpty, "median of an empty window")
        var scratch = values
        let upperIndex = scratch.count / 2
        let upper = scratch.withUnsafeMutableBufferPointer { select(upperIndex, in: $0) }
        guard scratch.count % 2 == 0 else { return upper }
        // After selection every element left of `upperIndex` is ≤ upper; the lower middle value is
        // the largest of them.
        let lower = scratch[..<upperIndex].max()!
        return (lower + upper) / 2
    }

    /// Applies the gate to `values` in place and returns the threshold (the median).
    @discardableResult
    public static func apply(to values: inout [Float]) -> Float {
        guard !values.isEmpty else { return 0 }
        let threshold = median(of: values)
        let floor = values.min()!
        values.withUnsafeMutableBufferPointer { v in
            for i in v.indices where v[i] < threshold { v[i] = floor }
        }
        return threshold
    }

    /// Applies the gate to a window in place.
    @discardableResult
    public static func apply(to window: inout MelMatrix) -> Float { apply(to: &window.values) }

    /// Hoare-style quickselect with median-of-three pivots: leaves the `k`-th smallest at `k`.
    private static func select(_ k: Int, in a: UnsafeMutableBufferPointer<Float>) -> Float {
        var low = 0, high = a.count - 1
        while high > low {
            let mid = low + (high - low) / 2
            if a[mid] < a[low] { a.swapAt(mid, low) }
            if a[high] < a[low] { a.swapAt(high, low) }
            if a[high] < a[mid] { a.swapAt(high, mid) }
            let pivot = a[mid]
            var i = low, j = high
            while i <= j {
                while a[i] < pivot { i += 1 }
                while pivot < a[j] { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j {
                high = j
            } else if k >= i {
                low = i
            } else {
                return a[k]
            }
        }
        return a[k]
    }
}
