internal import CZlib
import Foundation

/// Writes an 8-bit greyscale PNG: signature, `IHDR`, one `IDAT`, `IEND`, with rows unfiltered and
/// deflated as literals under a Huffman code made for the window (`HuffmanDeflate`).
///
/// Why not libpng's writer: PNG encoding was the largest cost of a render after decoding, and
/// libpng's simplified API cannot choose how zlib deflates (6 ms a seed window; zlib's `Z_RLE`
/// level 1, which this wrote before, 2.35 ms). The output is a standard PNG; libpng (and
/// matplotlib, and PIL) read it.
package enum GrayPNGEncoder {
    private static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The PNG of `width × height` grey levels (`pixels`, top row first); `nil` for an empty image.
    package static func encode(width: Int, height: Int, pixels: UnsafeBufferPointer<UInt8>) -> Data? {
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max) else { return nil }
        // Each row is preceded by its filter type, 0 (none).
        let stride = width + 1
        let raw = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: stride * height)
        defer { raw.deallocate() }
        for row in 0..<height {
            raw[row * stride] = 0
            UnsafeMutableRawPointer(raw.baseAddress! + row * stride + 1)
                .copyMemory(from: pixels.baseAddress! + row * width, byteCount: width)
        }
        let compressed = HuffmanDeflate.zlibStream(UnsafeBufferPointer(raw))

        var header = [UInt8]()
        header.reserveCapacity(13)
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header += [8, 0, 0, 0, 0]  // bit depth 8, greyscale, deflate, adaptive filtering, no interlace

        var png = Data(capacity: signature.count + 25 + compressed.count + 12 + 12)
        png.append(contentsOf: signature)
        header.withUnsafeBytes { appendChunk("IHDR", $0, to: &png) }
        compressed.withUnsafeBytes { appendChunk("IDAT", $0, to: &png) }
        appendChunk("IEND", UnsafeRawBufferPointer(start: nil, count: 0), to: &png)
        return png
    }

    /// Appends one chunk: length, type, body, CRC-32 of type and body.
    private static func appendChunk(_ type: String, _ body: UnsafeRawBufferPointer, to png: inout Data) {
        let typeBytes = Array(type.utf8)
        var prefix = [UInt8]()
        prefix.appendBigEndian(UInt32(body.count))
        prefix += typeBytes
        png.append(contentsOf: prefix)
        var crc = typeBytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        if let base = body.baseAddress, body.count > 0 {
            png.append(base.assumingMemoryBound(to: UInt8.self), count: body.count)
            crc = crc32(crc, base.assumingMemoryBound(to: UInt8.self), uInt(body.count))
        }
        var trailer = [UInt8]()
        trailer.appendBigEndian(UInt32(crc))
        png.append(contentsOf: trailer)
    }
}

private extension Array where Element == UInt8 {
    mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)])
    }
}
