import AtlasDemo
import AudioFingerprint
import Foundation
import MelSpectrogram
import ResearchDataset
import TestSupport
import XCTest

/// Chromaprint through `AudioFingerprinter`: one recording re-encoded (MP3 at a lower level, by
/// FFmpeg) matches itself, another song does not, and the grouping finds exactly the pair.
final class FingerprintTests: XCTestCase {
    private func fingerprint(_ path: String) throws -> [UInt32] {
        let audio = try AudioDecoder(targetSampleRate: 16_000).decode(contentsOf: path)
        return try AudioFingerprinter().fingerprint(samples: audio.samples, sampleRate: audio.sampleRate)
    }

    func testAReencodedRecordingMatchesAndAnotherSongDoesNot() throws {
        let folder = try makeScratchDirectory("musicatlas-fingerprint")
        for seed in [1, 2] as [UInt64] {
            try DemoSong(seconds: 45, sampleRate: 22_050, seed: seed).waveData().write(to: URL(fileURLWithPath: "\(folder)/song\(seed).wav"))
        }
        let ffmpeg = ProcessRunner.run("/usr/bin/ffmpeg", ["-v", "error", "-y", "-i", "\(folder)/song1.wav", "-filter:a", "volume=0.5",
                                                          "-codec:a", "libmp3lame", "-b:a", "96k", "\(folder)/song1.mp3"])
        XCTAssertEqual(ffmpeg.status, 0, ffmpeg.stderr)
        let original = try fingerprint("\(folder)/song1.wav"), reencoded = try fingerprint("\(folder)/song1.mp3"), other = try fingerprint("\(folder)/song2.wav")
        XCTAssertGreaterThan(original.count, 300, "about 8 items a second")
        XCTAssertNotEqual(original, reencoded, "the bytes differ")
        let match = FingerprintMatch()
        let same = try XCTUnwrap(match.similarity(original, reencoded)), different = try XCTUnwrap(match.similarity(original, other))
        XCTAssertGreaterThan(same, 0.95, "one recording (0.997 when measured)")
        // Two demo songs come from one generator (same instruments and tempo): 0.80 when measured,
        // unrelated real songs sit near 0.5–0.65; the match needs 0.9.
        XCTAssertLessThan(different, match.threshold, "two songs")
        XCTAssertEqual(match.groups([other, original, reencoded]), [[1, 2]])
        XCTAssertEqual(FingerprintText.decode(FingerprintText.encode(original)), original)
        XCTAssertEqual(FingerprintText.decode("zz"), [])
        XCTAssertEqual(try AudioFingerprinter().fingerprint(samples: [Float](repeating: 0, count: 8000), sampleRate: 16_000).count, 0, "half a second is too short")
    }
}
