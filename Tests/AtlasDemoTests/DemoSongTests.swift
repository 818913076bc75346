import AtlasDemo
import Foundation
import MelSpectrogram
import TestSupport
import XCTest

/// The demo's generated audio and the demo run itself.
final class DemoSongTests: XCTestCase {
    /// The WAV writer's output must decode (through FFmpeg) to the samples written, to 16-bit
    /// precision, with the declared rate and channel count.
    func testWaveFileDecodesBackToItsSamples() throws {
        let dir = try makeScratchDirectory("musicatlas-pipeline")
        let samples: [Float] = (0..<32_000).map { i in 0.5 * sin(Float(i) * 0.05) }
        let path = "\(dir)/mono.wav"
        try WaveFileWriter.pcm16(interleaved: samples, channels: 1, sampleRate: 16_000).write(to: URL(fileURLWithPath: path))
        let audio = try AudioDecoder().decode(contentsOf: path)
        XCTAssertEqual(audio.sourceChannels, 1)
        XCTAssertEqual(audio.sourceSampleRate, 16_000)
        XCTAssertEqual(audio.samples.count, samples.count)
        for (a, b) in zip(audio.samples, samples) { XCTAssertEqual(a, b, accuracy: 1.0 / 32_767) }
    }

    func testWaveFileClipsOutOfRangeSamples() throws {
        let data = WaveFileWriter.pcm16(interleaved: [2, -2, 0, 0.5], channels: 2, sampleRate: 8000)
        XCTAssertEqual(data.count, 44 + 8)
        let values = (0..<4).map { i in Int16(littleEndian: data.subdata(in: (44 + 2 * i)..<(46 + 2 * i)).withUnsafeBytes { $0.loadUnaligned(as: Int16.self) }) }
        XCTAssertEqual(values, [32767, -32767, 0, 16384])
    }

    func testDemoSongIsDeterministicAndTheRightLength() {
        let song = DemoSong(seconds: 3, sampleRate: 8000, seed: 7)
        let a = song.stereoSamples(), b = song.stereoSamples()
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.count, 2 * 3 * 8000)
        XCTAssertNotEqual(a, DemoSong(seconds: 3, sampleRate: 8000, seed: 8).stereoSamples())
        XCTAssertLessThanOrEqual(a.map(abs).max()!, 0.8 + 1e-6)
    }
}
