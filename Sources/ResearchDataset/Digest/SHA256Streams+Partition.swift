extension SHA256Streams {
    /// Relative speed of one stream when `lanes` streams are interleaved on a core (x86 SHA
    /// extensions, measured on this project's machine: one stream 1.85 GB/s, two 2.75, three
    /// 3.1, four 3.4 in all). Only the ratios matter: they decide how to share pieces among threads.
    static let laneRate: [Double] = [0, 1.85, 1.37, 1.03, 0.855]

    /// Splits pieces of the given byte lengths into at most `groups` groups of indexes, one per
    /// thread, so that the threads finish together: longest first, each to the group that
    /// would then finish earliest. A group's time is simulated as `update` runs it (up to four
    /// streams interleaved, the longest first); with swift-crypto it is the group's bytes.
    package func partition(_ lengths: [Int], into groups: Int) -> [[Int]] {
        let order = lengths.indices.sorted { lengths[$0] > lengths[$1] || (lengths[$0] == lengths[$1] && $0 < $1) }
        var assigned = Array(repeating: [Int](), count: max(1, groups))
        var members = Array(repeating: [Int](), count: max(1, groups))
        for index in order {
            var best = 0, bestTime = Double.infinity
            for group in assigned.indices {
                let time = estimatedTime(members[group], then: lengths[index])
                if time < bestTime { (best, bestTime) = (group, time) }
            }
            assigned[best].append(index)
            members[best].append(lengths[index])
        }
        return assigned.filter { !$0.isEmpty }
    }

    /// The time one thread takes for pieces of lengths `lengths` (longest first) and then `last`
    /// (no longer than any of them), in arbitrary units.
    private func estimatedTime(_ lengths: [Int], then last: Int) -> Double {
        guard backend == .interleaved else { return Double(lengths.reduce(last, +)) }
        var lanes: [Double] = []
        lanes.reserveCapacity(4)
        var next = 0, time = 0.0
        while true {
            while lanes.count < 4, next <= lengths.count {
                lanes.append(Double(next < lengths.count ? lengths[next] : last))
                next += 1
            }
            guard let step = lanes.min() else { return time }
            time += step / Self.laneRate[lanes.count]
            for lane in lanes.indices { lanes[lane] -= step }
            lanes.removeAll { $0 <= 0 }
        }
    }
}
