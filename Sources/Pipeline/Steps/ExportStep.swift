import Foundation
import MusicGraph

/// `export`: the seed CSVs, the Neo4j import bundle and GraphML under `DATA/exports/`. Each
/// export is written into a staging folder and moved into place, so a reader never sees a
/// half-written export and an interruption leaves the previous one.
package struct ExportStep {
    /// The exports: folder name and writer.
    static func exports(mode: GraphMode) -> [(name: String, write: @Sendable (ArtistGraph, String) throws -> [String])] {
        [("seed-csv", { try SeedCSVExport.write($0, to: $1, mode: mode) }), ("neo4j", Neo4jBundle.write), ("graphml", GraphMLExport.write)]
    }

    /// Runs the step; returns the files written.
    @discardableResult
    package static func run(_ context: StepContext) throws -> StepOutcome {
        let graph = try DatasetReader(context.connection).graph()
        guard !graph.artists.isEmpty else { throw StepError.missingInput(step: .export, reason: "master_artist is empty: nothing to export") }
        let root = (context.configuration.dataDirectory as NSString).appendingPathComponent("exports")
        let manager = FileManager.default
        var files = 0
        for export in exports(mode: context.configuration.mode.graphMode) {
            let final = (root as NSString).appendingPathComponent(export.name)
            let staging = (root as NSString).appendingPathComponent(".\(export.name).staging-\(ProcessInfo.processInfo.processIdentifier)")
            do {
                try? manager.removeItem(atPath: staging)
                try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
                files += try export.write(graph, staging).count
                try? manager.removeItem(atPath: final)
                try manager.moveItem(atPath: staging, toPath: final)
            } catch {
                try? manager.removeItem(atPath: staging)
                throw StepError.export(path: final, reason: "\(error)")
            }
        }
        let detail = "\(files) files in \(root) (\(graph.artists.count) artists, \(graph.tracks.count) tracks, \(graph.links.count) links)"
        context.log("export: \(detail)")
        return StepOutcome(rows: files, detail: detail)
    }
}
