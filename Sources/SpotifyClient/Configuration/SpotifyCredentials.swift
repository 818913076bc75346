import Foundation

/// A Client Credentials pair. Its description never shows the secret.
public struct SpotifyCredentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The app's client id.
    public let clientID: String
    let clientSecret: String

    /// Creates credentials.
    public init(clientID: String, clientSecret: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    /// Credentials from `SPOTIFY_CLIENT_ID` / `SPOTIFY_CLIENT_SECRET`, if both are set.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> SpotifyCredentials? {
        guard let id = environment["SPOTIFY_CLIENT_ID"], !id.isEmpty,
            let secret = environment["SPOTIFY_CLIENT_SECRET"], !secret.isEmpty
        else { return nil }
        return SpotifyCredentials(clientID: id, clientSecret: secret)
    }

    /// `Basic base64(id:secret)`.
    var basicAuthorization: String { "Basic " + Data("\(clientID):\(clientSecret)".utf8).base64EncodedString() }

    public var description: String { "SpotifyCredentials(clientID: \(clientID), clientSecret: <redacted>)" }
    public var debugDescription: String { description }
}
