import FlyingFox
import Foundation
import TestSupport
import XCTest
import YTFetch

/// The real yt-dlp (from the project's venv) against a FlyingFox server on 127.0.0.1: search
/// through a feed, download generated audio, and typed failures.
final class YTDLPLoopbackTests: XCTestCase {
    private var server: LoopbackHTTPServer!
    private var base = ""
    private let wave: Data = {
        // 2 s of a 440 Hz tone, 8 kHz mono 16-bit.
        var samples = Data()
        for i in 0..<16_000 { withUnsafeBytes(of: Int16(sin(Double(i) * 2 * .pi * 440 / 8000) * 12_000).littleEndian) { samples.append(contentsOf: $0) } }
        var header = Data("RIFF".utf8)
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { header.append(contentsOf: $0) } }
        func u16(_ v: Int) { withUnsafeBytes(of: UInt16(v).littleEndian) { header.append(contentsOf: $0) } }
        u32(36 + samples.count); header.append(contentsOf: Array("WAVEfmt ".utf8)); u32(16); u16(1); u16(1); u32(8000); u32(16_000); u16(2); u16(16)
        header.append(contentsOf: Array("data".utf8)); u32(samples.count)
        return header + samples
    }()

    private func ytdlp() throws -> YTDLP { YTDLP(executable: try YTDLPExecutable.path(), timeout: 60) }

    override func setUp() async throws {
        let wave = self.wave
        server = try await LoopbackHTTPServer { request in
            let host = request.headers[.host] ?? "127.0.0.1"
            switch request.path {
            case "/feed.rss":
                let rss = """
                    <?xml version="1.0"?><rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>q</title>
                    <item><title>Nova Lux - Midnight Signal (Live)</title><itunes:duration>250</itunes:duration><enclosure url="http://\(host)/song.wav?live=1" type="audio/wav"/></item>
                    <item><title>Nova Lux - Midnight Signal &amp; Friends (Official Audio)</title><itunes:duration>2</itunes:duration><enclosure url="http://\(host)/song.wav" type="audio/wav"/></item>
                    </channel></rss>
                    """
                return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/rss+xml"], body: Data(rss.utf8))
            case "/song.wav": return HTTPResponse(statusCode: .ok, headers: [.contentType: "audio/wav"], body: wave)
            default: return HTTPResponse(statusCode: .notFound)
            }
        }
        base = server.origin
    }

    override func tearDown() async throws {
        await server.stop()
    }

    func testSearchThroughAFeedAndDownloadTheChosenAudio() async throws {
        let tool = try ytdlp()
        let search = VideoSearch(ytdlp: tool, source: .feed(base + "/feed.rss?q={query}"))
        let candidates = try await onDispatchThread { try search.candidates(for: "Nova Lux & \"Friends\" #1") }
        XCTAssertEqual(candidates.map(\.title), ["Nova Lux - Midnight Signal (Live)", "Nova Lux - Midnight Signal & Friends (Official Audio)"])
        XCTAssertEqual(candidates.map(\.duration), [250, 2])
        let best = CandidateScorer().best(candidates, for: TrackQuery(title: "Midnight Signal & Friends", artists: ["Nova Lux"], duration: 2))
        let chosen = try XCTUnwrap(best.match?.candidate)
        XCTAssertEqual(chosen.url, base + "/song.wav")

        let directory = try makeScratchDirectory("ytfetch")
        let archive = directory + "/.archive"
        let downloader = AudioDownloader(ytdlp: tool, archive: archive)
        let path = try await onDispatchThread { try downloader.download(url: chosen.url, trackID: "track_01", into: directory) }
        XCTAssertEqual(path, directory + "/track_01.wav")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), wave, "the served bytes, unchanged")
        XCTAssertTrue(try String(contentsOfFile: archive, encoding: .utf8).contains("generic"), "recorded in the download archive")
        let again = try await onDispatchThread { try downloader.download(url: chosen.url, trackID: "track_01", into: directory) }
        XCTAssertEqual(again, path, "an existing file is kept, not fetched again")
    }

    func testDownloadFailuresAreTyped() async throws {
        let tool = try ytdlp()
        let directory = try makeScratchDirectory("ytfetch")
        let base = self.base
        let missing = try await onDispatchThread { () -> YTDLPError? in
            do { _ = try AudioDownloader(ytdlp: tool).download(url: base + "/gone.wav", trackID: "t404", into: directory); return nil } catch { return error as? YTDLPError }
        }
        XCTAssertEqual(missing?.kind, .unavailable, "\(String(describing: missing))")
        let tooLarge = try await onDispatchThread { () -> YTDLPError? in
            do { _ = try AudioDownloader(ytdlp: tool, maxBytes: 1000).download(url: base + "/song.wav", trackID: "big", into: directory); return nil } catch { return error as? YTDLPError }
        }
        XCTAssertEqual(tooLarge?.kind, .tooLarge, "\(String(describing: tooLarge))")
        let refused = try await onDispatchThread { () -> YTDLPError? in
            do { _ = try AudioDownloader(ytdlp: tool).download(url: "http://127.0.0.1:9/x.wav", trackID: "down", into: directory); return nil } catch { return error as? YTDLPError }
        }
        XCTAssertEqual(refused?.kind, .network, "\(String(describing: refused))")
        XCTAssertThrowsError(try AudioDownloader(ytdlp: tool).download(url: base + "/song.wav", trackID: "../escape%(id)s", into: directory))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory).filter { !$0.hasPrefix(".") }, [], "no file left behind")
    }

    func testAMissingToolIsATypedFailure() {
        XCTAssertThrowsError(try VideoSearch(ytdlp: YTDLP(executable: "/nonexistent/yt-dlp")).candidates(for: "x")) { error in
            XCTAssertEqual((error as? YTDLPError)?.kind, .toolMissing)
        }
    }
}
