internal import CMelKernels
import Foundation

/// A vectorised natural logarithm for positive normal Float32, eight lanes at a time (the loop
/// itself is CMelKernels' `musicatlas_scaled_log`, compiled for AVX2 and for the baseline).
///
/// glibc's `log10f` is a slow wrapper and calling it per cell was the single largest cost of the
/// dB conversion (1.4 M cells per 3-minute song). This is the classic Cephes single-precision
/// scheme: split `x = m · 2^e` with `m ∈ [√½, √2)`, a degree-9 polynomial for `ln(1 + f)`, and
/// `e · ln 2` added in two parts. Its relative error is ~1e-7, i.e. ~1e-6 dB (the golden tests
/// against librosa bound the whole dB path) — three orders below the float32-FFT error budget.
enum VectorLog {
    /// Replaces every value `v` by `scale · ln(max(v, floor))` and returns the largest result.
    /// Groups of eight go through CMelKernels (the scheme above); from the first group holding
    /// a value that is not finite on, the scalar library log.
    static func scaledLog(_ values: UnsafeMutableBufferPointer<Float>, floor: Float, scale: Float) -> Float {
        let count = values.count
        guard let base = values.baseAddress else { return -.infinity }
        var top = -Float.infinity
        var i = musicatlas_scaled_log(base, count, floor, scale, &top)
        while i < count {
            let y = scale * Float.log(max(base[i], floor))
            base[i] = y
            top = max(top, y)
            i += 1
        }
        return top
    }
}

private extension Float {
    static func log(_ x: Float) -> Float { Float(Foundation.log(Double(x))) }
}
