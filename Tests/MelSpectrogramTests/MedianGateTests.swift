import MelSpectrogram
import XCTest

/// The seed's median filter: strictly-below-median values become the window minimum.
final class MedianGateTests: XCTestCase {
    func testEvenCountUsesTheMeanOfTheMiddlePair() {
        var values: [Float] = [3, -1, 2, 4]
        let threshold = MedianGate.apply(to: &values)
        XCTAssertEqual(threshold, 2.5)
        XCTAssertEqual(values, [3, -1, -1, 4])
    }

    func testValuesEqualToTheMedianAreKept() {
        var values: [Float] = [5, 1, 5, 5, 0]
        XCTAssertEqual(MedianGate.apply(to: &values), 5)
        XCTAssertEqual(values, [5, 0, 5, 5, 0])
    }

    func testSelectionAgreesWithSortingOnRandomData() {
        var generator = SystemRandomNumberGenerator()
        for count in [1, 2, 3, 10, 255, 256, 1000, 239_872] {
            var values = (0..<count).map { _ in Float(Int.random(in: -8000...0, using: &generator)) / 100 }
            if count > 10 { values.replaceSubrange(0..<(count / 3), with: repeatElement(-80, count: count / 3)) }
            let sorted = values.sorted()
            let expected = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
            XCTAssertEqual(MedianGate.median(of: values), expected, "count \(count)")
        }
    }

    /// The radix selection orders floats by their bits: mixed signs, both zeros, infinities and
    /// subnormals must still give the median a sort gives.
    func testSelectionOrdersEveryKindOfFloat() {
        let specials: [Float] = [-.infinity, .infinity, -0.0, 0.0, -.leastNonzeroMagnitude, .leastNonzeroMagnitude,
                                 -.greatestFiniteMagnitude, .greatestFiniteMagnitude, 1, -1, 1e-30, -1e-30]
        var generator = SystemRandomNumberGenerator()
        for count in [2, 3, 7, 12, 101, 4096] {
            let values = (0..<count).map { i in
                i < specials.count ? specials[i] : Float.random(in: -1e6...1e6, using: &generator) * (Bool.random() ? 1e-20 : 1)
            }.shuffled()
            let sorted = values.sorted()
            let expected = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
            let median = MedianGate.median(of: values)
            // -0 and +0 compare equal; the sign of a zero median is not specified by numpy either.
            XCTAssertTrue(median == expected || (median.isNaN && expected.isNaN), "count \(count): \(median) vs \(expected)")
        }
    }

    func testGateOnAMatrixFloorsBelowMedianCells() {
        var window = MelMatrix(rows: 2, columns: 3, values: [-80, -10, -30, -50, 0, -20])
        MedianGate.apply(to: &window)
        XCTAssertEqual(window.values, [-80, -10, -80, -80, 0, -20])
    }
}
