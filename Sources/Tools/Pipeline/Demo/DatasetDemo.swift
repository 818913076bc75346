import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MelSpectrogram
import SpotifyClient

/// `atlas demo`: the whole pipeline offline. Starts the fixture site on 127.0.0.1, points kworb
/// and Spotify at it, runs every step on the given database, then fetches each track's audio
/// from the site and renders its spectrogram windows.
public struct DatasetDemo: Sendable {
    /// Where everything goes (`DATA/audio`, `DATA/spectrograms`, `DATA/exports`).
    public var dataDirectory: String
    /// Writes progress lines.
    public var log: @Sendable (String) -> Void

    /// A demo writing under `dataDirectory`.
    public init(dataDirectory: String, log: @escaping @Sendable (String) -> Void = { StepProgress.standardError($0 + "\n") }) {
        self.dataDirectory = dataDirectory
        self.log = log
    }

    /// What the demo produced.
    public struct Summary: Sendable {
        /// Each step's report.
        public var steps: [PipelineRunner.Report]
        /// Rows per table after the run.
        public var counts: [(table: String, rows: Int)]
        /// Audio files written.
        public var audioFiles: [String]
        /// Spectrogram windows written.
        public var windows: Int
        /// Folder of the windows.
        public var spectrogramDirectory: String
        /// Folder of the exports.
        public var exportDirectory: String
    }

    /// The pipeline configuration pointing at `site`.
    public static func configuration(site: FixtureSite, dataDirectory: String) -> PipelineConfiguration {
        PipelineConfiguration(
            mode: .standard, kworbBase: site.baseURL, country: "es", extraArtistNames: site.catalogue.extraNames,
            spotify: .init(credentials: SpotifyCredentials(clientID: "fixture-client", clientSecret: "fixture-secret"),
                           configuration: SpotifyConfiguration(apiBase: site.spotifyAPIBase, accountsBase: site.baseURL, maxRateLimitWait: 5, requestTimeout: 10)),
            dataDirectory: dataDirectory, batchSize: 4,
            fetchPolicy: .init(maxConcurrentRequests: 4, minimumDelayPerHost: 0, maxAttempts: 2, initialBackoff: 0.1, maxTotalWait: 5, requestTimeout: 10))
    }

    /// Runs the demo on `connection` (schema migrated).
    public func run(on connection: PostgresConnection) async throws -> Summary {
        let site = try await FixtureSite.start()
        log("fixture site (kworb pages, Spotify API, audio) on \(site.baseURL.absoluteString)")
        do {
            let summary = try await run(on: connection, site: site)
            await site.stop()
            return summary
        } catch {
            await site.stop()
            throw error
        }
    }

    private func run(on connection: PostgresConnection, site: FixtureSite) async throws -> Summary {
        let context = try StepContext(connection: connection, configuration: Self.configuration(site: site, dataDirectory: dataDirectory), log: log)
        let reports = try await PipelineRunner(context: context).run(PipelineStep.allCases)

        // Until the workers fetch audio through yt-dlp, the demo downloads it from the site.
        let audioDirectory = (dataDirectory as NSString).appendingPathComponent("audio")
        try FileManager.default.createDirectory(atPath: audioDirectory, withIntermediateDirectories: true)
        var audioFiles: [String] = []
        for track in try DatasetReader(connection).tracks() {
            let path = (audioDirectory as NSString).appendingPathComponent("\(track.id).wav")
            if !FileManager.default.fileExists(atPath: path) {
                let (data, response) = try await URLSession.shared.data(from: site.audioURL(trackID: track.id))
                guard (response as? HTTPURLResponse)?.statusCode == 200 else { continue }
                try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            }
            audioFiles.append(path)
        }
        log("audio: \(audioFiles.count) files in \(audioDirectory)")
        let spectrograms = (dataDirectory as NSString).appendingPathComponent("spectrograms")
        let renderer = try SongRenderer(options: RenderOptions(mode: .standard, formats: .png))
        var windows = 0
        let log = self.log
        for result in BatchRenderer(renderer: renderer).render(files: audioFiles, into: spectrograms) { done, total, result in
            if case .success(let report) = result { log("spectrograms: [\(done)/\(total)] \(report.stem): \(report.windows.count) windows") }
        } {
            windows += try result.get().windows.count
        }
        return Summary(steps: reports, counts: try AtlasDatabase.counts(connection), audioFiles: audioFiles, windows: windows,
                       spectrogramDirectory: spectrograms, exportDirectory: (dataDirectory as NSString).appendingPathComponent("exports"))
    }
}
