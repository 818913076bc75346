import Foundation
import ObjectStorage
import KworbScraper
import MusicGraph
import SimilarArtists
import SpotifyClient

/// Everything `atlas run` needs besides the database: sources, behaviour and limits.
/// Base URLs are configurable so the fixture site (or any mirror) can stand in for kworb and
/// Spotify.
package struct PipelineConfiguration: Sendable {
    /// `standard` (today's sources, bugs fixed) or `seed2020` (the 2020 rules).
    package var mode: PipelineMode
    /// kworb's root, default `https://kworb.net/` (env `KWORB_BASE_URL`).
    package var kworbBase: URL
    /// The country chart added to the global list (`es` as in 2020; `nil` = none).
    package var country: String?
    /// Names searched on Spotify and added as non-chart artists (SEED-SPEC §1.3).
    package var extraArtistNames: [String]
    /// Spotify credentials and endpoints; `nil` = run the kworb-only parts and say what was skipped.
    package var spotify: SpotifySettings?
    /// The data directory (`exports/` goes under it).
    package var dataDirectory: String
    /// Where the exports are stored: `nil` = the data folder; else a bucket (staged in its
    /// scratch folder, uploaded, recorded in `stored_object`).
    package var storage: (any DataStorage)?
    /// Songs kept per artist (30, as the seed).
    package var songsPerArtist: Int
    /// Items per committed batch: an interruption loses at most this much work.
    package var batchSize: Int
    /// Politeness towards kworb.
    package var fetchPolicy: FetchPolicy
    /// Where fetched kworb pages are cached (ETag / Last-Modified); `nil` = no cache.
    package var pageCacheDirectory: String?
    /// Related artists per artist kept by the co-feature fallback.
    package var coFeatureLimit: Int
    /// The similar-artist sources in order of preference; `nil` = every available one (Spotify
    /// with credentials, Deezer when configured, Last.fm with a key, kworb co-features), and in
    /// `seed2020` mode Spotify then co-features, as in 2020.
    package var similarSources: [SimilarSource]?
    /// Deezer's endpoint and pacing; `nil` = Deezer is not used.
    package var deezer: SourceConfiguration?
    /// Last.fm's key and endpoint; `nil` = Last.fm is not used.
    package var lastFM: LastFMSettings?

    /// Last.fm access for the pipeline.
    package struct LastFMSettings: Sendable {
        /// The API key (registered for redaction by the client).
        package var apiKey: String
        /// Endpoint and pacing.
        package var configuration: SourceConfiguration
        /// Creates settings.
        package init(apiKey: String, configuration: SourceConfiguration = .lastFM()) {
            self.apiKey = apiKey
            self.configuration = configuration
        }
    }

    /// Spotify access for the pipeline.
    package struct SpotifySettings: Sendable {
        /// Client credentials.
        package var credentials: SpotifyCredentials
        /// Endpoints and patience.
        package var configuration: SpotifyConfiguration

        /// Creates settings.
        package init(credentials: SpotifyCredentials, configuration: SpotifyConfiguration) {
            self.credentials = credentials
            self.configuration = configuration
        }
    }

    /// A configuration with the seed's defaults: Spain's chart, the seed's 29 extra names, 30
    /// songs per artist, batches of 50.
    package init(
        mode: PipelineMode = .standard, kworbBase: URL = URL(string: "https://kworb.net/")!, country: String? = "es",
        extraArtistNames: [String] = PipelineConfiguration.seedExtraArtistNames, spotify: SpotifySettings? = nil,
        dataDirectory: String, songsPerArtist: Int = 30, batchSize: Int = 50, fetchPolicy: FetchPolicy = FetchPolicy(),
        pageCacheDirectory: String? = nil, coFeatureLimit: Int = 20,
        similarSources: [SimilarSource]? = nil, deezer: SourceConfiguration? = nil, lastFM: LastFMSettings? = nil
    ) {
        self.mode = mode
        self.kworbBase = kworbBase
        self.country = country
        self.extraArtistNames = extraArtistNames
        self.spotify = spotify
        self.dataDirectory = dataDirectory
        self.songsPerArtist = songsPerArtist
        self.batchSize = max(1, batchSize)
        self.fetchPolicy = fetchPolicy
        self.pageCacheDirectory = pageCacheDirectory
        self.coFeatureLimit = coFeatureLimit
        self.similarSources = similarSources
        self.deezer = deezer
        self.lastFM = lastFM
    }

    /// The seed's "other artists" (SEED-SPEC §1.3): 4 Spanish and 25 Catalan names.
    package static let seedExtraArtistNames = [
        "Mägo de Oz", "La Casa Azul", "Amaral", "M-Clan",
        "Oques Grasses", "La Pegatina", "Buhos", "Doctor Prats", "Els Catarres", "Els Amics De Les Arts", "Gertrudis",
        "Gossos", "Sopa de Cabra", "Lax'n'Busto", "Vuit", "Suu", "Teràpia de Shock", "Els Pets", "Manel", "Blaumut",
        "Lluis Llach", "Sau", "Obrint Pas", "Clara Olóndriz", "Stay Homas", "Joan Dausà", "Joan Manuel Serrat",
        "Cesk Freixas", "Roba Estesa",
    ]

    /// The sources the `related` step uses, in order: the chosen list, or every available one.
    package var effectiveSimilarSources: [SimilarSource] {
        if let similarSources { return similarSources }
        if mode == .seed2020 { return [.spotify, .kworbCofeature] }
        return SimilarSource.allCases.filter { source in
            switch source {
            case .spotify: return spotify != nil
            case .deezer: return deezer != nil
            case .lastfm: return lastFM != nil
            case .kworbCofeature: return true
            }
        }
    }

    /// kworb's page mode for this pipeline mode.
    package var kworbMode: KworbMode { mode.kworbMode }

    /// The URL of a kworb page below `spotify/`.
    package func kworbURL(_ path: String) -> URL { kworbBase.appendingPathComponent("spotify/" + path) }
}
