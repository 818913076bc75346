import Foundation
import MelSpectrogram
import TestSupport
import XCTest

/// The decoder against `librosa.load(path, sr=16000, mono=True)`.
final class AudioDecoderTests: XCTestCase {
    func testPCMWavMatchesLibrosaLoad() throws {
        for clip in SpectrogramGoldenTests.clips {
            let golden = try ReferenceGoldens.array("\(clip).load.npy").values
            let audio = try AudioDecoder().decode(contentsOf: try ReferenceGoldens.file("\(clip).wav"))
            XCTAssertEqual(audio.samples.count, golden.count, "\(clip) length")
            XCTAssertEqual(audio.sampleRate, 16000)
            let d = Difference(audio.samples, golden)
            XCTAssertLessThanOrEqual(d.maximum, 1e-5, "\(clip): \(d)")
        }
    }

    func testSourceDescriptionIsReported() throws {
        let audio = try AudioDecoder().decode(contentsOf: try ReferenceGoldens.file("clip_48000_2.wav"))
        XCTAssertEqual(audio.sourceSampleRate, 48000)
        XCTAssertEqual(audio.sourceChannels, 2)
        XCTAssertEqual(audio.sourceCodec, "pcm_s16le")
        XCTAssertEqual(audio.duration, 4.0, accuracy: 1e-9)
    }

    /// MP3 goes through libsndfile and libmpg123, as `librosa.load` does: the samples are
    /// librosa's own, bit for bit (FFmpeg's mp3float differed by up to 1e-6, DSP-NOTES §2), and so
    /// the dB spectrogram is within the DSP's float32 tolerance.
    func testMP3DecodesToLibrosasOwnSamples() throws {
        let audio = try AudioDecoder().decode(contentsOf: try ReferenceGoldens.file("clip_44100_2.mp3"))
        XCTAssertEqual(audio.sourceCodec, "libmpg123 (mp3)")
        let samples = try ReferenceGoldens.array("clip_44100_2_mp3.load.npy").values
        XCTAssertEqual(audio.samples.count, samples.count)
        XCTAssertEqual(Difference(audio.samples, samples).maximum, 0, "samples differ from librosa.load")
        let golden = try ReferenceGoldens.array("clip_44100_2_mp3.seed2020.npy")
        let ours = try MelSpectrogramAnalyzer(parameters: .forMode(.seed2020)).decibels(of: audio.samples)
        let d = Difference(ours.values, golden.values, where: { $0 > -60 })
        XCTAssertLessThanOrEqual(d.maximum, 5e-3, "\(d)")
        XCTAssertLessThanOrEqual(d.mean, 1e-4, "\(d)")
        XCTAssertLessThanOrEqual(d.maximumWhere, 1e-3, "\(d)")
    }

    /// FLAC is lossless, so it must decode to exactly what librosa reads from the WAV; the lossy
    /// containers must decode to the right length and a close spectrum.
    func testOtherContainersDecode() throws {
        let wav = try ReferenceGoldens.file("clip_44100_2.wav")
        let golden = try ReferenceGoldens.array("clip_44100_2.load.npy").values
        let reference = try ReferenceGoldens.array("clip_44100_2.seed2020.npy").values
        let dir = try temporaryDirectory(self)
        let analyzer = try MelSpectrogramAnalyzer(parameters: .forMode(.seed2020))
        let encodings: [(String, [String])] = [
            ("flac", ["-c:a", "flac"]), ("ogg", ["-c:a", "libvorbis", "-q:a", "6"]),
            ("webm", ["-c:a", "libopus", "-b:a", "160k"]), ("m4a", ["-c:a", "aac", "-b:a", "192k"]),
        ]
        for (ext, codec) in encodings {
            let target = "\(dir)/clip.\(ext)"
            let made = ProcessRunner.run("/usr/bin/ffmpeg", ["-v", "error", "-y", "-i", wav] + codec + [target])
            XCTAssertEqual(made.status, 0, "ffmpeg \(ext): \(made.stderr)")
            let audio = try AudioDecoder().decode(contentsOf: target)
            if ext == "flac" {
                XCTAssertEqual(audio.samples.count, golden.count)
                XCTAssertLessThanOrEqual(Difference(audio.samples, golden).maximum, 1e-5)
                continue
            }
            // Lossy codecs add priming samples or pad the last frame: allow 0.1 s.
            XCTAssertEqual(Double(audio.samples.count), Double(golden.count), accuracy: 1600, ext)
            let count = min(audio.samples.count, golden.count)
            var ours = analyzer.decibels(of: Array(audio.samples.prefix(count))).values
            ours = Array(ours.prefix(reference.count))
            let frames = 1 + count / 512
            let referenceFrames = reference.count / 256
            var sum = 0.0, cells = 0
            for band in 0..<256 {
                for frame in 0..<min(frames, referenceFrames) where reference[band * referenceFrames + frame] > -30 {
                    sum += abs(Double(ours[band * frames + frame]) - Double(reference[band * referenceFrames + frame]))
                    cells += 1
                }
            }
            XCTAssertLessThan(sum / Double(cells), 1.5, "\(ext): mean dB difference over loud cells")
        }
    }

    func testTooLongAudioIsRefusedBeforeDecoding() throws {
        let wav = try ReferenceGoldens.file("clip_16000_1.wav")
        XCTAssertThrowsError(try AudioDecoder(limits: DecodeLimits(maxDurationSeconds: 2)).decode(contentsOf: wav)) { error in
            guard case .tooLong(let path, let seconds, let limit)? = error as? AudioDecodingError else {
                return XCTFail("expected tooLong, got \(error)")
            }
            XCTAssertEqual(path, wav)
            XCTAssertEqual(seconds, 4, accuracy: 0.01)
            XCTAssertEqual(limit, 2)
        }
    }

    func testLargeFileIsRefusedByTheSeedSizeLimit() throws {
        let wav = try ReferenceGoldens.file("clip_48000_2.wav")  // 768 kB
        let limits = DecodeLimits(maxDurationSeconds: nil, maxFileBytes: 100_000)
        XCTAssertThrowsError(try AudioDecoder(limits: limits).decode(contentsOf: wav)) { error in
            guard case .fileTooLarge(_, let bytes, 100_000)? = error as? AudioDecodingError else {
                return XCTFail("expected fileTooLarge, got \(error)")
            }
            XCTAssertGreaterThan(bytes, 100_000)
        }
    }
}
