import ArgumentParser
import Foundation
import CatalogMatching
import Redaction
import SimilarArtists
import SpotifyClient

/// `similar`: Deezer and Last.fm similar-artist lookups as JSON on stdout; on failure one line
/// on stderr and a non-zero exit.
@main
struct SimilarTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar",
        abstract: "Look up similar artists on Deezer (no key) and Last.fm (LASTFM_API_KEY); prints JSON.",
        discussion: """
            Environment: DEEZER_API_BASE, LASTFM_API_BASE (mirrors, fakes), LASTFM_API_KEY; for resolve also
            SPOTIFY_CLIENT_ID / SPOTIFY_CLIENT_SECRET (SPOTIFY_API_BASE / SPOTIFY_ACCOUNTS_BASE).
            Examples:
              similar deezer-related 27
              similar deezer-isrc GBDUW0000059
              similar deezer-search-artist 'Daft Punk'
              similar lastfm-similar Cher --limit 10
              similar resolve 4tZwfgrHOc3mvqYlEYSvVi
              similar resolve --name 'Els Pets' --title 'Bon dia'     (no Spotify data: kworb titles)
            """,
        subcommands: [DeezerRelated.self, DeezerISRC.self, DeezerSearchArtist.self, LastFMSimilar.self, Resolve.self])

    static func main() async {
        Redaction.registerSecrets()
        await main(nil)
    }
}

/// Prints `value` as sorted, pretty JSON.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Runs `body`; a failure is one `similar: …` line on stderr and exit status 1.
func reporting(_ body: () async throws -> Void) async throws {
    do { try await body() } catch let error as ExitCode { throw error } catch {
        FileHandle.standardError.write(Data(Redaction.scrub("similar: \(error)\n").utf8))
        throw ExitCode(1)
    }
}

struct DeezerRelated: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deezer-related", abstract: "Deezer's related artists of an artist id.")
    @Argument(help: "Deezer artist id.") var id: Int64
    @Option(help: "Artists at most.") var limit: Int = 40
    func run() async throws { try await reporting { try printJSON(try await DeezerClient().relatedArtists(id, limit: limit)) } }
}

struct DeezerISRC: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deezer-isrc", abstract: "The Deezer track (and its artists) with an ISRC.")
    @Argument(help: "The ISRC, e.g. GBDUW0000059.") var isrc: String
    func run() async throws { try await reporting { try printJSON(try await DeezerClient().track(isrc: isrc)) } }
}

struct DeezerSearchArtist: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deezer-search-artist", abstract: "Deezer artists matching a name.")
    @Argument(help: "The name.") var name: String
    @Option(help: "Artists at most.") var limit: Int = 10
    func run() async throws { try await reporting { try printJSON(try await DeezerClient().searchArtists(name, limit: limit)) } }
}

struct LastFMSimilar: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lastfm-similar", abstract: "Last.fm's similar artists of a name (or --mbid), with match scores.")
    @Argument(help: "The artist's name.") var name: String?
    @Option(help: "MusicBrainz id instead of the name.") var mbid: String?
    @Option(help: "Artists at most.") var limit: Int = 50
    func validate() throws { if name == nil, mbid == nil { throw ValidationError("give an artist name or --mbid") } }
    func run() async throws {
        try await reporting { try printJSON(try await LastFMClient().similarArtists(name: name, mbid: mbid, limit: limit)) }
    }
}

struct Resolve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Which Deezer (and, with LASTFM_API_KEY, Last.fm) artist a Spotify artist is, with the evidence.",
        discussion: """
            With Spotify credentials the artist's name comes from Spotify and its tracks from its first albums: their ISRCs are
            looked up on Deezer and the credits vote. Without them give --name (and --title for known songs, e.g. kworb's top
            tracks): the titles are searched on Deezer and the credits vote. Either way Deezer's artist search by name is the
            fallback, and nothing below the threshold is accepted ("method": "unresolved", no external id).
            """)
    @Argument(help: "Spotify artist id (optional with --name).") var id: String?
    @Option(help: "The artist's name (instead of asking Spotify).") var name: String?
    @Option(name: .customLong("title"), help: "A song title of the artist (repeatable); used when there is no Spotify data.") var titles: [String] = []
    @Option(help: "Tracks looked at, at most.") var tracks: Int = 4

    func validate() throws {
        if id == nil, name == nil { throw ValidationError("give a Spotify artist id or --name") }
        guard tracks > 0 else { throw ValidationError("--tracks must be positive") }
    }

    /// What `resolve` prints.
    struct Answer: Encodable {
        var artist: String
        var name: String
        var deezer: CatalogueMapping
        var lastfm: CatalogueMapping?
    }

    func run() async throws {
        try await reporting {
            let credentials = SpotifyCredentials.fromEnvironment()
            let spotify = try credentials.map { try SpotifyClient(credentials: $0) }
            var artistName = name ?? ""
            var hints = titles.map { DeezerArtistResolver.TrackHint(spotifyID: nil, title: $0) }
            if let id, let spotify {
                if name == nil { artistName = try await spotify.artist(id).name }
                hints = try await spotifyTracks(of: id, client: spotify) + hints
            } else if id != nil, name == nil {
                throw ValidationError("SPOTIFY_CLIENT_ID / SPOTIFY_CLIENT_SECRET are not set: give --name (and --title) instead")
            }
            let ours = id ?? artistName
            let resolver = DeezerArtistResolver(deezer: DeezerClient(), spotify: spotify, tracksToTry: tracks)
            let deezer = try await resolver.resolve(id: ours, name: artistName, tracks: hints)
            var lastfm: CatalogueMapping?
            if let key = ProcessInfo.processInfo.environment["LASTFM_API_KEY"], !key.isEmpty {
                lastfm = try await LastFMArtistResolver(lastFM: try LastFMClient(apiKey: key)).resolve(id: ours, name: artistName, limit: 1).mapping
            }
            try printJSON(Answer(artist: ours, name: artistName, deezer: deezer, lastfm: lastfm))
        }
    }

    /// Tracks crediting the artist on its first albums (Spotify's top tracks are gone for new apps).
    private func spotifyTracks(of id: String, client: SpotifyClient) async throws -> [DeezerArtistResolver.TrackHint] {
        var hints: [DeezerArtistResolver.TrackHint] = []
        for album in try await client.artistAlbums(id).items.prefix(3) where hints.count < tracks {
            for track in try await client.albumTracks(album.id).items where track.artists.contains(where: { $0.id == id }) && hints.count < tracks {
                hints.append(.init(spotifyID: track.id, title: track.name))
            }
        }
        return hints
    }
}
