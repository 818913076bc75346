import ArgumentParser
import Foundation
import MelSpectrogram

/// `melspec decode`: the decoder alone, for checks against `librosa.load` and for timing.
struct Decode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decode files to mono float32 at the target rate (librosa.load equivalent).",
        discussion: "Prints one line per file; with --out, writes DIR/<stem>.f32 (raw little-endian float32).")

    @Argument(help: "Audio files.")
    var files: [String]

    @Option(name: [.short, .long], help: "Directory for the raw .f32 samples (omit to decode only).")
    var out: String?

    @Option(help: "Target sample rate in Hz.")
    var sampleRate: Int = 16_000

    @OptionGroup var decode: DecodeOptions

    func run() throws {
        let decoder = AudioDecoder(targetSampleRate: sampleRate, limits: decode.limits)
        var failed = 0
        if let out { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) }
        for file in files {
            do {
                let audio = try decoder.decode(contentsOf: file)
                if let out {
                    let target = (out as NSString).appendingPathComponent(SongRenderer.stem(of: file) + ".f32")
                    let data = audio.samples.withUnsafeBufferPointer { Data(buffer: $0) }
                    try data.write(to: URL(fileURLWithPath: target), options: .atomic)
                }
                print("\(file)\t\(audio.sourceCodec)\t\(audio.sourceSampleRate) Hz\t\(audio.sourceChannels) ch\t\(audio.samples.count) samples")
            } catch {
                printError("melspec: error: \(error)")
                failed += 1
            }
        }
        if failed > 0 { throw ExitCode(1) }
    }
}
