import ArgumentParser
import Foundation
import MelSpectrogram

/// `melspec render`: files → windows on disk.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render the spectrogram windows of each input file into a directory.",
        discussion: """
            For each input with stem S, writes DIR/S.windows.csv (win,ini,fin,rows,cols), one \
            DIR/S__<win>__<ini>__<fin>.png and/or .npy per window (after the median gate) and, with \
            --format npy or both, DIR/S.npy (the whole song's dB matrix before filtering). A bad \
            input prints one line naming it and the reason; the others are still rendered and the \
            exit code is 1 at the end.
            """)

    @Argument(help: "Audio files (WAV, MP3, Ogg, Opus/WebM, M4A/AAC, FLAC, …).")
    var files: [String]

    @Option(name: [.short, .long], help: "Output directory (created if missing).")
    var out: String

    @Option(help: "seed2020 reproduces the 2020 worker exactly; default fixes its bugs.")
    var mode: RenderMode = .standard

    @Option(help: "png, npy or both.")
    var format: String = "png"

    @Option(name: [.short, .long], help: "Files rendered at once (default: number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var decode: DecodeOptions

    @Flag(name: [.short, .long], help: "Print only errors.")
    var quiet = false

    func validate() throws {
        guard OutputFormats(name: format) != nil else {
            throw ValidationError("--format must be png, npy or both (got '\(format)')")
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        // Two inputs with one stem would overwrite each other's windows in DIR.
        var seen: [String: String] = [:]
        for file in files {
            let stem = SongRenderer.stem(of: file)
            if let other = seen[stem] {
                throw ValidationError("'\(other)' and '\(file)' share the stem '\(stem)'; their outputs would collide in \(out)")
            }
            seen[stem] = file
        }
    }

    func run() throws {
        let options = RenderOptions(mode: mode, formats: OutputFormats(name: format)!, limits: decode.limits)
        let renderer = try SongRenderer(options: options)
        let quiet = self.quiet
        let results = BatchRenderer(renderer: renderer, jobs: jobs).render(files: files, into: out) { done, total, result in
            switch result {
            case .success(let report):
                if let note = report.note { printError("melspec: note: \(note)") }
                if !quiet {
                    let seconds = report.timings.decode + report.timings.spectrogram + report.timings.output
                    printError(String(
                        format: "[%d/%d] %@: %d window(s), %.1f s of audio, %.3f s",
                        done, total, report.input, report.windows.count, report.durationSeconds, seconds))
                }
            case .failure(let error):
                printError("melspec: error: \(error)")
            }
        }
        let failed = results.filter { if case .failure = $0 { return true } else { return false } }.count
        if !quiet {
            let windows = results.reduce(0) { $0 + ((try? $1.get().windows.count) ?? 0) }
            printError("melspec: \(results.count - failed) of \(results.count) file(s) rendered, \(windows) window(s) in \(out)")
        }
        if failed > 0 { throw ExitCode(1) }
    }
}
