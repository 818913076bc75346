import Foundation
import MelSpectrogram

/// The offline demo as it stands: generate demo songs, render their spectrogram windows in both
/// modes, and report what was written. (The pipeline issue grows this into the whole dataset
/// build: kworb fixture site, fake Spotify, database, downloads.)
public struct SpectrogramDemo: Sendable {
    /// Root of everything the demo writes (`MUSICATLAS_DATA`, default `./atlas-data`).
    public var dataDirectory: String
    /// The songs to generate: stem and length in seconds.
    public var songs: [(stem: String, seconds: Double)]

    /// A demo writing under `dataDirectory`, with three songs of 95, 50 and 187.3 s.
    public init(dataDirectory: String, songs: [(stem: String, seconds: Double)] = [
        ("demo-song-a", 95), ("demo-song-b", 50), ("demo-song-c", 187.3),
    ]) {
        self.dataDirectory = dataDirectory
        self.songs = songs
    }

    /// What the demo produced.
    public struct Summary: Sendable {
        /// The generated audio files.
        public var audioFiles: [String]
        /// Output directory per mode.
        public var spectrogramDirectories: [RenderMode: String]
        /// Windows written per mode.
        public var windowCounts: [RenderMode: Int]
        /// Wall-clock seconds of rendering per mode.
        public var renderSeconds: [RenderMode: Double]
    }

    /// Generates the songs (unless already there) and renders them; `log` receives progress lines.
    public func run(log: @Sendable (String) -> Void = { _ in }) throws -> Summary {
        let audioDirectory = (dataDirectory as NSString).appendingPathComponent("demo/audio")
        try FileManager.default.createDirectory(atPath: audioDirectory, withIntermediateDirectories: true)
        var audioFiles: [String] = []
        for (index, song) in songs.enumerated() {
            let path = (audioDirectory as NSString).appendingPathComponent("\(song.stem).wav")
            if !FileManager.default.fileExists(atPath: path) {
                let wave = DemoSong(seconds: song.seconds, seed: 2020 + UInt64(index)).waveData()
                try wave.write(to: URL(fileURLWithPath: path), options: .atomic)
                log("generated \(path) (\(song.seconds) s, 44.1 kHz stereo)")
            }
            audioFiles.append(path)
        }
        var summary = Summary(audioFiles: audioFiles, spectrogramDirectories: [:], windowCounts: [:], renderSeconds: [:])
        for mode in RenderMode.allCases {
            let out = (dataDirectory as NSString).appendingPathComponent("demo/spec-\(mode.rawValue)")
            let renderer = try SongRenderer(options: RenderOptions(mode: mode, formats: .png))
            let started = Date()
            let results = BatchRenderer(renderer: renderer).render(files: audioFiles, into: out) { done, total, result in
                if case .success(let report) = result {
                    log("[\(mode.rawValue) \(done)/\(total)] \(report.stem): \(report.windows.count) windows")
                }
            }
            var windows = 0
            for result in results { windows += try result.get().windows.count }
            summary.spectrogramDirectories[mode] = out
            summary.windowCounts[mode] = windows
            summary.renderSeconds[mode] = Date().timeIntervalSince(started)
        }
        return summary
    }
}
