/// The 2020 scraper's `match_title` (SEED-SPEC §5.2), exactly: token sets after the seed's
/// cleaning, four rules in order, first matching result wins.
public enum SeedTitleMatcher {
    /// The seed's cleaning: lower-case, `, ; & [ ] - '` → space, fold à á ä é ë è í ï ò ó ö ú ü
    /// (and nothing else), split on spaces.
    public static func tokens(_ text: String) -> Set<String> {
        var out = ""
        for character in text.lowercased() {
            switch character {
            case ",", ";", "&", "[", "]", "-", "'": out.append(" ")
            case "à", "á", "ä": out.append("a")
            case "é", "ë", "è": out.append("e")
            case "í", "ï": out.append("i")
            case "ò", "ó", "ö": out.append("o")
            case "ú", "ü": out.append("u")
            default: out.append(character)
            }
        }
        return Set(out.split(separator: " ").map(String.init))
    }

    /// Whether a result with `title` and `channel` matches the track (`query` = "track artist").
    public static func matches(track: String, artist: String, title: String, channel: String) -> Bool {
        let q = tokens(track + " " + artist), t = tokens(track), a = tokens(artist)
        let ti = tokens(title), ch = tokens(channel)
        var matched: Bool
        if ti.intersection(q).count == q.count {
            matched = true
        } else if ch.intersection(q).count == a.count {
            matched = ti.intersection(t).count >= t.count - 1
        } else if ti.intersection(q).count == q.count - 1 {
            matched = true
        } else {
            matched = false
        }
        // Rule 4 compares with the query's size, not the track's (a quirk kept on purpose).
        if !matched && t.count > 3 { matched = ti.intersection(t).count >= q.count - 2 }
        return matched
    }

    /// The first candidate that matches, in result order.
    public static func first(_ candidates: [VideoCandidate], for track: TrackQuery) -> VideoCandidate? {
        candidates.first { matches(track: track.title, artist: track.artists.first ?? "", title: $0.title, channel: $0.channel ?? "") }
    }
}
