import ArgumentParser
import AtlasDemo
import Foundation

/// `atlas demo-site`: the demo's fixture site on its own, for workers on other machines.
struct DemoSite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-site",
        abstract: "Serve the offline fixture site (kworb pages, fake Spotify/Deezer/Last.fm, a search feed, generated audio) until stopped.",
        discussion: """
            Prints one JSON line, {"base_url": …, "search_feed": …}, once it listens; give search_feed to `atlas worker \
            --search-feed` on any machine that reaches the address. --songs N serves N generated songs (five artists, unique \
            titles) instead of the demo world. Stops on SIGTERM or SIGINT.

              atlas demo-site --host 10.0.0.1 --port 8080 --songs 30
            """)

    @Option(help: "IPv4 address to listen on (only loopback or a private test network: the site has no authentication).")
    var host = "127.0.0.1"

    @Option(help: "Port (0: a free one).")
    var port: UInt16 = 0

    @Option(help: "Generated songs to serve (0: the demo world).")
    var songs = 0

    @Option(help: "Length of each generated song, seconds.")
    var seconds: Double = 35

    @Flag(help: "Print the songs served (JSON: track_id, title, artist, seconds) and exit, for scripts that queue them.")
    var list = false

    func validate() throws {
        guard songs >= 0, songs <= 10_000 else { throw ValidationError("--songs must be between 0 and 10000") }
        guard seconds >= 1, seconds <= 900 else { throw ValidationError("--seconds must be between 1 and 900") }
    }

    func run() async throws {
        let catalogue = songs == 0 ? DemoCatalogue.standard : .generated(songs: songs, seconds: seconds)
        if list {
            let rows = catalogue.songs.map { ["track_id": $0.id, "title": $0.title, "artist": catalogue.artists[$0.artists[0]].name, "seconds": $0.seconds] as [String: Any] }
            FileHandle.standardOutput.write(try JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys]) + Data("\n".utf8))
            return
        }
        let site = try await FixtureSite.start(catalogue: catalogue, host: host, port: port)
        let line = try JSONSerialization.data(withJSONObject: ["base_url": site.baseURL.absoluteString, "search_feed": site.searchTemplate], options: [.sortedKeys, .withoutEscapingSlashes])
        FileHandle.standardOutput.write(line + Data("\n".utf8))
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let once = OnceFlag()
            for number in [SIGTERM, SIGINT] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number)
                source.setEventHandler { if once.claim() { done.resume() } }
                source.resume()
                OnceFlag.keep(source)
            }
        }
        await site.stop()
    }
}

/// A flag set once, and the signal sources kept alive while the site runs.
final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = false
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// `true` for the first caller only.
    func claim() -> Bool { lock.withLock { defer { claimed = true }; return !claimed } }

    /// Keeps `source` alive for the process.
    static func keep(_ source: any DispatchSourceSignal) { sources.append(source) }
}
