internal import CLibPNG
import Foundation

/// An 8-bit greyscale image, row-major from the top row, with PNG encoding and decoding through
/// libpng's simplified API (which reports errors by return value rather than `longjmp`).
public struct GrayImage: Sendable, Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// `width × height` grey levels, top row first.
    public let pixels: [UInt8]

    /// Wraps `pixels` (`width × height` of them, top row first).
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height, "GrayImage needs \(width * height) pixels")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The level at column `x`, row `y` (row 0 at the top).
    public subscript(x: Int, y: Int) -> UInt8 { pixels[y * width + x] }

    /// Encodes the image as an 8-bit greyscale PNG.
    ///
    /// Compresses once, into a buffer sized by zlib's worst case (asking libpng for the size first
    /// would compress twice), with libpng's fast mode: measured 4× faster than the default
    /// adaptive filtering, and on spectrogram windows the files came out no larger.
    public func pngData() throws(ImageCodingError) -> Data {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = UInt32(width)
        image.height = UInt32(height)
        image.format = UInt32(PNG_FORMAT_GRAY)
        image.flags = UInt32(PNG_IMAGE_FLAG_FAST)
        // One filter byte per row; libpng's own worst case for zlib (PNG_ZLIB_MAX_SIZE) plus room
        // for the signature, IHDR, IDAT chunk headers and IEND.
        let raw = (width + 1) * height
        var size = png_alloc_size_t(raw + (raw + 7) / 8 + (raw + 63) / 64 + 11 + 12 * (raw / 8192 + 1) + 1024)
        var data = Data(count: Int(size))
        var written = data.withUnsafeMutableBytes { out in
            pixels.withUnsafeBytes { png_image_write_to_memory(&image, out.baseAddress, &size, 0, $0.baseAddress, Int32(width), nil) }
        }
        if written == 0, Int(size) > data.count {
            // The bound was too small after all: libpng reports the size it needs.
            png_image_free(&image)
            image.warning_or_error = 0
            data = Data(count: Int(size))
            written = data.withUnsafeMutableBytes { out in
                pixels.withUnsafeBytes { png_image_write_to_memory(&image, out.baseAddress, &size, 0, $0.baseAddress, Int32(width), nil) }
            }
        }
        guard written != 0 else { throw .encode(Self.message(of: &image)) }
        data.count = Int(size)
        return data
    }

    /// Decodes a PNG into grey levels. Colour images must have R = G = B (as matplotlib writes a
    /// grey colormap); anything else is refused rather than silently converted.
    public init(pngData data: Data) throws(ImageCodingError) {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        let began = data.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, data.count) }
        guard began != 0 else { throw .decode(Self.message(of: &image)) }
        image.format = UInt32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA)
        let width = Int(image.width), height = Int(image.height)
        var rgba = [UInt8](repeating: 0, count: width * height * 4)
        let finished = rgba.withUnsafeMutableBytes {
            png_image_finish_read(&image, nil, $0.baseAddress, Int32(width * 4), nil)
        }
        guard finished != 0 else { throw .decode(Self.message(of: &image)) }
        var grey = [UInt8](repeating: 0, count: width * height)
        for i in 0..<(width * height) {
            let r = rgba[4 * i], g = rgba[4 * i + 1], b = rgba[4 * i + 2]
            guard r == g, g == b else { throw .decode("pixel \(i % width),\(i / width) is not grey (\(r),\(g),\(b))") }
            grey[i] = r
        }
        self.init(width: width, height: height, pixels: grey)
    }

    private static func message(of image: inout png_image) -> String {
        defer { png_image_free(&image) }
        return withUnsafeBytes(of: image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}

/// libpng refused to encode or decode an image.
public enum ImageCodingError: Error, Equatable, CustomStringConvertible {
    /// Encoding failed with libpng's message.
    case encode(String)
    /// Decoding failed with libpng's message.
    case decode(String)

    public var description: String {
        switch self {
        case .encode(let m): return "PNG encoding failed: \(m)"
        case .decode(let m): return "PNG decoding failed: \(m)"
        }
    }
}
