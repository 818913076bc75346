import Foundation
import MusicGraph
import ObjectStorage

/// `export`: the seed CSVs, the Neo4j import bundle and GraphML under `DATA/exports/`. Each
/// export is written into a staging folder and moved into place, so a reader never sees a
/// half-written export and an interruption leaves the previous one. With a bucket, the staged
/// files are uploaded to `PREFIX/exports/<name>/…` (each object appears whole), objects of an
/// earlier export that this one no longer has are removed, every file is recorded in
/// `stored_object`, and the staging folder goes.
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
        let storage = context.configuration.storage ?? LocalFolderStorage(root: context.configuration.dataDirectory)
        let root = storage.workingPath("exports")
        let manager = FileManager.default
        var files = 0
        for export in exports(mode: context.configuration.mode.graphMode) {
            if !storage.isLocalFolder {
                files += try upload(export, graph: graph, storage: storage, context: context)
                continue
            }
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
        let place = storage.isLocalFolder ? root : storage.location + "/exports"
        let detail = "\(files) files in \(place) (\(graph.artists.count) artists, \(graph.tracks.count) tracks, \(graph.links.count) links)"
        context.log("export: \(detail)")
        return StepOutcome(rows: files, detail: detail)
    }

    /// One export written to the scratch folder, uploaded and recorded; returns its file count.
    private static func upload(_ export: (name: String, write: @Sendable (ArtistGraph, String) throws -> [String]), graph: ArtistGraph,
                               storage: any DataStorage, context: StepContext) throws -> Int {
        let folder = "exports/" + export.name
        let staging = storage.workingPath(folder)
        let manager = FileManager.default
        defer { try? manager.removeItem(atPath: staging) }
        do {
            try? manager.removeItem(atPath: staging)
            try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
            let written = try export.write(graph, staging).map { file -> String in
                let absolute = file.hasPrefix("/") ? file : (staging as NSString).appendingPathComponent(file)
                return folder + "/" + String(absolute.dropFirst(staging.count + 1))
            }
            let objects = try storage.store(written)
            let kept = Set(written)
            for stale in try storage.list(folder + "/") where !kept.contains(stale.path) { try storage.remove(stale.path) }
            try StoredObjectLedger(storage: storage.location).replace(prefix: folder + "/", with: objects, worker: "pipeline", on: context.connection)
            return objects.count
        } catch {
            throw StepError.export(path: storage.location + "/" + folder, reason: "\(error)")
        }
    }
}
