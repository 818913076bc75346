import ArgumentParser
import Foundation
import Redaction
import SimilarArtists

/// `similar`: Deezer and Last.fm similar-artist lookups as JSON on stdout; on failure one line
/// on stderr and a non-zero exit.
@main
struct SimilarTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar",
        abstract: "Look up similar artists on Deezer (no key) and Last.fm (LASTFM_API_KEY); prints JSON.",
        discussion: """
            Environment: DEEZER_API_BASE, LASTFM_API_BASE (mirrors, fakes), LASTFM_API_KEY.
            Examples:
              similar deezer-related 27
              similar deezer-isrc GBDUW0000059
              similar deezer-search-artist 'Daft Punk'
              similar lastfm-similar Cher --limit 10
            """,
        subcommands: [DeezerRelated.self, DeezerISRC.self, DeezerSearchArtist.self, LastFMSimilar.self])

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
