import Foundation

/// `librosa.power_to_db(S, ref=np.max, amin, top_db)`, all in Float32 as numpy does for float32
/// input: `10·log10(max(amin, S)) − 10·log10(max(amin, max S))`, then clipped below at
/// `max − top_db`. The reference is the **whole matrix** maximum, so values lie in
/// `[−top_db, 0]`.
public enum DecibelScale {
    /// Converts power values to dB in place.
    public static func powerToDecibels(_ values: inout [Float], amin: Float = 1e-10, topDB: Float? = 80) {
        guard !values.isEmpty else { return }
        // 10·log10(x) = (10 / ln 10)·ln(x). Because the log is monotonic, the largest log value is
        // the log of the reference max(S), so subtracting it is `− 10·log10(max(amin, ref))`.
        let scale = Float(10 / M_LN10)
        values.withUnsafeMutableBufferPointer { v in
            let reference = VectorLog.scaledLog(v, floor: amin, scale: scale)
            let floor = topDB.map { -$0 } ?? -.infinity
            for i in v.indices { v[i] = max(v[i] - reference, floor) }
        }
    }
}
