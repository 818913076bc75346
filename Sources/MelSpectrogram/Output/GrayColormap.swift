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
                    levels.withUnsafeBufferPointer { table in
                        for row in 0..<window.rows {
                            let source = v.baseAddress! + row * window.columns
                            let target = p.baseAddress! + (window.rows - 1) * window.columns - row * window.columns  // origin="lower"
                            mapRow(source, into: target, count: window.columns, low: low, span: span, table: table)
                        }
                    }
                }
            }
        }
        return GrayImage(width: window.columns, height: window.rows, pixels: pixels)
    }

    /// One row through the colormap, sixteen values at a time. The arithmetic is `index`'s, lane
    /// by lane: the same Float32 subtraction, division and product, then a clamp to [0, 255.5]
    /// (a NaN or negative product to 0) and truncation, which picks the same index.
    private static func mapRow(_ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<UInt8>, count: Int, low: Float, span: Float,
                               table: UnsafeBufferPointer<UInt8>) {
        var column = 0
        let lows = SIMD16<Float>(repeating: low), spans = SIMD16<Float>(repeating: span)
        let zero = SIMD16<Float>(repeating: 0), top = SIMD16<Float>(repeating: 255.5)
        while column + 16 <= count {
            let x = (UnsafeRawPointer(source + column).loadUnaligned(as: SIMD16<Float>.self) - lows) / spans
            var scaled = x * 256
            scaled.replace(with: zero, where: .!(scaled .>= zero))
            scaled.replace(with: top, where: scaled .> top)
            // (lane by lane: SIMD16<Int32>(_:rounding:) is not lowered to one instruction)
            for lane in 0..<16 { target[column + lane] = table[Int(scaled[lane])] }
            column += 16
        }
        while column < count {
            target[column] = table[index(normalized: (source[column] - low) / span)]
            column += 1
        }
    }
}
