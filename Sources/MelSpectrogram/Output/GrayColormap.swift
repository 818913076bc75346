/// The seed's image mapping: `plt.imsave(…, cmap="gray_r", origin="lower")` on one window.
///
/// Values are min–max scaled per window in Float32 (matplotlib's `Normalize`), mapped to a
/// colormap index `i = min(Int(x · 256), 255)`, then to the grey level
/// `trunc((1 − i·(1/255))·255)` — which is `255 − i` except at 38 indices (SEED-SPEC §6). High
/// energy is dark; the gated floor is white. Mel band 0 ends up on the bottom row.
public enum GrayColormap {
    /// The 256-entry `gray_r` lookup table as 8-bit levels.
    public static let levels: [UInt8] = (0..<256).map { i in
        UInt8((1.0 - Double(i) * (1.0 / 255.0)) * 255.0)
    }

    /// The colormap index of a value, matplotlib's `Colormap.__call__` on a normalised Float32.
    @inline(__always)
    public static func index(normalized x: Float) -> Int {
        let scaled = x * 256
        if scaled.isNaN || scaled < 0 { return 0 }
        if scaled >= 256 { return 255 }
        return Int(scaled)
    }

    /// The grey image of `window`: `columns` wide, `rows` high, top row = highest mel band.
    public static func image(of window: MelMatrix) -> GrayImage {
        let low = window.minimum, high = window.maximum
        let span = high - low
        var pixels = [UInt8](repeating: levels[0], count: window.rows * window.columns)
        if span > 0 {
            window.values.withUnsafeBufferPointer { v in
                pixels.withUnsafeMutableBufferPointer { p in
                    for row in 0..<window.rows {
                        let source = row * window.columns
                        let target = (window.rows - 1 - row) * window.columns  // origin="lower"
                        for column in 0..<window.columns {
                            let x = (v[source + column] - low) / span
                            p[target + column] = levels[index(normalized: x)]
                        }
                    }
                }
            }
        }
        return GrayImage(width: window.columns, height: window.rows, pixels: pixels)
    }
}
