/// Which behaviour the scraper follows.
///
/// `seed2020` applies the 2020 notebooks' quirks where they change results (apostrophes become
/// spaces, the Spain page's `d1` rows before its `d0` rows, only the lead artist of a chart row,
/// "top 30" in page order, track ids looked up by lower-cased name); `standard` (`default` on the
/// command line) fixes them.
public enum KworbMode: String, Sendable, CaseIterable, Codable {
    /// The 2020 behaviour.
    case seed2020
    /// The fixed behaviour.
    case standard = "default"
}
