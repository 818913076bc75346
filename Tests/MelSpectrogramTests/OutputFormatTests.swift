import Foundation
import MelSpectrogram
import XCTest

/// The colormap table, PNG and NPY encoders.
final class OutputFormatTests: XCTestCase {
    /// SEED-SPEC §6: `trunc((1 − i·(1/255))·255)` equals `255 − i` except at 38 indices, one lower.
    func testGrayReversedTableHasTheSeedQuirk() {
        let levels = GrayColormap.levels
        XCTAssertEqual(levels.count, 256)
        let off = (0..<256).filter { Int(levels[$0]) != 255 - $0 }
        XCTAssertEqual(off.count, 38)
        XCTAssertTrue(off.allSatisfy { Int(levels[$0]) == 254 - $0 })
        XCTAssertEqual(levels[43], 211)
        XCTAssertEqual(levels[0], 255)
        XCTAssertEqual(levels[255], 0)
    }

    func testPNGRoundTripsPixelsWithBandZeroAtTheBottom() throws {
        // Band 0 is the loudest (0 dB) and the top band the quietest (−80 dB).
        let rows = 4, columns = 5
        var values = [Float]()
        for row in 0..<rows { values += (0..<columns).map { Float(-80 * row / (rows - 1)) - Float($0) * 0.001 } }
        let window = MelMatrix(rows: rows, columns: columns, values: values)
        let image = GrayColormap.image(of: window)
        let decoded = try GrayImage(pngData: try image.pngData())
        XCTAssertEqual(decoded, image)
        let low = window.minimum, span = window.maximum - window.minimum
        for row in 0..<rows {
            for column in 0..<columns {
                let index = GrayColormap.index(normalized: (window[row, column] - low) / span)
                XCTAssertEqual(decoded[column, rows - 1 - row], GrayColormap.levels[index])
            }
        }
        XCTAssertEqual(decoded[0, rows - 1], 0, "the loudest cell (band 0) is black, bottom row")
    }

    /// The vectorised colormap picks, value by value, the level `GrayColormap.index` gives.
    func testColormapRowsMatchTheScalarMapping() {
        var generator = SystemRandomNumberGenerator()
        let rows = 7, columns = 53
        // Random values, plus the extremes and values landing exactly on index boundaries.
        var values = (0..<(rows * columns)).map { _ in Float.random(in: -80...0, using: &generator) }
        values[0] = -80
        values[1] = 0
        for i in 2..<40 { values[i] = -80 + 80 * Float(i) / 256 }
        let window = MelMatrix(rows: rows, columns: columns, values: values)
        let image = GrayColormap.image(of: window)
        let low = values.min()!, span = values.max()! - low
        for row in 0..<rows {
            for column in 0..<columns {
                let expected = GrayColormap.levels[GrayColormap.index(normalized: (values[row * columns + column] - low) / span)]
                XCTAssertEqual(image[column, rows - 1 - row], expected, "row \(row), column \(column)")
            }
        }
    }

    func testConstantWindowIsWhite() {
        let image = GrayColormap.image(of: MelMatrix(rows: 2, columns: 2, values: [-80, -80, -80, -80]))
        XCTAssertEqual(image.pixels, [255, 255, 255, 255])
    }

    func testCorruptPNGIsATypedError() {
        XCTAssertThrowsError(try GrayImage(pngData: Data("\u{89}PNG not really".utf8))) { error in
            XCTAssertTrue(error is ImageCodingError)
        }
    }

    func testNumPyRoundTripAndAlignment() throws {
        let array = NumPyArray(shape: [3, 2], values: [1, -2, 3.5, .infinity, 0, -0.25])
        let data = array.npyData()
        let headerLength = Int(data[8]) | Int(data[9]) << 8
        XCTAssertEqual((10 + headerLength) % 64, 0)
        XCTAssertEqual(try NumPyArray(npyData: data), array)
        XCTAssertThrowsError(try NumPyArray(npyData: data.prefix(40)))
        XCTAssertThrowsError(try NumPyArray(npyData: Data("hello".utf8)))
    }
}
