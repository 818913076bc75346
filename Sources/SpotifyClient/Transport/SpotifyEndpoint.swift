/// The Web API endpoints the client calls, for error messages and the capability registry.
public enum SpotifyEndpoint: String, Sendable, Hashable, CaseIterable, Codable {
    /// `POST /api/token` (accounts service).
    case token = "POST /api/token"
    /// `GET /search`.
    case search = "GET /search"
    /// `GET /artists/{id}`.
    case artist = "GET /artists/{id}"
    /// `GET /artists?ids=` (batch; gone for new apps since Feb 2026).
    case artistsBatch = "GET /artists?ids="
    /// `GET /artists/{id}/albums`.
    case artistAlbums = "GET /artists/{id}/albums"
    /// `GET /albums/{id}/tracks`.
    case albumTracks = "GET /albums/{id}/tracks"
    /// `GET /artists/{id}/top-tracks` (gone for new apps since Feb 2026).
    case topTracks = "GET /artists/{id}/top-tracks"
    /// `GET /artists/{id}/related-artists` (404 for new apps since Nov 2024).
    case relatedArtists = "GET /artists/{id}/related-artists"
    /// `GET /tracks/{id}`.
    case track = "GET /tracks/{id}"
    /// `GET /recommendations` (gone).
    case recommendations = "GET /recommendations"
    /// `GET /audio-features` (gone).
    case audioFeatures = "GET /audio-features"

    /// Whether a status means this endpoint is retired for the app (not retryable, not auth):
    /// 404 on related-artists / recommendations, 403 on top-tracks, batch and audio-features.
    func isRetirement(status: Int) -> Bool {
        switch self {
        case .relatedArtists, .recommendations: return status == 404 || status == 403
        case .topTracks, .artistsBatch, .audioFeatures: return status == 403
        default: return false
        }
    }
}
