import ArgumentParser
import Foundation
import MelSpectrogram

/// `melspec profile`: in-process timings of each stage, as JSON (used by `make bench`).
struct Profile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time decoding and the dB mel spectrogram of one file in-process; prints JSON.",
        discussion: "The DSP is timed on one thread over --runs runs after one warm-up; medians are reported.")

    @Argument(help: "An audio file.")
    var file: String

    @Option(help: "Timed runs of each stage.")
    var runs: Int = 10

    @Option(help: "seed2020 (reflect padding) or default (zero padding).")
    var mode: RenderMode = .seed2020

    @Option(help: "Only analyse the first this many seconds (0 = all).")
    var seconds: Double = 0

    func run() throws {
        let decoder = AudioDecoder()
        var decodeTimes: [Double] = []
        var audio = try decoder.decode(contentsOf: file)
        for _ in 0..<max(1, runs / 2) {
            let start = Date()
            audio = try decoder.decode(contentsOf: file)
            decodeTimes.append(Date().timeIntervalSince(start))
        }
        if seconds > 0 { audio.samples = Array(audio.samples.prefix(Int(seconds * Double(audio.sampleRate)))) }
        let analyzer = try MelSpectrogramAnalyzer(parameters: .forMode(mode))
        _ = analyzer.decibels(of: audio.samples)
        var dspTimes: [Double] = []
        for _ in 0..<max(1, runs) {
            let start = Date()
            _ = analyzer.decibels(of: audio.samples)
            dspTimes.append(Date().timeIntervalSince(start))
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        print("""
            {"file": "\(file)", "audio_seconds": \(audio.duration), "decode_median_s": \(median(decodeTimes)), \
            "mel_db_median_s": \(median(dspTimes)), "mel_db_min_s": \(dspTimes.min()!), "runs": \(runs)}
            """)
    }
}
