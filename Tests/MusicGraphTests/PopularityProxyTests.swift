import MusicGraph
import XCTest

/// The popularity proxy's percentiles, checked against values worked out by hand from its
/// formula `100 · (below + (equal − 1) / 2) / (n − 1)`.
final class PopularityProxyTests: XCTestCase {
    func testPercentilesByHandIncludingTies() {
        // Sorted: 10, 20, 20, 40, 80 (n = 5): 10 → 0; 20 → (1 + 0.5) / 4 = 37.5 → 38; 40 → 3/4 = 75; 80 → 100.
        let values: [String: Double] = ["a": 10, "b": 20, "c": 20, "d": 40, "e": 80]
        XCTAssertEqual(PopularityProxy.percentiles(values), ["a": 0, "b": 38, "c": 38, "d": 75, "e": 100])
        XCTAssertEqual(PopularityProxy.percentiles(["only": 5]), ["only": 100])
        XCTAssertEqual(PopularityProxy.percentiles([:]), [:])
    }

    func testFansWinOverStreamsAndNegativeStreamsAreNoMeasure() {
        let proxy = PopularityProxy().values(fans: ["a": 100, "b": 900], streams: ["a": 5, "c": 50, "d": 500, "x": -1])
        XCTAssertEqual(proxy["a"]?.provider, .deezerFans)
        XCTAssertEqual(proxy["a"]?.popularity, 0)
        XCTAssertEqual(proxy["b"]?.popularity, 100)
        // Streams rank a (5), c (50), d (500) among themselves; a's value is then replaced by its fans'.
        XCTAssertEqual(proxy["c"]?.popularity, 50)
        XCTAssertEqual(proxy["c"]?.provider, .kworbStreams)
        XCTAssertEqual(proxy["d"]?.popularity, 100)
        XCTAssertNil(proxy["x"], "kworb's -1 means no streams known")
    }
}
