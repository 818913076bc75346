import AtlasStore
import Foundation
import MediaWorkers
import Pipeline
import MelSpectrogram
import ObjectStorage
import SimilarArtists
import SpotifyClient
import YTFetch

/// `atlas demo`: the whole pipeline offline. Starts the fixture site on 127.0.0.1, points kworb
/// and Spotify at it, runs every step on the given database, then runs the workers: yt-dlp
/// searches the site's feed and downloads each matched track's audio from it, and the windows
/// are rendered.
package struct DatasetDemo: Sendable {
    /// Where everything goes (`DATA/audio`, `DATA/spectrograms`, `DATA/exports`).
    package var dataDirectory: String
    /// Writes progress lines.
    package var log: @Sendable (String) -> Void
    /// Where audio, windows and exports go (`nil`: the data folder).
    package var storage: (any DataStorage)?

    /// A demo writing under `dataDirectory`.
    package init(dataDirectory: String, ytdlp: YTDLP? = YTDLP.locate(), storage: (any DataStorage)? = nil,
                log: @escaping @Sendable (String) -> Void = { StepProgress.standardError($0 + "\n") }) {
        self.dataDirectory = dataDirectory
        self.storage = storage
        self.ytdlp = ytdlp
        self.log = log
    }

    /// What the demo produced.
    package struct Summary: Sendable {
        /// Each step's report.
        package var steps: [PipelineRunner.Report]
        /// Rows per table after the run.
        package var counts: [(table: String, rows: Int)]
        /// Audio files written (paths in the data folder, or relative paths in the bucket).
        package var audioFiles: [String]
        /// Where they are: the data folder, or `s3://BUCKET/PREFIX`.
        package var storageLocation: String
        /// Spectrogram windows written.
        package var windows: Int
        /// Folder of the windows.
        package var spectrogramDirectory: String
        /// Folder of the exports.
        package var exportDirectory: String
    }

    /// The pipeline configuration pointing at `site`.
    package static func configuration(site: FixtureSite, dataDirectory: String) -> PipelineConfiguration {
        PipelineConfiguration(
            mode: .standard, kworbBase: site.baseURL, country: "es", extraArtistNames: site.catalogue.extraNames,
            spotify: .init(credentials: SpotifyCredentials(clientID: "fixture-client", clientSecret: "fixture-secret"),
                           configuration: SpotifyConfiguration(apiBase: site.spotifyAPIBase, accountsBase: site.baseURL, maxRateLimitWait: 5, requestTimeout: 10)),
            dataDirectory: dataDirectory, batchSize: 4,
            fetchPolicy: .init(maxConcurrentRequests: 4, minimumDelayPerHost: 0, maxAttempts: 2, initialBackoff: 0.1, maxTotalWait: 5, requestTimeout: 10),
            deezer: SourceConfiguration(baseURL: site.deezerAPIBase, minimumInterval: 0, maxAttempts: 3, initialBackoff: 0.1, requestTimeout: 10),
            lastFM: .init(apiKey: site.catalogue.similarity.lastFMKey,
                          configuration: SourceConfiguration(baseURL: site.lastFMAPIBase, minimumInterval: 0, maxAttempts: 3, initialBackoff: 0.1, requestTimeout: 10)))
    }

    /// yt-dlp (the workers' search and download engine).
    package var ytdlp: YTDLP?

    /// Runs the demo on the database at `databaseURL` (schema migrated).
    package func run(databaseURL: String) async throws -> Summary {
        try await withStoreThread { try await runOnStoreThread(databaseURL: databaseURL) }
    }

    private func runOnStoreThread(databaseURL: String) async throws -> Summary {
        let connection = try PostgresConnection(url: databaseURL)
        let site = try await FixtureSite.start()
        log("fixture site (kworb pages, Spotify API, audio) on \(site.baseURL.absoluteString)")
        do {
            let summary = try await run(on: connection, databaseURL: databaseURL, site: site)
            await site.stop()
            return summary
        } catch {
            await site.stop()
            throw error
        }
    }

    private func run(on connection: PostgresConnection, databaseURL: String, site: FixtureSite) async throws -> Summary {
        var configuration = Self.configuration(site: site, dataDirectory: dataDirectory)
        configuration.storage = storage
        let context = try StepContext(connection: connection, configuration: configuration, log: log)
        let reports = try await PipelineRunner(context: context).run(PipelineStep.allCases)

        // The workers search the site's feed with yt-dlp, download the chosen audio through
        // yt-dlp from the same server, and render the windows.
        guard let ytdlp else { throw DemoError.ytdlpMissing }
        let workers = WorkerConfiguration(dataDirectory: dataDirectory, ytdlp: ytdlp, searchSource: .feed(site.searchTemplate),
                                          lease: 60, pollInterval: 1, untilEmpty: true, storage: storage)
        let pool = WorkerPool(databaseURL: databaseURL, configuration: workers, stage: .all, concurrency: 2, log: log)
        // The pool blocks until its threads finish: on a thread of its own, so the fixture site
        // (which its yt-dlp processes download from) keeps the cooperative pool to itself.
        let worked = try await onOwnThread(name: "musicatlas.workers") { try pool.run() }
        let files = workers.storage
        let audioFiles: [String], windows: Int, spectrograms: String
        if files.isLocalFolder {
            audioFiles = (try? FileManager.default.contentsOfDirectory(atPath: workers.audioDirectory))?
                .filter { !$0.hasPrefix(".") }.sorted().map { (workers.audioDirectory as NSString).appendingPathComponent($0) } ?? []
            windows = (try? FileManager.default.contentsOfDirectory(atPath: workers.spectrogramDirectory))?.filter { $0.hasSuffix(".png") }.count ?? 0
            spectrograms = workers.spectrogramDirectory
        } else {
            audioFiles = try files.list("audio/").map(\.path)
            windows = try files.list("spectrograms/").filter { $0.path.hasSuffix(".png") }.count
            spectrograms = files.location + "/spectrograms"
        }
        if let stopped = worked.stoppedDownloads { log("workers: \(stopped)") }
        return Summary(steps: reports, counts: try AtlasDatabase.counts(connection), audioFiles: audioFiles, storageLocation: files.location,
                       windows: windows, spectrogramDirectory: spectrograms,
                       exportDirectory: files.isLocalFolder ? (dataDirectory as NSString).appendingPathComponent("exports") : files.location + "/exports")
    }
}

/// Why the demo could not run.
package enum DemoError: Error, CustomStringConvertible {
    /// yt-dlp is not installed.
    case ytdlpMissing

    package var description: String { "yt-dlp not found: run `make setup` (it installs yt-dlp into .venv) or set YTDLP" }
}
