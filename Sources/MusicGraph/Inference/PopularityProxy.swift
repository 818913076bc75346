/// A 0–100 popularity for artists Spotify no longer gives one (dev-mode apps since February
/// 2026): the artist's percentile among the artists that have the same measure — Deezer fans
/// when the artist has them, else kworb's all-time streams summed over its tracks.
///
/// Percentile of value `v` among `n` values: `100 · (below + (equal − 1) / 2) / (n − 1)`,
/// rounded — the lowest is 0, the highest 100, ties share their mid rank; one value alone is 100.
/// Percentiles of two measures are each uniform over their own artists, so they can stand side
/// by side; `provider` says which measure an artist's value came from.
public struct PopularityProxy: Sendable {
    /// Which measure a proxy value came from.
    public enum Provider: String, Sendable, Codable {
        /// Deezer's `nb_fan`.
        case deezerFans = "deezer-fans"
        /// kworb's all-time Spotify streams.
        case kworbStreams = "kworb-streams"
    }

    /// Creates the proxy.
    public init() {}

    /// Proxy values for every artist with fans or streams: fans first, streams otherwise.
    public func values(fans: [String: Int], streams: [String: Int64]) -> [String: (popularity: Int, provider: Provider)] {
        var out: [String: (popularity: Int, provider: Provider)] = [:]
        for (id, value) in Self.percentiles(streams.filter { $0.value >= 0 }.mapValues(Double.init)) { out[id] = (value, .kworbStreams) }
        for (id, value) in Self.percentiles(fans.filter { $0.value >= 0 }.mapValues(Double.init)) { out[id] = (value, .deezerFans) }
        return out
    }

    /// Each key's percentile among `values` (see the type's formula).
    public static func percentiles(_ values: [String: Double]) -> [String: Int] {
        let sorted = values.values.sorted()
        guard sorted.count > 1 else { return values.mapValues { _ in 100 } }
        return values.mapValues { value in
            let below = lowerBound(sorted, value)
            let equal = lowerBound(sorted, value.nextUp) - below
            return Int((100 * (Double(below) + Double(equal - 1) / 2) / Double(sorted.count - 1)).rounded())
        }
    }

    private static func lowerBound(_ sorted: [Double], _ value: Double) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
