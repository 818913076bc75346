/// Which behaviour MusicGraph's algorithms follow.
///
/// `seed2020` reproduces the 2020 notebooks exactly, quirks included; `standard` (spelled
/// `default` on the command line) fixes them. Docs/musicgraph.md lists every difference.
public enum GraphMode: String, Sendable, CaseIterable, Codable {
    /// The 2020 pipeline, bit for bit.
    case seed2020
    /// The fixed behaviour.
    case standard = "default"
}
