import Foundation
internal import NumPyFormat

/// A float32 array in NumPy's `.npy` format 1.0 (little-endian `<f4`, C order), the exchange format
/// for ML users and for librosa goldens.
public struct NumPyArray: Sendable, Equatable {
    /// The shape, outermost dimension first.
    public let shape: [Int]
    /// The values in C (row-major) order.
    public let values: [Float]

    /// Wraps `values` with `shape`.
    public init(shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
        self.shape = shape
        self.values = values
    }

    /// A 2-D array of a mel matrix, shape `[rows, columns]`.
    public init(_ matrix: MelMatrix) { self.init(shape: [matrix.rows, matrix.columns], values: matrix.values) }

    /// The `.npy` bytes: magic, version 1.0, a header padded so the data starts on a 64-byte
    /// boundary, then the raw little-endian floats.
    public func npyData() -> Data {
        let header = NumPyHeader(descr: "<f4", shape: shape).encoded()
        var data = Data(capacity: header.count + values.count * 4)
        data.append(contentsOf: header)
        #if _endian(little)
        // The floats are already `<f4` in memory: one copy. (Appending them one by one, four
        // bytes at a time, took 0.3 s of a render's 0.35 s of output per song.)
        values.withUnsafeBytes { data.append(contentsOf: $0) }
        #else
        values.withUnsafeBufferPointer { buffer in
            for value in buffer {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
            }
        }
        #endif
        return data
    }

    /// Parses `.npy` bytes holding a little-endian float16, float32 or float64 (narrowed to
    /// Float) C-order array.
    public init(npyData data: Data) throws(NumPyFormatError) {
        let header: NumPyHeader
        do { header = try NumPyHeader.parse(data) } catch {
            switch error {
            case .notNumPy: throw .notNumPy
            case .truncated: throw .truncated
            case .unsupported(let what): throw .unsupported(what)
            }
        }
        self.init(shape: header.shape, values: header.doubles(in: data).map { Float($0) })
    }
}

/// A `.npy` file this reader does not accept.
public enum NumPyFormatError: Error, Equatable, CustomStringConvertible {
    /// The bytes do not start with the NumPy magic.
    case notNumPy
    /// The file ends before its header or data does.
    case truncated
    /// A valid file with a feature this reader does not handle.
    case unsupported(String)

    public var description: String {
        switch self {
        case .notNumPy: return "not a .npy file"
        case .truncated: return "truncated .npy file"
        case .unsupported(let what): return "unsupported .npy file: \(what)"
        }
    }
}
