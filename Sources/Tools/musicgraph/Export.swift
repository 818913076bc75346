import ArgumentParser
import Foundation
import MusicGraph

/// `musicgraph export`: seed CSVs, a Neo4j bundle or GraphML.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the graph as the seed's CSVs, a Neo4j 5 import bundle, or GraphML.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case neo4j, seedCSV = "seed-csv", graphml
    }

    @Option(help: "neo4j, seed-csv or graphml.")
    var format: Format

    @OptionGroup var inputs: GraphInputs
    @OptionGroup var trackInputs: TrackInputs

    @Option(help: "Output directory.")
    var out: String

    func run() throws {
        let graph = try buildGraph(inputs, trackInputs)
        let files: [String]
        switch format {
        case .neo4j: files = try Neo4jBundle.write(graph, to: out)
        case .seedCSV: files = try SeedCSVExport.write(graph, to: out, mode: inputs.mode)
        case .graphml: files = try GraphMLExport.write(graph, to: out)
        }
        for file in files { print(file) }
    }
}
