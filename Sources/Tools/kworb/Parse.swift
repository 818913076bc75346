import ArgumentParser
import Foundation
import KworbScraper

/// `kworb parse`: one saved page → CSV or JSON on stdout.
struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse a saved kworb page and print its rows.",
        discussion: """
            KIND is artists (spotify/artists.html), country (country/<cc>_*.html), songs \
            (artist/<id>_songs.html) or artist-2020 (artist/<id>.html as served in 2020). \
            CSV headers: artists → artist_id,artist_name,streams; country → position,track_id,title,\
            artist_ids,artist_names; songs → track_id,title,streams,daily,featured_only; artist-2020 → \
            peak_date,track_id,title,streams,with_ids.
            """)

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case artists, country, songs, artist2020 = "artist-2020"
    }

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

    @Argument(help: "artists | country | songs | artist-2020")
    var kind: Kind

    @Argument(help: "The saved page.")
    var file: String

    @Option(help: "seed2020 applies the 2020 quirks; default fixes them.")
    var mode: KworbMode = .standard

    @Option(help: "csv or json.")
    var format: Format = .csv

    @Option(name: .customLong("repeat"), help: "Parse this many times and print the median parse time to stderr (for benchmarks).")
    var repetitions: Int = 1

    func run() throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            throw ValidationError("cannot read \(file): \(error.localizedDescription)")
        }
        if repetitions > 1 { timeParsing(data) }
        do {
            switch kind {
            case .artists:
                let rows = try KworbArtistListParser.parse(data, source: file, mode: mode)
                emit(rows, header: ["artist_id", "artist_name", "streams"]) { [$0.artistID, $0.name, $0.streams.map(String.init) ?? ""] }
            case .country:
                let page = try KworbChartParser.parse(data, source: file, mode: mode)
                emit(page.entries, header: ["position", "track_id", "title", "artist_ids", "artist_names"]) {
                    [$0.position.map(String.init) ?? "", $0.trackID ?? "", $0.title, $0.artists.map(\.id).joined(separator: ";"),
                     $0.artists.map(\.name).joined(separator: ";")]
                }
            case .songs:
                let page = try KworbArtistSongsParser.parse(data, source: file)
                emit(page.songs, header: ["track_id", "title", "streams", "daily", "featured_only"]) {
                    [$0.trackID, $0.title, String($0.streams), $0.daily.map(String.init) ?? "", String($0.featuredOnly)]
                }
            case .artist2020:
                let rows = try KworbLegacyArtistPageParser.parse(data, source: file, mode: mode)
                emit(rows, header: ["peak_date", "track_id", "title", "streams", "with_ids"]) {
                    [$0.peakDate, $0.trackID, $0.title, String($0.streams), $0.with.map(\.id).joined(separator: ";")]
                }
            }
        } catch {
            printError("kworb: \(error)")
            throw ExitCode(1)
        }
    }

    /// Times `repeat` parses of `data` (the page is already in memory) and reports the median.
    private func timeParsing(_ data: Data) {
        var times: [Double] = []
        for _ in 0..<repetitions {
            let start = Date()
            switch kind {
            case .artists: _ = try? KworbArtistListParser.parse(data, source: file, mode: mode)
            case .country: _ = try? KworbChartParser.parse(data, source: file, mode: mode)
            case .songs: _ = try? KworbArtistSongsParser.parse(data, source: file)
            case .artist2020: _ = try? KworbLegacyArtistPageParser.parse(data, source: file, mode: mode)
            }
            times.append(Date().timeIntervalSince(start))
        }
        printError(String(format: "kworb: parse median %.4f s over %d runs", times.sorted()[times.count / 2], repetitions))
    }

    private func emit<Row: Encodable>(_ rows: [Row], header: [String], fields: (Row) -> [String]) {
        switch format {
        case .csv:
            var text = csvLine(header) + "\n"
            for row in rows { text += csvLine(fields(row)) + "\n" }
            FileHandle.standardOutput.write(Data(text.utf8))
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write((try? encoder.encode(rows)) ?? Data())
            print("")
        }
    }
}
