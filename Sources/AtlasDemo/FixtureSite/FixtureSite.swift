import FlyingFox
import Foundation
import Pipeline

/// The offline stand-in for kworb, Spotify, Deezer, Last.fm and the audio host: a real HTTP
/// server on 127.0.0.1 (FlyingFox) serving the demo catalogue — kworb pages under `/spotify/`,
/// the Spotify Web API under `/v1/` and `/api/token`, Deezer's API under `/deezer/`, Last.fm's
/// under `/lastfm/2.0/`, and each song's generated audio at `/media/<track id>.wav`.
package final class FixtureSite: Sendable {
    /// The world served.
    package let catalogue: DemoCatalogue
    /// The server's root URL (`http://127.0.0.1:<port>/`).
    package let baseURL: URL
    private let server: HTTPServer
    private let task: Task<Void, Error>

    /// Options of the fixture site.
    package struct Options: Sendable {
        /// Extra delay before each kworb page (to make runs slow enough to interrupt in tests).
        package var pageDelay: TimeInterval
        /// Paths (e.g. `/spotify/artist/<id>_songs.html`) answered with HTTP 500, to test failures.
        package var failingPaths: Set<String>
        /// Extra delay before each audio file (to interrupt a download in tests).
        package var mediaDelay: TimeInterval
        /// Creates options.
        package init(pageDelay: TimeInterval = 0, failingPaths: Set<String> = [], mediaDelay: TimeInterval = 0) {
            self.pageDelay = pageDelay
            self.failingPaths = failingPaths
            self.mediaDelay = mediaDelay
        }
    }

    /// Starts the site on a free loopback port (or on `host`:`port`: a test host's own address).
    package static func start(catalogue: DemoCatalogue = .standard, options: Options = Options(), host: String = "127.0.0.1",
                              port: UInt16 = 0) async throws -> FixtureSite {
        let server = HTTPServer(address: try .inet(ip4: host, port: port), timeout: 60, logger: .disabled)
        let renderer = KworbPageRenderer(catalogue: catalogue)
        let responders = Responders(spotify: FakeSpotifyResponder(catalogue: catalogue), deezer: FakeDeezerResponder(catalogue: catalogue),
                                    lastFM: FakeLastFMResponder(catalogue: catalogue))
        let audio = AudioStore()
        await server.appendRoute("*") { request in
            try await Self.handle(request, renderer: renderer, responders: responders, audio: audio, catalogue: catalogue, options: options)
        }
        // Unstructured on purpose: the server stays on the cooperative pool even when the caller
        // runs on the store thread (a task executor preference is not inherited by it).
        let task = Task { try await server.run() }
        do {
            try await server.waitUntilListening()
            guard case .ip4(_, let port)? = await server.listeningAddress else { throw FixtureSiteError.notListening }
            return FixtureSite(catalogue: catalogue, server: server, task: task, baseURL: URL(string: "http://\(host):\(port)/")!)
        } catch {
            await server.stop()
            task.cancel()
            throw error
        }
    }

    private init(catalogue: DemoCatalogue, server: HTTPServer, task: Task<Void, Error>, baseURL: URL) {
        self.catalogue = catalogue
        self.server = server
        self.task = task
        self.baseURL = baseURL
    }

    /// Stops the server.
    package func stop() async {
        await server.stop()
        task.cancel()
    }

    /// The Spotify Web API base on this site.
    package var spotifyAPIBase: URL { baseURL.appendingPathComponent("v1/") }

    /// The Deezer API base on this site.
    package var deezerAPIBase: URL { baseURL.appendingPathComponent("deezer/") }

    /// The Last.fm API base on this site (its key is `catalogue.similarity.lastFMKey`).
    package var lastFMAPIBase: URL { baseURL.appendingPathComponent("lastfm/2.0/") }

    /// The search feed template for YTFetch (`{query}` is replaced).
    package var searchTemplate: String { baseURL.absoluteString + "search.rss?q={query}" }

    /// The audio URL of a track.
    package func audioURL(trackID: String) -> URL { baseURL.appendingPathComponent("media/\(trackID).wav") }

    private static func handle(
        _ request: HTTPRequest, renderer: KworbPageRenderer, responders: Responders, audio: AudioStore, catalogue: DemoCatalogue, options: Options
    ) async throws -> HTTPResponse {
        let path = request.path
        if options.failingPaths.contains(path) { return HTTPResponse(statusCode: .internalServerError, body: Data("fixture failure".utf8)) }
        if path.hasPrefix("/spotify/") {
            if options.pageDelay > 0 { try await Task.sleep(nanoseconds: UInt64(options.pageDelay * 1e9)) }
            let page = String(path.dropFirst("/spotify/".count))
            let html: String?
            if page == "artists.html" {
                html = renderer.artistList()
            } else if page.hasPrefix("country/"), page.hasSuffix("_weekly_totals.html") {
                html = renderer.countryTotals(country: String(page.dropFirst("country/".count).prefix { $0 != "_" }))
            } else if page.hasPrefix("artist/"), page.hasSuffix("_songs.html") {
                html = renderer.songsPage(artistID: String(page.dropFirst("artist/".count).dropLast("_songs.html".count)))
            } else {
                html = nil
            }
            guard let html else { return HTTPResponse(statusCode: .notFound, body: Data("not found".utf8)) }
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: Data(html.utf8))
        }
        if path == "/search.rss" {
            let query = request.query.first { $0.name == "q" }?.value ?? ""
            let base = URL(string: "http://\(request.headers[.host] ?? "127.0.0.1")/")!
            let feed = SearchFeedRenderer(catalogue: catalogue).feed(query: query, base: base)
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/rss+xml; charset=utf-8"], body: Data(feed.utf8))
        }
        if path.hasPrefix("/media/"), path.hasSuffix(".wav") {
            if options.mediaDelay > 0 { try await Task.sleep(nanoseconds: UInt64(options.mediaDelay * 1e9)) }
            let id = String(path.dropFirst("/media/".count).dropLast(".wav".count))
            guard let song = catalogue.songs.first(where: { $0.id == id }) else { return HTTPResponse(statusCode: .notFound) }
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "audio/wav"], body: await audio.wave(for: song))
        }
        var query: [String: String] = [:]
        for item in request.query { query[item.name] = item.value }
        if path.hasPrefix("/deezer/") {
            let base = URL(string: "http://\(request.headers[.host] ?? "127.0.0.1")/")!
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json"],
                                body: responders.deezer.respond(path: String(path.dropFirst("/deezer".count)), query: query, base: base))
        }
        if path.hasPrefix("/lastfm/2.0") {
            let answer = responders.lastFM.respond(query: query)
            return HTTPResponse(statusCode: HTTPStatusCode(answer.status, phrase: answer.status == 200 ? "OK" : "Error"),
                                headers: [.contentType: "application/json"], body: answer.body)
        }
        let answer = responders.spotify.respond(path: path, query: query)
        return HTTPResponse(statusCode: HTTPStatusCode(answer.status, phrase: answer.status == 200 ? "OK" : "Error"),
                            headers: [.contentType: "application/json"], body: answer.body)
    }
}

/// The API stand-ins of the site.
struct Responders: Sendable {
    let spotify: FakeSpotifyResponder
    let deezer: FakeDeezerResponder
    let lastFM: FakeLastFMResponder
}

/// Generated audio, made once per song.
actor AudioStore {
    private var waves: [String: Data] = [:]

    func wave(for song: DemoCatalogue.Song) -> Data {
        if let data = waves[song.id] { return data }
        var seed: UInt64 = 0
        for byte in song.id.utf8 { seed = seed &* 31 &+ UInt64(byte) }
        let data = DemoSong(seconds: song.seconds, sampleRate: 22_050, seed: seed).waveData()
        waves[song.id] = data
        return data
    }
}

/// Why the fixture site could not start.
package enum FixtureSiteError: Error, CustomStringConvertible {
    /// The server reported no IPv4 loopback address.
    case notListening

    package var description: String { "the fixture site did not report a 127.0.0.1 address" }
}
