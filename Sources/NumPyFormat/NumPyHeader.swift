import Foundation

/// The header of a NumPy `.npy` file (format 1.0 written; 1.0–3.0 read): magic, version, and the
/// dictionary `{'descr': …, 'fortran_order': False, 'shape': (…), }` padded with spaces so the
/// data starts on a 64-byte boundary, as `numpy.save` does (which is what lets
/// `numpy.load(…, mmap_mode="r")` map it).
package struct NumPyHeader: Sendable, Equatable {
    /// The element type, little-endian floats only: `<f2`, `<f4` or `<f8`.
    package var descr: String
    /// The shape, outermost first.
    package var shape: [Int]
    /// Where the data starts (bytes from the file's start).
    package var dataOffset: Int

    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // "\x93NUMPY"

    /// A header for `shape` of `descr` (its `dataOffset` is that of the encoded header).
    package init(descr: String, shape: [Int]) {
        self.descr = descr
        self.shape = shape
        dataOffset = 0
        dataOffset = encoded().count
    }

    /// Bytes per element.
    package var elementSize: Int { descr == "<f2" ? 2 : descr == "<f8" ? 8 : 4 }

    /// Elements in the array.
    package var count: Int { shape.reduce(1, *) }

    /// The header bytes (magic to the final newline), version 1.0.
    package func encoded() -> [UInt8] {
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var text = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(dims), }"
        let unpadded = Self.magic.count + 2 + 2 + text.utf8.count + 1
        text += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = UInt16(text.utf8.count)
        return Self.magic + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(text.utf8)
    }

    /// Parses the header at the start of `data`; the data must be complete.
    package static func parse(_ data: Data) throws(NumPyHeaderError) -> NumPyHeader {
        let bytes = [UInt8](data.prefix(1 << 16))
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw .notNumPy }
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
        let text = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        guard !text.contains("'fortran_order': True") else { throw .unsupported("Fortran order") }
        guard let descr = ["<f2", "<f4", "<f8"].first(where: { text.contains("'\($0)'") }) else {
            throw .unsupported("dtype in header \(text.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        guard let open = text.range(of: "'shape': ("), let close = text[open.upperBound...].firstIndex(of: ")") else {
            throw .unsupported("no shape in header")
        }
        let parts = text[open.upperBound..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let shape = parts.compactMap { Int($0) }
        guard shape.count == parts.count, shape.allSatisfy({ $0 >= 0 }) else { throw .unsupported("shape \(parts)") }
        var header = NumPyHeader(descr: descr, shape: shape)
        header.dataOffset = headerStart + headerLength
        guard data.count >= header.dataOffset + header.count * header.elementSize else { throw .truncated }
        return header
    }

    /// Every element of the data in `data`, widened to Double, in C order.
    package func doubles(in data: Data) -> [Double] {
        data.withUnsafeBytes { raw in (0..<count).map { element($0, in: raw) } }
    }

    /// Element `index` of the data in `bytes`, widened to Double.
    package func element(_ index: Int, in bytes: UnsafeRawBufferPointer) -> Double {
        let offset = dataOffset + index * elementSize
        switch elementSize {
        case 2: return Double(Float16(bitPattern: UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))))
        case 8: return Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
        default: return Double(Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
        }
    }
}

/// A `.npy` file this reader does not accept.
package enum NumPyHeaderError: Error, Equatable, Sendable {
    /// The bytes do not start with the NumPy magic.
    case notNumPy
    /// The file ends before its header or data does.
    case truncated
    /// A valid file with a feature this reader does not handle.
    case unsupported(String)
}
