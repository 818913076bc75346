internal import CLibPNG
import Foundation
internal import PNGEncoding

/// An 8-bit greyscale image, row-major from the top row, with PNG encoding (PNGEncoding's `GrayPNGEncoder`)
/// and decoding through libpng's simplified API (which reports errors by return value rather than
/// `longjmp`).
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

    /// Encodes the image as an 8-bit greyscale PNG (see `GrayPNGEncoder` for why it is not
    /// libpng's writer).
    public func pngData() throws(ImageCodingError) -> Data {
        let (width, height) = (width, height)
        guard let png = pixels.withUnsafeBufferPointer({ GrayPNGEncoder.encode(width: width, height: height, pixels: $0) }) else {
            throw .encode("a PNG needs a width and height of at least 1 (got \(width) × \(height))")
        }
        return png
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
