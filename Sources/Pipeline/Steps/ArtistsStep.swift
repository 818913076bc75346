import AtlasStore
import CatalogMatching
import Foundation
import KworbScraper
import MusicGraph
import SpotifyClient

/// `artists`: kworb's global artist list, then the lead artists of a country chart (first source
/// wins on id, SEED-SPEC §1.1–1.4), then the extra names matched through Spotify search (§1.3,
/// §2.1) as non-chart artists. Each name searched is recorded, so a rerun does not search again.
package struct ArtistsStep {
    /// Runs the step.
    package static func run(_ context: StepContext) async throws -> StepOutcome {
        let configuration = context.configuration
        let global: [KworbArtistListEntry]
        do {
            let page = try await context.kworbPage("artists.html")
            global = try KworbArtistListParser.parse(page, source: configuration.kworbURL("artists.html").absoluteString, mode: configuration.kworbMode)
        } catch {
            throw StepError.sourceUnavailable(step: .artists, what: "kworb artist list", reason: "\(error)")
        }
        var chart: KworbChartPage?
        if let country = configuration.country {
            let path = "country/\(country)_weekly_totals.html"
            do {
                chart = try KworbChartParser.parse(try await context.kworbPage(path), source: configuration.kworbURL(path).absoluteString,
                                                   mode: configuration.kworbMode)
            } catch {
                throw StepError.sourceUnavailable(step: .artists, what: "kworb \(country) chart", reason: "\(error)")
            }
        }
        let main = KworbSteps.mainArtists(global: global, country: chart, mode: configuration.kworbMode)
        let writer = DatasetWriter(context.connection)
        let progress = context.progress("artists (kworb)", total: main.count)
        var inserted = 0
        for batch in main.chunks(of: max(configuration.batchSize, 1000)) {
            inserted += try writer.insertArtists(batch.map { (id: $0.id, name: $0.name, isMain: true) })
            progress.advance(by: batch.count)
        }
        progress.finish("\(main.count) chart artists (\(global.count) global, \(chart?.entries.count ?? 0) chart rows), \(inserted) new")

        let extra = try await extras(context)
        return StepOutcome(rows: inserted + extra.inserted,
                           detail: "\(main.count) chart artists, \(extra.matched) of \(configuration.extraArtistNames.count) extra names matched" + extra.note)
    }

    /// Searches the extra names not searched yet; returns matches, new rows and a note on skips.
    private static func extras(_ context: StepContext) async throws -> (matched: Int, inserted: Int, note: String) {
        let names = context.configuration.extraArtistNames
        guard !names.isEmpty else { return (0, 0, "") }
        let items = StepItems("artists.extra", on: context.connection)
        let done = try items.finished()
        let matchedBefore = try context.connection.execute(
            "SELECT count(*) AS n FROM step_item WHERE step = 'artists.extra' AND outcome LIKE 'matched %'", purpose: "count matched extra names")[0].int("n") ?? 0
        let pending = names.filter { !done.contains($0) }
        guard let spotify = context.spotify else {
            return (matchedBefore, 0, pending.isEmpty ? "" : "; \(pending.count) extra names not searched (no Spotify credentials)")
        }
        let lookup = SpotifyArtistLookup(client: spotify, mode: context.configuration.mode.graphMode)
        let writer = DatasetWriter(context.connection)
        let progress = context.progress("artists (Spotify search)", total: pending.count)
        var matched = matchedBefore, inserted = 0, failures: [String] = []
        for name in pending {
            do {
                let match = try await lookup.find(name)
                try context.connection.transaction("extra artist") {
                    if let match {
                        let stored = context.configuration.mode == .seed2020 ? match.name.replacingOccurrences(of: "'", with: " ") : match.name
                        inserted += try writer.insertArtists([(id: match.id, name: stored, isMain: false)])
                        try items.markFinished([name], outcome: "matched \(match.id)")
                    } else {
                        try items.markFinished([name], outcome: "no match")
                    }
                }
                if match != nil { matched += 1 }
            } catch let error as SpotifyError {
                failures.append("\(name): \(error)")
            }
            progress.advance()
        }
        progress.finish("\(matched) of \(names.count) names matched, \(inserted) new artists")
        if !failures.isEmpty {
            throw StepError.itemsFailed(step: .artists, failed: failures.count, of: pending.count, first: failures[0])
        }
        return (matched, inserted, "")
    }
}
