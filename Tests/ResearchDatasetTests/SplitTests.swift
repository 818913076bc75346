import ResearchDataset
import XCTest

/// Split arithmetic and rules, without a store.
final class SplitTests: XCTestCase {
    func testLargestRemainderCounts() {
        XCTAssertEqual(SplitArithmetic.counts(total: 10146, ratios: [80, 10, 10]), [8117, 1015, 1014], "issue 17's figures for the 2020 artists")
        XCTAssertEqual(SplitArithmetic.counts(total: 7, ratios: [80, 10, 10]), [5, 1, 1])
        XCTAssertEqual(SplitArithmetic.counts(total: 10, ratios: [1, 1, 1]), [4, 3, 3], "equal remainders go to earlier parts")
        XCTAssertEqual(SplitArithmetic.counts(total: 3, ratios: [100, 0, 0]), [3, 0, 0])
        XCTAssertEqual(SplitArithmetic.counts(total: 0, ratios: [80, 10, 10]), [0, 0, 0])
        for total in 0..<200 { XCTAssertEqual(SplitArithmetic.counts(total: total, ratios: [70, 20, 10]).reduce(0, +), total) }
    }

    func testSplitMix64MatchesTheReferenceSequence() {
        // The first outputs of Vigna's splitmix64.c seeded with 0.
        var random = SeededRandom(seed: 0)
        XCTAssertEqual([random.next(), random.next(), random.next()], [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
        var bounded = SeededRandom(seed: 42)
        XCTAssertTrue((0..<1000).allSatisfy { _ in (0..<7).contains(bounded.below(7)) })
    }

    func testShuffleIsAPermutationFixedByTheSeed() {
        let items = (0..<100).map { "a\($0)" }
        let once = SplitArithmetic.shuffled(items, seed: 7)
        XCTAssertEqual(once, SplitArithmetic.shuffled(items, seed: 7))
        XCTAssertNotEqual(once, SplitArithmetic.shuffled(items, seed: 8))
        XCTAssertEqual(once.sorted(), items.sorted())
    }

    /// a1 and a2 sing t12 together; t3 and t4 are one recording (a duplicate group).
    private let input = SplitInput(
        artists: (1...10).map { "a\($0)" },
        trackArtists: Dictionary(uniqueKeysWithValues: (1...10).map { ("t\($0)", ["a\($0)"]) } + [("t12", ["a1", "a2"]), ("t3b", ["a4"])]),
        groups: ["t3": "video:x", "t3b": "video:x"])

    func testArtistSplitsKeepArtistsAndRecordingsOnOneSide() {
        for seed in UInt64(0)..<20 {
            let plan = DatasetSplitter(method: .artist, ratios: [60, 20, 20], seed: seed).plan(input)
            XCTAssertEqual(plan.artists.values.filter { $0 == .train }.count, 6)
            XCTAssertEqual(plan.artists.values.filter { $0 == .validation }.count, 2)
            for (track, artists) in input.trackArtists {
                let sides = Set(artists.compactMap { plan.artists[$0] })
                let side = plan.tracks[track]!
                if sides.count == 1, input.group(of: track) == track { XCTAssertEqual(side.split, sides.first!); XCTAssertFalse(side.crossSplit) }
                if sides.count > 1 { XCTAssertEqual(side.split, .train); XCTAssertTrue(side.crossSplit, track) }
            }
            XCTAssertEqual(plan.tracks["t3"]!.split, plan.tracks["t3b"]!.split, "one recording, one side")
        }
    }

    func testTrackSplitsKeepDuplicateGroupsTogetherAndSeed2020HoldsOutTheLastTwoByID() {
        for seed in UInt64(0)..<20 {
            let plan = DatasetSplitter(method: .track, ratios: [80, 10, 10], seed: seed).plan(input)
            XCTAssertEqual(plan.tracks["t3"]!.split, plan.tracks["t3b"]!.split)
            XCTAssertTrue(plan.artists.isEmpty)
            XCTAssertEqual(plan.tracks.count, 12)
        }
        let thesis = SplitInput(artists: ["a"], trackArtists: ["3": ["a"], "1": ["a"], "2": ["a"], "10": ["a"]], groups: [:])
        let plan = DatasetSplitter(method: .seed2020).plan(thesis)
        // By id in byte order: 1, 10, 2, 3 → the last two, 2 and 3, are test.
        XCTAssertEqual(plan.tracks.filter { $0.value.split == .test }.keys.sorted(), ["2", "3"])
        XCTAssertEqual(plan.tracks.filter { $0.value.split == .train }.keys.sorted(), ["1", "10"])
    }
}
