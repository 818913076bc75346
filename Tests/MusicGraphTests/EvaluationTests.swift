import Foundation
import MusicGraph
import NumPyFormat
import ResearchDataset
import TestSupport
import XCTest

/// `musicgraph evaluate` on the 2020 graph against an independent numpy implementation of the
/// protocol (`Reference/evaluate_reference.py`), and the protocol's rules on small hand-made cases.
final class EvaluationTests: XCTestCase {
    /// Writes a 2-D `.npy` of `descr` (`<f4` or `<f8`).
    private func writeNPY(_ values: [Double], rows: Int, columns: Int, descr: String, to path: String) throws {
        var data = Data(NumPyHeader(descr: descr, shape: [rows, columns]).encoded())
        for value in values {
            if descr == "<f4" { withUnsafeBytes(of: Float(value).bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            else { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        }
        try data.write(to: URL(fileURLWithPath: path))
    }

    private func evaluate(_ arguments: [String]) throws -> [String: Any] {
        let outcome = try ProcessRunner.tool("musicgraph", ["evaluate"] + arguments + ["--json"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    }

    private func reference(_ files: [String], k: Int) throws -> [String: Any] {
        let python = SharedFixtures.packageRoot.appendingPathComponent(".venv/bin/python").path
        let script = SharedFixtures.packageRoot.appendingPathComponent("Tests/MusicGraphTests/Reference/evaluate_reference.py").path
        let outcome = ProcessRunner.run(python, [script] + files + [String(k)])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    }

    func testThe2020GraphRandomNearChanceGenresHigherBothEqualToTheReference() throws {
        let artists = try SharedFixtures.table("seed-2020/master_artist.csv")
        let idColumn = try artists.column("artist_id")
        let ids = (0..<artists.rowCount).map { artists[$0, idColumn] }
        XCTAssertEqual(ids.count, 10146)
        let expected = try SharedFixtures.table("seed-2020/expected/rel_GEN_ART.csv")
        let genreColumn = try expected.column("genre"), artistColumn = try expected.column("artist_id")
        var genresOf: [String: [String]] = [:]
        for row in expected.rows { genresOf[row[artistColumn], default: []].append(row[genreColumn]) }
        let vocabulary = Array(Set(genresOf.values.joined())).sorted()
        let column = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) })
        // Every 40th artist (by id) that has a genre: about 250 evaluation artists (the test
        // split of a real split is scored in PipelineTests' DatasetTests).
        let evaluation = ids.sorted().enumerated().filter { $0.offset % 40 == 3 && genresOf[$0.element] != nil }.map(\.element)
        XCTAssertGreaterThan(evaluation.count, 200)

        let folder = try makeScratchDirectory("musicatlas-evaluate")
        let graph = try SharedFixtures.path("seed-2020/rel_REL_ART.csv")
        try ids.joined(separator: "\n").write(toFile: folder + "/ids.txt", atomically: true, encoding: .utf8)
        try evaluation.joined(separator: "\n").write(toFile: folder + "/eval.txt", atomically: true, encoding: .utf8)
        var random = SeededRandom(seed: 7)
        try writeNPY((0..<(ids.count * 16)).map { _ in random.unit() * 2 - 1 }, rows: ids.count, columns: 16, descr: "<f4", to: folder + "/random.npy")
        var hot = [Double](repeating: 0, count: ids.count * vocabulary.count)
        for (row, id) in ids.enumerated() { for genre in genresOf[id] ?? [] { hot[row * vocabulary.count + column[genre]!] = 1 } }
        try writeNPY(hot, rows: ids.count, columns: vocabulary.count, descr: "<f8", to: folder + "/genres.npy")

        var scores: [String: Double] = [:]
        for name in ["random", "genres"] {
            let files = [folder + "/\(name).npy", folder + "/ids.txt", graph, folder + "/eval.txt"]
            let ours = try evaluate(["--embeddings", files[0], "--ids", files[1], "--graph", files[2], "--eval-artists", files[3], "--k", "200"])
            let theirs = try reference(files, k: 200)
            let ndcg = try XCTUnwrap(ours["ndcg"] as? Double)
            XCTAssertEqual(ndcg, try XCTUnwrap(theirs["ndcg"] as? Double), accuracy: 1e-9, name)
            XCTAssertEqual(ours["scored"] as? Int, theirs["scored"] as? Int, name)
            XCTAssertEqual(ours["skipped"] as? Int, theirs["skipped"] as? Int, name)
            XCTAssertEqual(ours["k"] as? Int, 200)
            scores[name] = ndcg
        }
        // k = 10 takes the partial-selection path (candidates ≫ 4k): still equal to the reference.
        let files = [folder + "/genres.npy", folder + "/ids.txt", graph, folder + "/eval.txt"]
        let ours = try evaluate(["--embeddings", files[0], "--ids", files[1], "--graph", files[2], "--eval-artists", files[3], "--k", "10"])
        let theirs = try reference(files, k: 10)
        XCTAssertEqual(try XCTUnwrap(ours["ndcg"] as? Double), try XCTUnwrap(theirs["ndcg"] as? Double), accuracy: 1e-9, "k = 10")
        // Chance: a random ranking puts each relevant candidate at every rank alike, so E[DCG@k] =
        // |relevant| / n · Σ_{i ≤ min(k, n)} 1 / log2(i + 1) over n candidates.
        let members = Set(evaluation)
        var adjacent: [String: Set<String>] = [:]
        let graphTable = try SharedFixtures.table("seed-2020/rel_REL_ART.csv")
        let from = try graphTable.column("artist_id1"), to = try graphTable.column("artist_id2")
        for row in graphTable.rows where row[from] != row[to] && members.contains(row[from]) && members.contains(row[to]) {
            adjacent[row[from], default: []].insert(row[to])
            adjacent[row[to], default: []].insert(row[from])
        }
        let n = evaluation.count - 1, gain = { (i: Int) in 1 / log2(Double(i) + 1) }
        let chances = evaluation.compactMap { artist -> Double? in
            guard let relevant = adjacent[artist]?.count, relevant > 0 else { return nil }
            let expected = Double(relevant) / Double(n) * (1...min(200, n)).map(gain).reduce(0, +)
            return expected / (1...min(200, relevant)).map(gain).reduce(0, +)
        }
        let chance = chances.reduce(0, +) / Double(chances.count)
        XCTAssertEqual(scores["random"]!, chance, accuracy: 0.05, "random embeddings score near chance (\(chance))")
        XCTAssertGreaterThan(scores["genres"]!, chance + 0.05, "\(scores), chance \(chance)")
    }

    func testTiesGoByIdAndTheIdealCountsOnlyKRanks() throws {
        // q's candidates a, b, c, d: a and b tie exactly (same vector), c next, d far; q relates to b and d.
        let embeddings = ArtistSimilarityEvaluation.Embeddings(ids: ["q", "b", "a", "c", "d"], dimensions: 2,
                                                               values: [1, 0, 0.8, 0.6, 0.8, 0.6, 0.6, 0.8, -1, 0])
        let edges = [("q", "b"), ("d", "q"), ("q", "q")]
        let score = try ArtistSimilarityEvaluation(k: 2).score(embeddings, edges: edges, evaluationArtists: ["q", "a", "b", "c", "d"])
        // For q: ranking a, b (tie by id), c, d → relevant at rank 2 only within k = 2: DCG = 1/log2(3); IDCG = 1 + 1/log2(3).
        // a relates to nobody, c too: skipped. b: q is its only relevant; b's ranking: a (distance 0), c, q, d.
        // d: q is relevant; d's ranking: q … (q at distance 2, the rest farther? a,b at ≈1.897, c at ≈1.789): q is last.
        let q = (1 / log2(3.0)) / (1 + 1 / log2(3.0))
        XCTAssertEqual(score.scored, 3)
        XCTAssertEqual(score.skipped, 2)
        XCTAssertEqual(score.ndcg, (q + 0 + 0) / 3, accuracy: 1e-12)
    }

    func testBadInputsAreTypedErrors() throws {
        let zero = ArtistSimilarityEvaluation.Embeddings(ids: ["a", "b"], dimensions: 2, values: [0, 0, 1, 0])
        XCTAssertThrowsError(try ArtistSimilarityEvaluation().score(zero, edges: [], evaluationArtists: ["a", "b"])) {
            XCTAssertEqual($0 as? EvaluationError, .zeroEmbedding("a"))
        }
        let fine = ArtistSimilarityEvaluation.Embeddings(ids: ["a", "b"], dimensions: 2, values: [1, 0, 0, 1])
        XCTAssertThrowsError(try ArtistSimilarityEvaluation().score(fine, edges: [], evaluationArtists: ["a", "zz"])) {
            XCTAssertEqual($0 as? EvaluationError, .missingEmbedding("zz"))
        }
        XCTAssertThrowsError(try ArtistSimilarityEvaluation.Embeddings(npy: Data("not numpy".utf8), ids: ["a"]))
        let folder = try makeScratchDirectory("musicatlas-evaluate")
        try writeNPY([1, 0, 0, 1], rows: 2, columns: 2, descr: "<f8", to: folder + "/e.npy")
        try "a\nb\nc".write(toFile: folder + "/ids.txt", atomically: true, encoding: .utf8)
        try "artist_id,related_id\na,b".write(toFile: folder + "/g.csv", atomically: true, encoding: .utf8)
        try "a\nb".write(toFile: folder + "/eval.txt", atomically: true, encoding: .utf8)
        let mismatch = try ProcessRunner.tool("musicgraph", ["evaluate", "--embeddings", folder + "/e.npy", "--ids", folder + "/ids.txt",
                                                             "--graph", folder + "/g.csv", "--eval-artists", folder + "/eval.txt"])
        XCTAssertEqual(mismatch.status, 1)
        XCTAssertTrue(mismatch.stderr.contains("2 rows but the ids file names 3 artists"), mismatch.stderr)
    }
}

