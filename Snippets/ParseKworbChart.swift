// Parse a kworb.net country chart page (today's layout or 2020's) into typed rows.
// Run: swift run ParseKworbChart path/to/us_daily.html
import Foundation
import KworbScraper

let path = CommandLine.arguments.dropFirst().first
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/KworbScraperTests/Fixtures/country_us_daily.trimmed.2026-06-27.html").path
do {
    let page = try KworbChartParser.parse(try Data(contentsOf: URL(fileURLWithPath: path)), source: path, mode: .standard)
    print("\(page.title ?? "chart"): \(page.entries.count) rows; columns \(page.headers)")
    for entry in page.entries.prefix(5) {
        let artists = entry.artists.map(\.name).joined(separator: ", ")
        print("\(entry.position.map(String.init) ?? "-"). \(artists) – \(entry.title) [\(entry.trackID ?? "no id")]")
    }
} catch {
    // A truncated or unrecognised page is a typed error naming the file.
    print("\(error)")
}
