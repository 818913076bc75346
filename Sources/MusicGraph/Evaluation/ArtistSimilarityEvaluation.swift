import Foundation
internal import NumPyFormat

/// Scores artist embeddings against a similarity graph with nDCG@k under the OLGA protocol
/// (Korzeniowski et al., TISMIR 2022; RESEARCH-DATASET §2), made exact:
///
/// - the graph's edges are made undirected and self-loops dropped;
/// - for each evaluation artist `a`, the candidates are the other evaluation artists, ranked by
///   the Euclidean distance between L2-normalised embedding rows, computed in float64 from the
///   differences (not as `2 − 2u·v`, whose rounding would reorder near ties);
/// - distances within `tieTolerance` (1e-12) of their neighbour in sorted order form one tie
///   group, ordered by artist id in byte order;
/// - relevant = candidates adjacent to `a`; artists with no relevant candidate are skipped and
///   counted;
/// - DCG@k = Σ rel_i / log2(i + 1) over ranks i = 1…k; IDCG@k = Σ_{i ≤ min(k, |relevant|)}
///   1 / log2(i + 1); the score is the mean of DCG / IDCG over the scored artists.
public struct ArtistSimilarityEvaluation: Sendable {
    /// The cut-off rank.
    public var k: Int
    /// Distances closer than this to their sorted neighbour tie.
    public var tieTolerance: Double

    /// An evaluation at rank `k`.
    public init(k: Int = 200, tieTolerance: Double = 1e-12) {
        self.k = max(1, k)
        self.tieTolerance = tieTolerance
    }

    /// What `musicgraph evaluate --json` prints.
    public struct Score: Sendable, Equatable, Codable {
        /// Mean nDCG@k over the scored artists (0 when none was scored).
        public var ndcg: Double
        /// The cut-off rank.
        public var k: Int
        /// Evaluation artists with at least one relevant candidate.
        public var scored: Int
        /// Evaluation artists without one.
        public var skipped: Int
    }

    /// Row `i` of `values` (`rows × dimensions`, row-major) is the embedding of `ids[i]`.
    public struct Embeddings: Sendable {
        /// The artist of each row.
        public var ids: [String]
        /// Values per row.
        public var dimensions: Int
        /// Row-major values.
        public var values: [Double]

        /// Embeddings; `values.count` must be `ids.count × dimensions`.
        public init(ids: [String], dimensions: Int, values: [Double]) {
            self.ids = ids
            self.dimensions = dimensions
            self.values = values
        }
    }

    /// The score of `embeddings` for `evaluationArtists` against the graph's `edges`.
    public func score(_ embeddings: Embeddings, edges: [(String, String)], evaluationArtists: [String]) throws(EvaluationError) -> Score {
        guard embeddings.dimensions > 0, embeddings.values.count == embeddings.ids.count * embeddings.dimensions else {
            throw .shapeMismatch(rows: embeddings.ids.count, dimensions: embeddings.dimensions, values: embeddings.values.count)
        }
        var row: [String: Int] = [:]
        for (index, id) in embeddings.ids.enumerated() {
            guard row.updateValue(index, forKey: id) == nil else { throw .duplicateID(id) }
        }
        var seen = Set<String>()
        let artists = evaluationArtists.filter { seen.insert($0).inserted }.sorted(by: ByteOrder.less)
        let dims = embeddings.dimensions
        // The evaluation artists' rows, L2-normalised, contiguous.
        var unit = [Double](repeating: 0, count: artists.count * dims)
        for (i, artist) in artists.enumerated() {
            guard let r = row[artist] else { throw .missingEmbedding(artist) }
            var norm = 0.0
            for d in 0..<dims { norm += embeddings.values[r * dims + d] * embeddings.values[r * dims + d] }
            norm = norm.squareRoot()
            guard norm > 0, norm.isFinite else { throw .zeroEmbedding(artist) }
            for d in 0..<dims { unit[i * dims + d] = embeddings.values[r * dims + d] / norm }
        }
        let position = Dictionary(uniqueKeysWithValues: artists.enumerated().map { ($1, $0) })
        var neighbours = [Set<Int>](repeating: [], count: artists.count)
        for (a, b) in edges where a != b {
            guard let i = position[a], let j = position[b] else { continue }
            neighbours[i].insert(j)
            neighbours[j].insert(i)
        }
        let gains = (0..<k).map { 1 / log2(Double($0) + 2) }
        let (vectors, links, count) = (unit, neighbours, artists.count)
        let results = QueryResults(count: count)
        // Queries are independent: one per iteration, each writing only its own slot.
        DispatchQueue.concurrentPerform(iterations: count) { i in
            results.set(i, ndcg(of: i, unit: vectors, dims: dims, count: count, relevant: links[i], gains: gains))
        }
        let perArtist = results.values
        let scored = perArtist.compactMap { $0 }
        return Score(ndcg: scored.isEmpty ? 0 : scored.reduce(0, +) / Double(scored.count), k: k, scored: scored.count, skipped: perArtist.count - scored.count)
    }

