import Foundation
import XCTest
import YTFetch

/// Search output parsing, the 2020 title rules, the default scorer, failure typing, the streak.
final class ParsingAndMatchingTests: XCTestCase {
    private func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)))
    }

    func testFlatSearchJSONBecomesCandidates() throws {
        let candidates = try SearchResultParser.parse(try fixture("flat_search.json"))
        XCTAssertEqual(candidates.count, 5)
        XCTAssertEqual(candidates[1].id, "bbbbbbbbbb2")
        XCTAssertEqual(candidates[1].channel, "Nova Lux - Topic")
        XCTAssertEqual(candidates[1].duration, 214)
        XCTAssertEqual(candidates[1].views, 5_400_123)
        XCTAssertTrue(candidates[2].channelVerified)
        XCTAssertNil(candidates[4].duration)
        XCTAssertEqual(candidates[4].views, 812, "live streams report concurrent viewers")
        XCTAssertEqual(candidates[4].liveStatus, "is_live")
        // The same entries as `-j` lines.
        let object = try JSONSerialization.jsonObject(with: try fixture("flat_search.json")) as! [String: Any]
        let lines = try (object["entries"] as! [[String: Any]]).map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        XCTAssertEqual(try SearchResultParser.parse(Data(lines.joined(separator: "\n").utf8)), candidates)
    }

    func testBrokenSearchOutputIsATypedError() {
        XCTAssertThrowsError(try SearchResultParser.parse(Data("{\"id\": 1}\nnot json\n".utf8))) { error in
            XCTAssertEqual((error as? YTDLPError)?.kind, .malformedOutput)
            XCTAssertTrue("\(error)".contains("line 2"), "\(error)")
        }
    }

    /// SEED-SPEC §5.2's four rules, one case each, and the quirks (no ñ folding, query-size rule 4).
    func testSeedTitleRules() {
        // Rule 1: every query token in the title.
        XCTAssertTrue(SeedTitleMatcher.matches(track: "Despacito", artist: "Luis Fonsi", title: "Luis Fonsi - Despacito ft. Daddy Yankee", channel: "x"))
        // Rule 2: the channel carries the artist, the title all but one track word.
        XCTAssertTrue(SeedTitleMatcher.matches(track: "la costa del silencio", artist: "Mägo de Oz", title: "Costa del Silencio (video)", channel: "Mago de Oz"))
        // Rule 3: one query token missing.
        XCTAssertTrue(SeedTitleMatcher.matches(track: "shape of you", artist: "Ed Sheeran", title: "Shape of You [Official Video] Sheeran", channel: "x"))
        XCTAssertFalse(SeedTitleMatcher.matches(track: "shape of you", artist: "Ed Sheeran", title: "Perfect", channel: "x"))
        // Accents fold, ñ does not.
        XCTAssertTrue(SeedTitleMatcher.matches(track: "canción", artist: "él", title: "cancion el", channel: ""))
        XCTAssertFalse(SeedTitleMatcher.matches(track: "niño", artist: "x", title: "nino", channel: ""))
        // Rule 4 compares with the query's size (5 tokens → 3 track words needed), not the track's (which would need 2).
        XCTAssertTrue(SeedTitleMatcher.matches(track: "one two three four", artist: "z", title: "one two three six", channel: "q"))
        XCTAssertFalse(SeedTitleMatcher.matches(track: "one two three four", artist: "z", title: "one two five six", channel: "q"))
        // The first match in result order wins, even a live version.
        let candidates = try! SearchResultParser.parse(try! fixture("flat_search.json"))
        XCTAssertEqual(SeedTitleMatcher.first(candidates, for: TrackQuery(title: "Midnight Signal", artists: ["Nova Lux"]))?.id, "aaaaaaaaaa1")
    }

    func testScorerPrefersTheRightVersionAndSaysWhy() throws {
        let candidates = try SearchResultParser.parse(try fixture("flat_search.json"))
        let track = TrackQuery(title: "Midnight Signal", artists: ["Nova Lux"], duration: 214)
        let result = CandidateScorer().best(candidates, for: track)
        XCTAssertEqual(result.match?.candidate.id, "bbbbbbbbbb2", "\(result.all.map { ($0.candidate.id ?? "", $0.score, $0.rejected ?? "") })")
        XCTAssertTrue(result.match!.reasons.contains("+10 Topic channel"))
        let byID = Dictionary(uniqueKeysWithValues: result.all.map { ($0.candidate.id!, $0) })
        XCTAssertEqual(byID["eeeeeeeeee5"]?.rejected, "live stream")
        XCTAssertTrue(byID["aaaaaaaaaa1"]?.rejected?.hasPrefix("duration off by") == true)
        XCTAssertTrue(byID["dddddddddd4"]!.rejected != nil || byID["dddddddddd4"]!.score < result.match!.score)
        XCTAssertTrue(byID["dddddddddd4"]!.reasons.contains("-15 karaoke") && byID["dddddddddd4"]!.reasons.contains("-15 cover"))
        // Without a duration the live version is judged on text alone and still loses.
        let untimed = CandidateScorer().best(candidates, for: TrackQuery(title: "Midnight Signal", artists: ["Nova Lux"]))
        XCTAssertNotEqual(untimed.match?.candidate.id, "aaaaaaaaaa1")
        // A live track keeps its live results.
        let live = CandidateScorer().best(candidates, for: TrackQuery(title: "Midnight Signal (Live at Wembley 2024)", artists: ["Nova Lux"], duration: 301))
        XCTAssertEqual(live.match?.candidate.id, "aaaaaaaaaa1")
        // Nothing close enough: no match.
        XCTAssertNil(CandidateScorer().best(candidates, for: TrackQuery(title: "Completely Different Song", artists: ["Someone Else"])).match)
    }

    func testViewsBreakTiesWithinTheBand() {
        let a = VideoCandidate(id: "a", url: "u1", title: "Artist - Song", channel: "Artist", duration: 200, views: 10)
        let b = VideoCandidate(id: "b", url: "u2", title: "Artist - Song", channel: "Artist", duration: 200, views: 10_000)
        XCTAssertEqual(CandidateScorer().best([a, b], for: TrackQuery(title: "Song", artists: ["Artist"], duration: 200)).match?.candidate.id, "b")
        XCTAssertEqual(CandidateScorer().best([b, a], for: TrackQuery(title: "Song", artists: ["Artist"], duration: 200)).match?.candidate.id, "b")
    }

    func testFuzzyRatioMatchesRapidfuzzDefinition() {
        XCTAssertEqual(FuzzyRatio.ratio("this is a test", "this is a test!"), 96.55, accuracy: 0.01)  // rapidfuzz docs example
        XCTAssertEqual(FuzzyRatio.ratio("", ""), 100)
        XCTAssertEqual(FuzzyRatio.ratio("abc", ""), 0)
        XCTAssertEqual(FuzzyRatio.tokenSortRatio("fuzzy wuzzy was a bear", "wuzzy fuzzy was a bear"), 100)
    }

    /// The stderr texts of EXTERNAL-APIS §4.4 and §4.6, and the handling each calls for.
    func testFailuresAreTypedFromStandardError() {
        let cases: [(String, YTDLPError.Kind)] = [
            ("ERROR: [youtube] abc: Sign in to confirm you’re not a bot. Use --cookies-from-browser or --cookies for the authentication.", .botCheck),
            ("ERROR: [youtube] abc: This content isn't available, try again later. The current session has been rate-limited by YouTube for up to an hour.", .rateLimited),
            ("ERROR: unable to download video data: HTTP Error 429: Too Many Requests", .rateLimited),
            ("WARNING: [youtube] No supported JavaScript runtime could be found\nERROR: [youtube] abc: Requested format is not available", .runtimeMissing),
            ("WARNING: [youtube] abc: n challenge solving failed: Some formats may be missing.\nERROR: [youtube] abc: Requested format is not available", .runtimeMissing),
            ("ERROR: [youtube] abc: Requested format is not available. Use --list-formats for a list of available formats", .formatUnavailable),
            ("ERROR: [youtube] abc: All player responses are invalid. Your IP is likely being blocked by Youtube", .blocked),
            ("ERROR: [youtube] abc: Sign in to confirm your age. This video may be inappropriate for some users.", .unavailable),
            ("ERROR: [youtube] abc: Video unavailable", .unavailable),
            ("ERROR: [youtube] abc: Private video. Sign in if you've been granted access to this video", .unavailable),
            ("ERROR: [generic] Unable to download webpage: <urlopen error [Errno 111] Connection refused>", .network),
            ("ERROR: something new", .other),
        ]
        for (stderr, kind) in cases {
            let failure = YTDLPError.classify(status: 1, stderr: stderr)
            XCTAssertEqual(failure.kind, kind, stderr)
            let handling: YTDLPError.Handling = switch kind {
            case .unavailable, .tooLarge: .permanent
            case .rateLimited: .pause
            case .botCheck, .blocked: .banLike
            case .runtimeMissing, .toolMissing: .configuration
            default: .retry
            }
            XCTAssertEqual(failure.handling, handling, stderr)
            XCTAssertTrue(failure.message.hasPrefix("ERROR:"), failure.message)
        }
        XCTAssertEqual(YTDLPError.classify(status: -1, stderr: "", timedOut: true).kind, .network)
    }

    func testFailureStreakStopsAfterConsecutiveFailuresOnly() {
        var streak = FailureStreak(limit: 3)
        let network = YTDLPError(kind: .network, message: "x")
        XCTAssertFalse(streak.failed(network))
        streak.succeeded()
        XCTAssertFalse(streak.failed(network))
        XCTAssertFalse(streak.failed(network))
        XCTAssertTrue(streak.failed(network))
        XCTAssertTrue(streak.reason!.contains("3 consecutive"))
        var bot = FailureStreak(limit: 3)
        XCTAssertFalse(bot.failed(YTDLPError(kind: .botCheck, message: "bot")), "a bot check counts toward the stop")
        var runtime = FailureStreak(limit: 3)
        XCTAssertTrue(runtime.failed(YTDLPError(kind: .runtimeMissing, message: "no runtime")), "a missing runtime stops at once")
    }
}
