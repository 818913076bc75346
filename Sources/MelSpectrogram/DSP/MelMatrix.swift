/// A `[rows][columns]` Float32 matrix stored row-major: rows are mel bands (row 0 = lowest
/// frequency), columns are STFT frames. The layout is NumPy's C order, so it writes to `.npy`
/// without reshuffling.
public struct MelMatrix: Sendable, Equatable {
    /// Number of mel bands.
    public let rows: Int
    /// Number of frames.
    public let columns: Int
    /// The values, `values[row * columns + column]`.
    public var values: [Float]

    /// Wraps `values` (`rows × columns` of them, row-major).
    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns, "MelMatrix needs \(rows * columns) values, got \(values.count)")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// The value at `row`, `column`.
    public subscript(row: Int, column: Int) -> Float {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// A copy of the columns in `range` (`S_dB[:, a:b]`).
    public func columns(_ range: Range<Int>) -> MelMatrix {
        precondition(range.lowerBound >= 0 && range.upperBound <= columns, "column range \(range) outside 0..<\(columns)")
        var out = [Float]()
        out.reserveCapacity(rows * range.count)
        values.withUnsafeBufferPointer { v in
            for r in 0..<rows {
                let base = r * columns
                out.append(contentsOf: v[(base + range.lowerBound)..<(base + range.upperBound)])
            }
        }
        return MelMatrix(rows: rows, columns: range.count, values: out)
    }

    /// Writes `window` back over the columns starting at `column` (the inverse of `columns(_:)`).
    public mutating func replaceColumns(startingAt column: Int, with window: MelMatrix) {
        precondition(window.rows == rows && column >= 0 && column + window.columns <= columns)
        values.withUnsafeMutableBufferPointer { v in
            window.values.withUnsafeBufferPointer { w in
                for r in 0..<rows {
                    let dst = r * columns + column, src = r * window.columns
                    for c in 0..<window.columns { v[dst + c] = w[src + c] }
                }
            }
        }
    }

    /// The smallest value (`+∞` for an empty matrix).
    public var minimum: Float { values.isEmpty ? .infinity : values.withUnsafeBufferPointer(SIMDScan.minimum) }
    /// The largest value (`−∞` for an empty matrix).
    public var maximum: Float { values.isEmpty ? -.infinity : values.withUnsafeBufferPointer(SIMDScan.maximum) }
}
