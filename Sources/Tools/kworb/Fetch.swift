import ArgumentParser
import Foundation
import KworbScraper

/// `kworb fetch`: download pages politely into a folder.
struct Fetch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fetch kworb pages politely (concurrency limit, per-host delay, retries, cache).",
        discussion: """
            URLs may be absolute or relative to --base-url (e.g. spotify/artists.html). Each page is \
            saved to OUT/<path with / replaced by _>. With --cache, reruns revalidate with ETag / \
            Last-Modified and cost a 304 per unchanged page.
            """)

    @Argument(help: "Page URLs (absolute, or relative to --base-url).")
    var urls: [String]

    @Option(help: "Base URL for relative pages (env KWORB_BASE_URL).")
    var baseURL: String = ProcessInfo.processInfo.environment["KWORB_BASE_URL"] ?? "https://kworb.net/"

    @Option(help: "Folder for the saved pages.")
    var out: String = "."

    @Option(help: "On-disk cache folder (validators kept for revalidation).")
    var cache: String?

    @Option(help: "Requests in flight at once.")
    var concurrency: Int = 4

    @Option(help: "Minimum seconds between requests to one host.")
    var delay: Double = 0.5

    @Option(help: "Attempts per page on 429 / 5xx / network errors.")
    var attempts: Int = 5

    func run() async throws {
        guard let base = URL(string: baseURL) else { throw ValidationError("invalid --base-url \(baseURL)") }
        let targets = try urls.map { text -> URL in
            guard let url = URL(string: text, relativeTo: base)?.absoluteURL, url.scheme != nil else {
                throw ValidationError("invalid URL \(text)")
            }
            return url
        }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let fetcher = PageFetcher(
            policy: FetchPolicy(maxConcurrentRequests: concurrency, minimumDelayPerHost: delay, maxAttempts: attempts),
            cache: cache.map { PageCache(directory: URL(fileURLWithPath: $0)) })
        let results = await fetcher.fetchAll(targets) { done, total in
            if total > 1 { printError("kworb: fetched \(done)/\(total)") }
        }
        var failed = 0
        for (url, result) in zip(targets, results) {
            switch result {
            case .success(let page):
                let name = String(url.path.drop { $0 == "/" }).replacingOccurrences(of: "/", with: "_")
                let target = (out as NSString).appendingPathComponent(name.isEmpty ? "index.html" : name)
                try page.data.write(to: URL(fileURLWithPath: target), options: .atomic)
                print("\(target)\t\(page.origin.rawValue)\t\(page.data.count) bytes")
            case .failure(let error):
                printError("kworb: error: \(error)")
                failed += 1
            }
        }
        if failed > 0 { throw ExitCode(1) }
    }
}
