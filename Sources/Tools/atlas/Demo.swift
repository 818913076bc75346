import ArgumentParser
import AtlasDemo
import Foundation
import ObjectStorage
import Pipeline

/// `atlas demo`: the offline demo on embedded defaults.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the whole pipeline offline against a built-in fixture site and render spectrograms.",
        discussion: """
            Starts a loopback HTTP server with a small kworb site and a fake Spotify API, runs every step on the managed local \
            database under DATA/pg (DATABASE_URL is ignored so the demo never writes into your database), downloads each track's \
            generated audio through yt-dlp (searching the site's feed), renders its spectrogram windows, and loads the dataset \
            into the private FalkorDB under DATA/falkordb (FALKORDB_URL is ignored too), which is saved and stopped again. \
            Needs no network. With --storage s3://BUCKET/PREFIX the audio, windows and exports go to that bucket instead of DATA \
            (the bucket must exist; a wrong secret or a missing bucket stops the demo before anything is written).
            """)

    @OptionGroup var data: DataOption

    @OptionGroup var storage: StorageOption

    func run() async throws {
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        // The storage first: a refused bucket must stop the demo before anything is written.
        let files: (any DataStorage)?
        do { files = storage.location == .dataFolder ? nil : try storage.open(dataDirectory: data.data) } catch {
            printError("atlas: \(error)")
            throw ExitCode(1)
        }
        defer { files?.discardScratch() }
        try await withDatabase(data, environment: environment) { database in
            _ = try database.connect()
            let summary = try await DatasetDemo(dataDirectory: data.data, storage: files).run(databaseURL: database.url)
            printError("== graph: the dataset into FalkorDB")
            let graph = try DemoGraph.run(dataDirectory: data.data, databaseURL: database.url) { printError($0) }
            print("")
            print("MusicAtlas demo finished.")
            print("Steps:")
            for report in summary.steps { print("  " + report.line) }
            print("Rows:")
            for (table, rows) in summary.counts { print("  \(table.padding(toLength: 24, withPad: " ", startingAt: 0)) \(rows)") }
            print("Files:")
            print("  audio:        \(summary.audioFiles.count) files in \(files == nil ? (data.data as NSString).appendingPathComponent("audio") : summary.storageLocation + "/audio")")
            print("  spectrograms: \(summary.windows) windows in \(summary.spectrogramDirectory)")
            print("  exports:      \(summary.exportDirectory) (seed-csv/, neo4j/, graphml/)")
            print("  graph:        \(graph.file) (FalkorDB): " + ["Artist", "Track", "Genre", "ART_TR", "REL_ART", "GEN_ART"]
                .map { "\($0) \(graph.counts[$0, default: 0])" }.joined(separator: ", "))
            print("Most-streamed tracks in the graph (atlas graph query top-tracks --limit 3):")
            print(graph.topTracks.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            print("Look at the PNGs (mel band 0 at the bottom), open exports/graphml/*.graphml in a graph viewer,")
            print("run `atlas status --data \(data.data)`, or query the graph: `atlas graph query related <artist> --data \(data.data)`")
            print("(that starts FalkorDB again; `atlas graph stop --data \(data.data)` stops it).")
        }
    }
}
