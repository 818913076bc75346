import Foundation

/// A fetched page.
public struct FetchedPage: Sendable {
    /// The URL asked for.
    public var url: URL
    /// The body.
    public var data: Data
    /// How it was obtained.
    public var origin: Origin
    /// Attempts it took (1 when the first request succeeded).
    public var attempts: Int

    /// Where a page's bytes came from.
    public enum Origin: String, Sendable {
        /// A 200 response.
        case network
        /// The cache, after the server answered 304 Not Modified.
        case revalidated
        /// The cache, still fresh, without asking the server.
        case cache
    }
}
