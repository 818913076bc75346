import Foundation

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

    private static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // "\x93NUMPY"

    /// The `.npy` bytes: magic, version 1.0, a header padded so the data starts on a 64-byte
    /// boundary, then the raw little-endian floats.
    public func npyData() -> Data {
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(dims), }"
        let unpadded = Self.magic.count + 2 + 2 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data(Self.magic + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        values.withUnsafeBufferPointer { buffer in
            for value in buffer {
                let bits = value.bitPattern.littleEndian
                withUnsafeBytes(of: bits) { data.append(contentsOf: $0) }
            }
        }
        return data
    }

    /// Parses `.npy` bytes holding a little-endian float32 (`<f4`) or float64 (`<f8`, narrowed to
    /// Float) C-order array.
    public init(npyData data: Data) throws(NumPyFormatError) {
        let bytes = [UInt8](data)
        guard bytes.count >= 10, Array(bytes[0..<6]) == Self.magic else { throw .notNumPy }
        let major = bytes[6]
        let headerLength: Int, headerStart: Int
        if major == 1 {
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        } else if major == 2 || major == 3, bytes.count >= 12 {
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        } else {
            throw .unsupported("version \(major)")
        }
        guard bytes.count >= headerStart + headerLength else { throw .truncated }
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        guard !header.contains("'fortran_order': True") else { throw .unsupported("Fortran order") }
        let width: Int
        if header.contains("'<f4'") { width = 4 } else if header.contains("'<f8'") { width = 8 } else {
            throw .unsupported("dtype in header \(header.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        guard let open = header.range(of: "'shape': ("), let close = header[open.upperBound...].firstIndex(of: ")")
        else { throw .unsupported("no shape in header") }
        let shape = header[open.upperBound..<close].split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.compactMap { Int($0) }
        let count = shape.reduce(1, *)
        let start = headerStart + headerLength
        guard bytes.count >= start + count * width else { throw .truncated }
        var values = [Float](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            for i in 0..<count {
                if width == 4 {
                    values[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 4 * i, as: UInt32.self)))
                } else {
                    values[i] = Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: start + 8 * i, as: UInt64.self))))
                }
            }
        }
        self.init(shape: shape, values: values)
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
