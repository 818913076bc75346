internal import CMelKernels
import Foundation

/// `librosa.power_to_db(S, ref=np.max, amin, top_db)`, all in Float32 as numpy does for float32
/// input: `10·log10(max(amin, S)) − 10·log10(max(amin, max S))`, then clipped below at
/// `max − top_db`. The reference is the **whole matrix** maximum, so values lie in
/// `[−top_db, 0]`.
public enum DecibelScale {
    /// Converts power values to dB in place, on `threads` threads (chunks of the array; the
    /// result does not depend on the count: the reference is the maximum over every chunk).
    public static func powerToDecibels(_ values: inout [Float], amin: Float = 1e-10, topDB: Float? = 80, threads: Int = 1) {
        guard !values.isEmpty else { return }
        // 10·log10(x) = (10 / ln 10)·ln(x). Because the log is monotonic, the largest log value is
        // the log of the reference max(S), so subtracting it is `− 10·log10(max(amin, ref))`.
        let scale = Float(10 / M_LN10)
        let floor = topDB.map { -$0 } ?? -.infinity
        let count = values.count
        // Chunks of whole SIMD groups, so the vector loop covers the same cells for any count.
        let parts = max(1, min(threads, count / 65_536))
        values.withUnsafeMutableBufferPointer { v in
            let base = ThreadShared(value: v.baseAddress!)
            @Sendable func chunk(_ part: Int) -> UnsafeMutableBufferPointer<Float> {
                let start = (count / 8) * part / parts * 8, end = part == parts - 1 ? count : (count / 8) * (part + 1) / parts * 8
                return UnsafeMutableBufferPointer(start: base.value + start, count: end - start)
            }
            // One slot per chunk for its largest log value.
            let maxima = UnsafeMutableBufferPointer<Float>.allocate(capacity: parts)
            defer { maxima.deallocate() }
            let slots = ThreadShared(value: maxima)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                slots.value[part] = VectorLog.scaledLog(chunk(part), floor: amin, scale: scale)
            }
            let reference = maxima.max()!
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let c = chunk(part)
                musicatlas_decibel_shift(c.baseAddress!, c.count, reference, floor)
            }
        }
    }
}
