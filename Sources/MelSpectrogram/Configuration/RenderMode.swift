/// Which behaviour the spectrogram pipeline follows.
///
/// `seed2020` reproduces the 2020 worker (`main_specto.py`) including its bugs; `standard` (spelled
/// `default` on the command line) fixes them. See Docs/melspectrogram.md for the list of fixes.
public enum RenderMode: String, Sendable, CaseIterable, Codable {
    /// The 2020 seed exactly: reflect padding, an end-aligned last window that is duplicated when
    /// `(D − 30) % 20 == 0`, and the in-place, sequential median filter of bug B12.
    case seed2020
    /// Zero padding (today's librosa), no duplicated window, each window filtered on its own copy.
    case standard = "default"

    /// The STFT padding this mode uses.
    public var padding: STFTPadding {
        switch self {
        case .seed2020: return .reflect
        case .standard: return .zeros
        }
    }
}
