import Foundation

/// The periodic Hann window of `scipy.signal.get_window("hann", n, fftbins=True)`, which librosa's
/// STFT uses: `0.5 + 0.5 cos(φ)` with `φ = linspace(−π, π, n + 1)[:n]`, computed in Double.
public enum HannWindow {
    /// The window of length `length`, rounded to Float.
    public static func periodic(length: Int) -> [Float] {
        guard length > 1 else { return [Float](repeating: 1, count: max(0, length)) }
        let step = 2 * Double.pi / Double(length)
        return (0..<length).map { n in
            let phase = Double(n) * step + -Double.pi
            return Float(0.5 + 0.5 * cos(phase))
        }
    }
}