    /// nDCG@k of query `i`, `nil` when it has no relevant candidate. Candidates are in byte
    /// order of id already, so a stable sort by distance orders each tie group by id once the
    /// groups are merged.
    private func ndcg(of i: Int, unit: [Double], dims: Int, count: Int, relevant: Set<Int>, gains: [Double]) -> Double? {
        guard !relevant.isEmpty else { return nil }
        var candidates: [(distance: Double, index: Int)] = []
        candidates.reserveCapacity(count - 1)
        unit.withUnsafeBufferPointer { u in
            for j in 0..<count where j != i {
                var sum = 0.0
                for d in 0..<dims {
                    let difference = u[i * dims + d] - u[j * dims + d]
                    sum += difference * difference
                }
                candidates.append((sum.squareRoot(), j))
            }
        }
        // Only the first k ranks count: keep the candidates up to the k-th smallest distance plus a
        // margin (1e-6, a million times the tie tolerance, so no tie chain can cross it among
        // fewer than a million candidates), then sort those.
        if candidates.count > 4 * k {
            var distances = candidates.map(\.distance)
            let cutoff = Self.select(&distances, k - 1) + 1e-6
            candidates.removeAll { $0.distance > cutoff }
        }
        candidates.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.index < $1.index }
        // Tie groups: runs whose consecutive distances differ by at most the tolerance, each
        // reordered by id (index order is byte order of id).
        var start = 0
        while start < candidates.count {
            var end = start + 1
            while end < candidates.count, candidates[end].distance - candidates[end - 1].distance <= tieTolerance { end += 1 }
            if end - start > 1 { candidates[start..<end].sort { $0.index < $1.index } }
            start = end
        }
        var dcg = 0.0
        for rank in 0..<min(k, candidates.count) where relevant.contains(candidates[rank].index) { dcg += gains[rank] }
        let ideal = gains.prefix(min(k, relevant.count)).reduce(0, +)
        return dcg / ideal
    }
}

extension ArtistSimilarityEvaluation {
    /// The `n`-th smallest value (0-based) of `values`, which it reorders (quickselect).
    static func select(_ values: inout [Double], _ n: Int) -> Double {
        var low = 0, high = values.count - 1
        while low < high {
            let pivot = values[(low + high) / 2]
            var i = low, j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if n <= j { high = j } else if n >= i { low = i } else { return values[n] }
        }
        return values[n]
    }
}

/// One slot per query, written by concurrent iterations at distinct indices.
/// (Raw memory, not an array property: a class's array is exclusivity-checked as a whole.)
private final class QueryResults: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Double?>
    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }
    deinit { slots.deallocate() }
    func set(_ index: Int, _ value: Double?) { slots[index] = value }
    var values: [Double?] { Array(slots) }
}

/// Why embeddings could not be scored.
public enum EvaluationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An evaluation artist has no row.
    case missingEmbedding(String)
    /// An evaluation artist's row is all zeros (or not finite): it has no direction.
    case zeroEmbedding(String)
    /// An id names two rows.
    case duplicateID(String)
    /// The values do not fill rows × dimensions.
    case shapeMismatch(rows: Int, dimensions: Int, values: Int)

    public var description: String {
        switch self {
        case .missingEmbedding(let id): return "evaluation artist \(id) is not in the ids file"
        case .zeroEmbedding(let id): return "the embedding of \(id) is zero (or not finite): it cannot be normalised"
        case .duplicateID(let id): return "the ids file names \(id) twice"
        case .shapeMismatch(let rows, let dimensions, let values): return "\(rows) ids × \(dimensions) dimensions ≠ \(values) values"
        }
    }
}

extension ArtistSimilarityEvaluation.Embeddings {
    /// Embeddings from a 2-D `.npy` array (float16, float32 or float64; rows × dimensions) whose
    /// rows belong to `ids` in order.
    public init(npy data: Data, ids: [String]) throws(EvaluationFileError) {
        let header: NumPyHeader
        do { header = try NumPyHeader.parse(data) } catch {
            switch error {
            case .notNumPy: throw .embeddings("not a .npy file")
            case .truncated: throw .embeddings("truncated .npy file")
            case .unsupported(let what): throw .embeddings("unsupported .npy file: \(what)")
            }
        }
        guard header.shape.count == 2 else { throw .embeddings("shape \(header.shape) is not rows × dimensions") }
        guard header.shape[0] == ids.count else { throw .embeddings("\(header.shape[0]) rows but the ids file names \(ids.count) artists") }
        self.init(ids: ids, dimensions: header.shape[1], values: header.doubles(in: data))
    }
}

/// An input file of `musicgraph evaluate` that cannot be read.
public enum EvaluationFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The embeddings file.
    case embeddings(String)

    public var description: String {
        switch self {
        case .embeddings(let reason): return "embeddings: \(reason)"
        }
    }
}
