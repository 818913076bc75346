import Foundation

/// `librosa.power_to_db(S, ref=np.max, amin, top_db)`, all in Float32 as numpy does for float32
/// input: `10·log10(max(amin, S)) − 10·log10(max(amin, max S))`, then clipped below at
/// `max − top_db`. The reference is the **whole matrix** maximum, so values lie in
/// `[−top_db, 0]`.
public enum DecibelScale {
    /// Converts power values to dB in place.
    public static func powerToDecibels(_ values: inout [Float], amin: Float = 1e-10, topDB: Float? = 80) {
        guard let peak = values.max() else { return }
        let reference = 10 * log10(max(amin, peak))
        // 10·log10(x) = (10 / ln 10)·ln(x) would be faster but is not what numpy computes; the
        // per-cell log10f keeps us within a few ulp of numpy's SIMD log10.
        var top = -Float.infinity
        values.withUnsafeMutableBufferPointer { v in
            for i in v.indices {
                let db = 10 * log10(max(amin, v[i])) - reference
                v[i] = db
                if db > top { top = db }
            }
            if let topDB {
                let floor = top - topDB
                for i in v.indices where v[i] < floor { v[i] = floor }
            }
        }
    }
}
