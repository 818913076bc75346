import MusicGraph
import XCTest

final class LevenshteinTests: XCTestCase {
    func testClassicDistances() {
        XCTAssertEqual(Levenshtein.distance("kitten", "sitting"), 3)
        XCTAssertEqual(Levenshtein.distance("", "abc"), 3)
        XCTAssertEqual(Levenshtein.distance("abc", "abc"), 0)
        XCTAssertEqual(Levenshtein.distance("flaw", "lawn"), 2)
    }

    /// Python's `str` is code points: "ä" precomposed is one edit from "a", decomposed is two
    /// scalars (an insertion).
    func testCountsUnicodeScalars() {
        XCTAssertEqual(Levenshtein.distance("m\u{E4}go", "mago"), 1)
        XCTAssertEqual(Levenshtein.distance("ma\u{308}go", "mago"), 1)
        XCTAssertEqual(Levenshtein.distance("🎵a", "a"), 1)
    }

    func testSeedNormalisationAndItsEmptyStringQuirk() {
        XCTAssertEqual(Levenshtein.seedNormalized("abcdefghij", "abcdefghiX"), 0.1)
        XCTAssertEqual(Levenshtein.seedNormalized("", "abc"), 3, "the seed returns the length unnormalised")
        XCTAssertEqual(Levenshtein.seedNormalized("", ""), 0)
    }
}
