import AtlasStore
import AudioFingerprint

/// Which tracks are one recording: tracks sharing a YouTube video (`track_url.video_id`), and
/// tracks whose audio fingerprints match (Chromaprint, compared as AcoustID does:
/// `FingerprintMatch`). Both kinds are merged; a group is named `video:<id>` when any member
/// shares a video, else `fingerprint:<smallest track id>`.
package struct DuplicateGroups: Sendable {
    /// Each grouped track's group (tracks in no group are absent).
    package var groupOf: [String: String] = [:]
    /// Why: `video_id` or `fingerprint`.
    package var reason: [String: String] = [:]

    /// The groups of the store's tracks.
    package static func find(_ connection: PostgresConnection, match: FingerprintMatch = FingerprintMatch()) throws -> DuplicateGroups {
        var video: [String: String] = [:]
        for row in try connection.execute("""
            SELECT track_id, video_id FROM track_url u JOIN master_track USING (track_id)
            WHERE video_id IN (SELECT video_id FROM track_url WHERE video_id IS NOT NULL GROUP BY video_id HAVING count(*) > 1)
            """, purpose: "read shared videos").rows {
            if let track = row["track_id"], let id = row["video_id"] { video[track] = id }
        }
        let stored = try connection.execute("SELECT f.track_id, f.fingerprint FROM audio_fingerprint f JOIN master_track USING (track_id) ORDER BY f.track_id COLLATE \"C\"",
                                            purpose: "read fingerprints").rows
        let tracks = stored.compactMap { $0["track_id"] }
        let prints = stored.map { FingerprintText.decode($0["fingerprint"] ?? "") }
        // Union-find over both kinds of evidence.
        var parent: [String: String] = [:]
        func root(_ x: String) -> String {
            var x = x
            while let p = parent[x], p != x { x = p }
            return x
        }
        func union(_ a: String, _ b: String) {
            for t in [a, b] where parent[t] == nil { parent[t] = t }
            let (ra, rb) = (root(a), root(b))
            if ra != rb { parent[byteLess(ra, rb) ? rb : ra] = byteLess(ra, rb) ? ra : rb }
        }
        for members in Dictionary(grouping: video.keys, by: { video[$0]! }).values { for track in members { union(track, members[0]) } }
        for group in match.groups(prints) {
            for index in group {
                union(tracks[index], tracks[group[0]])
            }
        }
        var out = DuplicateGroups()
        for members in Dictionary(grouping: parent.keys, by: root).values where members.count > 1 {
            let sorted = members.sorted(by: byteLess)
            let viaVideo = sorted.first { video[$0] != nil }.flatMap { video[$0] }
            let name = viaVideo.map { "video:" + $0 } ?? "fingerprint:" + sorted[0]
            for track in sorted {
                out.groupOf[track] = name
                out.reason[track] = video[track] != nil ? "video_id" : "fingerprint"
            }
        }
        return out
    }
}

/// Fingerprints as stored: the hex of each item's little-endian bytes.
package enum FingerprintText {
    /// The stored text of `items`.
    package static func encode(_ items: [UInt32]) -> String {
        items.map { item in
            let bytes = withUnsafeBytes(of: item.littleEndian) { Array($0) }
            return bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        }.joined()
    }

    /// The items of stored text (invalid text gives none).
    package static func decode(_ text: String) -> [UInt32] {
        let bytes = Array(text.utf8)
        guard bytes.count % 8 == 0 else { return [] }
        func nibble(_ c: UInt8) -> UInt32? {
            switch c {
            case 48...57: return UInt32(c - 48)
            case 97...102: return UInt32(c - 87)
            default: return nil
            }
        }
        var items: [UInt32] = []
        items.reserveCapacity(bytes.count / 8)
        for start in stride(from: 0, to: bytes.count, by: 8) {
            var value: UInt32 = 0
            for byte in 0..<4 {
                guard let high = nibble(bytes[start + 2 * byte]), let low = nibble(bytes[start + 2 * byte + 1]) else { return [] }
                value |= (high << 4 | low) << (8 * UInt32(byte))
            }
            items.append(value)
        }
        return items
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
