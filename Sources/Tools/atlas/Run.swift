import ArgumentParser
import Foundation
import KworbScraper
import MusicGraph
import Pipeline
import SimilarArtists
import SpotifyClient

extension PipelineStep: ExpressibleByArgument {}
extension PipelineMode: ExpressibleByArgument {}

/// `atlas run`: the pipeline steps in order.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the pipeline steps: " + PipelineStep.allCases.map(\.rawValue).joined(separator: " → ") + ".",
        discussion: """
            Every step is idempotent and resumable: rerun after a failure or an interruption and it continues. Steps:
            \(PipelineStep.allCases.map { "  \($0.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \($0.summary)" }.joined(separator: "\n"))
            Spotify credentials come from SPOTIFY_CLIENT_ID / SPOTIFY_CLIENT_SECRET; without them the Spotify parts are skipped and said so.
            Similar artists come from --similar-sources in order of preference (default: every one available): Spotify (credentials;
            its related-artists endpoint is gone for apps made after 2024-11), Deezer (public; DEEZER_API_BASE), Last.fm
            (LASTFM_API_KEY; LASTFM_API_BASE) and kworb co-features (always; only for artists no other source related).
            Examples:
              atlas run
              atlas run --similar-sources deezer,lastfm,kworb-cofeature
              atlas run --mode seed2020 --only related infer
            """)

    @Option(name: .long, parsing: .upToNextOption, help: "Run only these steps.")
    var only: [PipelineStep] = []

    @Option(name: .long, help: "Start at this step and run the rest.")
    var from: PipelineStep?

    @Option(help: "Behaviour: default (today's sources, bugs fixed) or seed2020 (the 2020 rules).")
    var mode: PipelineMode = .standard

    @Option(help: "kworb root URL (default: $KWORB_BASE_URL, else https://kworb.net/).")
    var kworbBase: String = ProcessInfo.processInfo.environment["KWORB_BASE_URL"] ?? "https://kworb.net/"

    @Option(help: "Country chart whose lead artists join the global list ('none' for none).")
    var country: String = "es"

    @Option(help: "File with extra artist names, one per line (default: the seed's 29 names; '-' for none).")
    var extraNames: String?

    @Option(help: "Items per committed batch.")
    var batchSize: Int = 50

    @Option(help: "Seconds between two kworb requests.")
    var delay: Double = 0.5

    @Option(help: "kworb requests in flight at once.")
    var concurrency: Int = 4

    @Option(help: "Similar-artist sources in order of preference, comma-separated: spotify, deezer, lastfm, kworb-cofeature (default: every one available).")
    var similarSources: String?

    @OptionGroup var data: DataOption

    /// The parsed `--similar-sources`, `nil` when not given.
    private func sources() throws -> [SimilarSource]? {
        guard let similarSources else { return nil }
        do { return try SimilarSource.list(similarSources) } catch { throw ValidationError("--similar-sources: \(error)") }
    }

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
        guard delay >= 0 else { throw ValidationError("--delay must not be negative") }
        guard URL(string: kworbBase)?.scheme?.hasPrefix("http") == true else { throw ValidationError("--kworb-base must be an http(s) URL") }
        if !only.isEmpty, from != nil { throw ValidationError("use --only or --from, not both") }
        let environment = ProcessInfo.processInfo.environment
        if let chosen = try sources() {
            if chosen.contains(.spotify), SpotifyCredentials.fromEnvironment() == nil {
                throw ValidationError("--similar-sources names spotify, but SPOTIFY_CLIENT_ID / SPOTIFY_CLIENT_SECRET are not set")
            }
            if chosen.contains(.lastfm), (environment["LASTFM_API_KEY"] ?? "").isEmpty {
                throw ValidationError("--similar-sources names lastfm, but LASTFM_API_KEY is not set")
            }
        }
        for variable in ["DEEZER_API_BASE", "LASTFM_API_BASE"] {
            if let value = environment[variable], URL(string: value)?.scheme?.hasPrefix("http") != true {
                throw ValidationError("\(variable) must be an http(s) URL")
            }
        }
    }

    func run() async throws {
        let names: [String]
        switch extraNames {
        case nil: names = PipelineConfiguration.seedExtraArtistNames
        case "-": names = []
        case let path?:
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                printError("atlas: cannot read --extra-names file \(path)")
                throw ExitCode(1)
            }
            names = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let spotify = SpotifyCredentials.fromEnvironment().map {
            PipelineConfiguration.SpotifySettings(credentials: $0, configuration: .fromEnvironment())
        }
        let configuration = PipelineConfiguration(
            mode: mode, kworbBase: URL(string: kworbBase.hasSuffix("/") ? kworbBase : kworbBase + "/")!, country: country == "none" ? nil : country,
            extraArtistNames: names, spotify: spotify, dataDirectory: data.data, batchSize: batchSize,
            fetchPolicy: FetchPolicy(maxConcurrentRequests: concurrency, minimumDelayPerHost: delay),
            pageCacheDirectory: (data.data as NSString).appendingPathComponent("cache/kworb"),
            similarSources: try sources(), deezer: .deezer(),
            lastFM: ProcessInfo.processInfo.environment["LASTFM_API_KEY"].flatMap { $0.isEmpty ? nil : .init(apiKey: $0) })
        try await withDatabase(data) { database in
            let context = try StepContext(connection: try database.connect(), configuration: configuration)
            if spotify == nil { printError("atlas: no Spotify credentials (SPOTIFY_CLIENT_ID / SPOTIFY_CLIENT_SECRET): Spotify parts are skipped") }
            for report in try await PipelineRunner(context: context).run(PipelineStep.selection(only: only, from: from)) { print(report.line) }
        }
    }
}
