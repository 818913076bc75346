import ArgumentParser
import Foundation
import MelSpectrogram

/// `melspec profile`: in-process timings of each stage, as JSON (used by `make bench`).
struct Profile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time decoding and the dB mel spectrogram of one file in-process; prints JSON.",
        discussion: """
            The DSP is timed on one thread and on every core, --runs runs each, twice, alternated, after a warm-up; medians are reported. \
            On a CPU with AVX2 the inner loops' baseline build is timed too (one thread), and both builds' results are compared bit for bit \
            ("kernels_same_bits").
            """)

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
        func timed(threads: Int) -> [Double] {
            (0..<max(1, runs)).map { _ in
                let start = Date()
                _ = analyzer.decibels(of: audio.samples, threads: threads)
                return Date().timeIntervalSince(start)
            }
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        _ = analyzer.decibels(of: audio.samples, threads: cores)
        // Alternated, so that a noisy neighbour slows both figures alike.
        var single: [Double] = [], parallel: [Double] = []
        for _ in 0..<2 {
            single += timed(threads: 1)
            parallel += timed(threads: cores)
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        // The inner loops' other build (CMelKernels), for its time and to prove the same bits.
        var baseline = "null", sameBits = "null"
        if MelKernels.avx2 {
            let fast = analyzer.decibels(of: audio.samples)
            MelKernels.avx2 = false
            let slow = analyzer.decibels(of: audio.samples)
            baseline = String(median(timed(threads: 1)))
            MelKernels.avx2 = true
            sameBits = fast.values.elementsEqual(slow.values) { $0.bitPattern == $1.bitPattern } ? "true" : "false"
        }
        print("""
            {"file": "\(file)", "audio_seconds": \(audio.duration), "decode_median_s": \(median(decodeTimes)), \
            "mel_db_median_s": \(median(single)), "mel_db_min_s": \(single.min()!), \
            "mel_db_all_cores_median_s": \(median(parallel)), "cores": \(cores), "runs": \(runs), \
            "kernels": "\(MelKernels.avx2 ? "avx2" : "baseline")", "mel_db_baseline_kernels_median_s": \(baseline), \
            "kernels_same_bits": \(sameBits)}
            """)
    }
}
