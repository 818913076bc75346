import ArgumentParser
import Foundation
import MelSpectrogram

/// `melspec`: render librosa-exact mel-spectrogram windows from audio files.
@main
struct Melspec: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "melspec",
        abstract: "Render 30-second mel-spectrogram windows (librosa-exact) from audio files.",
        discussion: """
            Decodes any file FFmpeg reads to 16 kHz mono, computes the seed's dB mel spectrogram \
            (n_fft 1024, hop 512, 256 Slaney mels up to 8 kHz), slices 30 s windows every 20 s and \
            applies the seed's median gate. See Docs/melspectrogram.md.
            """,
        subcommands: [Render.self, Decode.self, Profile.self])
}

extension RenderMode: ExpressibleByArgument {}

/// Options shared by every subcommand that decodes audio.
struct DecodeOptions: ParsableArguments {
    @Option(help: "Skip audio longer than this many seconds (0 = no limit).")
    var maxDuration: Double = 1200

    @Option(help: "Skip files larger than this many bytes (the seed used 10000000).")
    var maxFileBytes: Int?

    var limits: DecodeLimits {
        DecodeLimits(maxDurationSeconds: maxDuration > 0 ? maxDuration : nil, maxFileBytes: maxFileBytes)
    }
}

/// Writes one line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
