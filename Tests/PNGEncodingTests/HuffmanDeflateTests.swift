import Foundation
import MelSpectrogram
import PNGEncoding
import XCTest

/// The PNG windows' deflate stream (HuffmanDeflate), read back by libpng.
final class HuffmanDeflateTests: XCTestCase {
    private func roundTrip(width: Int, height: Int, _ pixels: [UInt8], file: StaticString = #filePath, line: UInt = #line) throws {
        let image = GrayImage(width: width, height: height, pixels: pixels)
        let decoded = try GrayImage(pngData: try image.pngData())
        XCTAssertEqual(decoded, image, "\(width) × \(height)", file: file, line: line)
    }

    /// Noise, one level, two levels, one pixel, odd sizes: libpng reads back what was written.
    func testLibPNGReadsBackEveryKindOfImage() throws {
        var generator = SystemRandomNumberGenerator()
        try roundTrip(width: 256, height: 937, (0..<(256 * 937)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try roundTrip(width: 937, height: 256, [UInt8](repeating: 255, count: 937 * 256))
        try roundTrip(width: 5, height: 3, [0, 255, 0, 255, 0, 255, 0, 255, 0, 255, 0, 255, 0, 255, 0])
        try roundTrip(width: 1, height: 1, [42])
        try roundTrip(width: 3, height: 7, (0..<21).map { UInt8($0 * 12) })
        // Spectrogram-like: mostly the gate's floor (white), the rest spread.
        try roundTrip(width: 256, height: 100, (0..<25_600).map { _ in Bool.random(using: &generator) ? 255 : UInt8.random(in: 0...200, using: &generator) })
    }

    /// Fibonacci frequencies (1, 2, 3, 5, …, with end-of-block's 1) make an optimal code 25 levels
    /// deep; deflate allows 15. The code
    /// stays complete (Kraft sum exactly 1: zlib refuses incomplete literal codes) and within the
    /// limit, and an image with that distribution still round-trips.
    func testSkewedFrequenciesAreLimitedToFifteenBitsAndStayComplete() throws {
        var fibonacci = [1, 2]
        while fibonacci.count < 25 { fibonacci.append(fibonacci[fibonacci.count - 1] + fibonacci[fibonacci.count - 2]) }
        var frequencies = [Int](repeating: 0, count: 257)
        for (symbol, frequency) in fibonacci.enumerated() { frequencies[symbol] = frequency }
        frequencies[256] = 1
        XCTAssertGreaterThan(HuffmanCode.lengths(frequencies, limit: 64).max()!, 15, "the unlimited code is deeper than deflate allows")
        let lengths = HuffmanCode.lengths(frequencies, limit: 15)
        XCTAssertLessThanOrEqual(lengths.max()!, 15)
        XCTAssertEqual(lengths.filter { $0 > 0 }.count, 26)
        XCTAssertEqual(lengths.reduce(0.0) { $0 + ($1 == 0 ? 0 : pow(2.0, -Double($1))) }, 1.0)

        // The image: symbol s repeated fibonacci[s] times (318 k pixels), shuffled.
        var pixels: [UInt8] = []
        for (symbol, frequency) in fibonacci.enumerated() { pixels += repeatElement(UInt8(symbol), count: frequency) }
        pixels.shuffle()
        let width = 1000
        pixels += repeatElement(0, count: (width - pixels.count % width) % width)
        try roundTrip(width: width, height: pixels.count / width, pixels)
    }

    /// An optimal code for a textbook case, and canonical codes as RFC 1951 §3.2.2 assigns them.
    func testCodeLengthsAreOptimalAndCodesCanonical() {
        XCTAssertEqual(HuffmanCode.lengths([1, 1, 2, 3, 5, 8], limit: 15), [5, 5, 4, 3, 2, 1])
        // RFC 1951's example: lengths (3, 3, 3, 3, 3, 2, 4, 4) give codes 010 011 100 101 110 00 1110 1111.
        let codes = HuffmanCode.canonicalCodes([3, 3, 3, 3, 3, 2, 4, 4])
        let expected: [(UInt32, Int)] = [(0b010, 3), (0b011, 3), (0b100, 3), (0b101, 3), (0b110, 3), (0b00, 2), (0b1110, 4), (0b1111, 4)]
        for (code, want) in zip(codes, expected) {
            XCTAssertEqual(code.length, want.1)
            XCTAssertEqual(HuffmanCode.reversed(code.code, bits: code.length), want.0, "codes are stored bit-reversed")
        }
    }
}
