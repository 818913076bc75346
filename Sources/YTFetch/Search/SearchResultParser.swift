import Foundation

/// Reads yt-dlp's `--flat-playlist -J` output (one playlist object with `entries`) or `-j`
/// output (one object per line) into candidates. Entries without a URL or id are skipped;
/// anything that is not JSON is a typed `malformedOutput` failure naming where it broke.
public enum SearchResultParser {
    /// Parses `data`.
    public static func parse(_ data: Data) throws(YTDLPError) -> [VideoCandidate] {
        let objects: [[String: Any]]
        if let whole = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            objects = (whole["entries"] as? [[String: Any]]) ?? (whole["_type"] as? String == "playlist" ? [] : [whole])
        } else {
            var lines: [[String: Any]] = []
            for (number, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() where !line.allSatisfy({ $0 == 32 || $0 == 13 }) {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                    throw YTDLPError(kind: .malformedOutput, message: "search output line \(number + 1) is not a JSON object")
                }
                lines.append(object)
            }
            objects = lines
        }
        return objects.compactMap(candidate)
    }

    static func candidate(_ entry: [String: Any]) -> VideoCandidate? {
        let id = entry["id"] as? String
        let url = (entry["url"] as? String) ?? (entry["webpage_url"] as? String) ?? id.map { "https://www.youtube.com/watch?v=\($0)" }
        guard let url, !url.isEmpty else { return nil }
        func number(_ key: String) -> Double? {
            if let value = entry[key] as? NSNumber { return value.doubleValue }
            return (entry[key] as? String).flatMap(Double.init)
        }
        let channel = (entry["channel"] as? String) ?? (entry["uploader"] as? String)
        return VideoCandidate(
            id: id, url: url, title: (entry["title"] as? String) ?? "", channel: channel, duration: number("duration"),
            views: (number("view_count") ?? number("concurrent_view_count")).map { Int64($0) }, liveStatus: entry["live_status"] as? String,
            channelVerified: (entry["channel_is_verified"] as? Bool) ?? false)
    }
}
