/// How the signal is extended at both ends before framing (`center=True` in librosa).
///
/// librosa 0.7–0.9 (and so the 2020 seed) padded by reflection; librosa ≥ 0.10 pads with zeros.
public enum STFTPadding: String, Sendable, CaseIterable, Codable {
    /// Mirror the signal without repeating the edge sample (`numpy.pad(mode="reflect")`).
    case reflect
    /// Pad with zeros (`numpy.pad(mode="constant")`).
    case zeros
}
