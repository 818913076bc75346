// Look up an artist with SpotifyClient (client-credentials flow, 2026's restrictions handled:
// token renewal, 429 pauses, retired endpoints). Needs SPOTIFY_CLIENT_ID / SPOTIFY_CLIENT_SECRET;
// SPOTIFY_API_BASE / SPOTIFY_ACCOUNTS_BASE point it at a mirror or a fake.
// Run: swift run LookUpSpotifyArtist 6XYRpcgPIK9OejoVzA7PbC
import Foundation
import SpotifyClient

let id = CommandLine.arguments.dropFirst().first ?? "6XYRpcgPIK9OejoVzA7PbC"
do {
    let client = try SpotifyClient(credentials: SpotifyCredentials.fromEnvironment())
    let artist = try await client.artist(id)
    print("\(artist.name): genres \(artist.genres ?? []), popularity \(artist.popularity.map(String.init) ?? "not given")")
} catch {
    // Errors name the endpoint and the reason, never the credentials.
    print("\(error)")
}
