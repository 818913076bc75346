// Deezer's related artists (no key) and Last.fm's similar artists (LASTFM_API_KEY) of an artist.
// Run: swift run SimilarArtistsOfAnArtist 27 'Daft Punk'
import SimilarArtists

let arguments = Array(CommandLine.arguments.dropFirst())
let deezerID = arguments.first.flatMap { Int64($0) } ?? 27
let name = arguments.dropFirst().first ?? "Daft Punk"
do {
    // Quota errors arrive inside HTTP 200 bodies; the client retries them with backoff.
    for artist in try await DeezerClient().relatedArtists(deezerID, limit: 10) { print("deezer: \(artist.name) (\(artist.id))") }
} catch {
    print("\(error)")
}
do {
    for artist in try await LastFMClient().similarArtists(name: name, limit: 10) { print("last.fm: \(artist.name) match \(artist.match)") }
} catch {
    print("\(error)")   // names the call, never the key
}
