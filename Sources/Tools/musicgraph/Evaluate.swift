import ArgumentParser
import Foundation
import MusicGraph

/// `musicgraph evaluate`: nDCG@k of artist embeddings against a similarity graph (OLGA protocol).
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score artist embeddings with nDCG@k against a similarity graph (the OLGA protocol).",
        discussion: """
            For each evaluation artist, the other evaluation artists are ranked by the Euclidean distance between
            L2-normalised embeddings; those linked to it in the graph (undirected, no self-loops) are relevant; artists
            without a relevant candidate are skipped and counted. Docs/dataset.md has the exact rules (ties, DCG, IDCG).
            Example:
              musicgraph evaluate --embeddings E.npy --ids ids.txt --graph similar_artists.csv --eval-artists test.txt --k 200 --json
            """)

    @Option(help: "A 2-D .npy (float16/32/64): one row per line of --ids.") var embeddings: String
    @Option(help: "Artist ids, one per line, in row order.") var ids: String
    @Option(help: "The graph: similar_artists.csv (artist_id,related_id,…) or the seed's rel_REL_ART.csv.") var graph: String
    @Option(name: .customLong("eval-artists"), help: "The evaluation artists, one id per line.") var evalArtists: String
    @Option(help: "The cut-off rank.") var k: Int = 200
    @Flag(help: "Print {\"ndcg\", \"k\", \"scored\", \"skipped\"} as JSON.") var json = false

    func validate() throws { guard k > 0 else { throw ValidationError("--k must be positive") } }

    func run() throws {
        do {
            let idList = try lines(ids, "--ids")
            guard let data = FileManager.default.contents(atPath: embeddings) else { throw EvaluateFailure("cannot read --embeddings \(embeddings)") }
            let vectors = try ArtistSimilarityEvaluation.Embeddings(npy: data, ids: idList)
            let table = try DelimitedTable(contentsOf: graph)
            let from = try table.column(anyOf: ["artist_id", "artist_id1"]), to = try table.column(anyOf: ["related_id", "artist_id2"])
            let edges = (0..<table.rowCount).map { (table[$0, from], table[$0, to]) }
            let score = try ArtistSimilarityEvaluation(k: k).score(vectors, edges: edges, evaluationArtists: try lines(evalArtists, "--eval-artists"))
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(score), as: UTF8.self))
            } else {
                print(String(format: "nDCG@%d %.6f over %d artists (%d skipped: no relevant candidate)", score.k, score.ndcg, score.scored, score.skipped))
            }
        } catch let error as ValidationError {
            throw error
        } catch {
            printError("musicgraph: \(error)")
            throw ExitCode(1)
        }
    }

    /// The non-empty lines of `path`.
    private func lines(_ path: String, _ option: String) throws -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw EvaluateFailure("cannot read \(option) \(path)") }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// An input of `evaluate` that cannot be read.
struct EvaluateFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
