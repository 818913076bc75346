import ArgumentParser
import Foundation
import MelSpectrogram
import Pipeline

/// `atlas`: builds the MusicAtlas dataset.
@main
struct Atlas: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "atlas",
        abstract: "Build the MusicAtlas dataset: charts, artists, genres, audio and spectrogram windows.",
        subcommands: [Demo.self, Database.self, Migrate.self, ImportSeed.self, Status.self])
}

/// `atlas demo`: the offline demo on embedded defaults.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the offline demo: generate demo songs and render their spectrogram windows.",
        discussion: "Needs no network. Writes under --data (default: $MUSICATLAS_DATA or ./atlas-data).")

    @Option(help: "Data directory (default: $MUSICATLAS_DATA, else ./atlas-data).")
    var data: String = ProcessInfo.processInfo.environment["MUSICATLAS_DATA"] ?? "atlas-data"

    func run() throws {
        let demo = SpectrogramDemo(dataDirectory: data)
        let summary = try demo.run { line in print(line) }
        print("")
        print("MusicAtlas demo finished.")
        for file in summary.audioFiles { print("  audio:        \(file)") }
        for mode in RenderMode.allCases {
            let label = "\(mode.rawValue):".padding(toLength: 13, withPad: " ", startingAt: 0)
            let seconds = String(format: "%.2f", summary.renderSeconds[mode] ?? 0)
            print("  \(label) \(summary.windowCounts[mode] ?? 0) windows in \(summary.spectrogramDirectories[mode] ?? "") (\(seconds) s)")
        }
        print("Open the PNGs to see the windows (mel band 0 at the bottom; dark = loud).")
    }
}
