/// Compressed sparse rows: the neighbours of node `i` are `targets[offsets[i]..<offsets[i+1]]`.
/// Built once from an edge list in two counting passes; no per-node arrays.
struct Adjacency: Sendable {
    private(set) var offsets: [Int]
    private(set) var targets: [Int32]

    /// Builds the adjacency of `nodeCount` nodes from `(from, to)` pairs, keeping each node's
    /// neighbours in edge-list order.
    init(nodeCount: Int, edges: [(Int, Int)]) {
        var offsets = [Int](repeating: 0, count: nodeCount + 1)
        for (from, _) in edges { offsets[from + 1] += 1 }
        for i in 0..<nodeCount { offsets[i + 1] += offsets[i] }
        var cursor = offsets
        var targets = [Int32](repeating: 0, count: edges.count)
        for (from, to) in edges {
            targets[cursor[from]] = Int32(to)
            cursor[from] += 1
        }
        self.offsets = offsets
        self.targets = targets
    }

    /// The neighbours of `node`.
    func neighbours(_ node: Int) -> ArraySlice<Int32> { targets[offsets[node]..<offsets[node + 1]] }

    /// The number of neighbours of `node`.
    func degree(_ node: Int) -> Int { offsets[node + 1] - offsets[node] }
}
