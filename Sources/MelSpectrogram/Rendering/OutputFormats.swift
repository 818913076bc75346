/// Which window files a render writes.
public struct OutputFormats: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// 8-bit greyscale PNG per window (`gray_r`, mel bin 0 at the bottom).
    public static let png = OutputFormats(rawValue: 1)
    /// Float32 `.npy` per window, plus the whole song's dB matrix before filtering.
    public static let npy = OutputFormats(rawValue: 2)
    /// Both.
    public static let both: OutputFormats = [.png, .npy]

    /// Parses `png`, `npy` or `both`.
    public init?(name: String) {
        switch name {
        case "png": self = .png
        case "npy": self = .npy
        case "both": self = .both
        default: return nil
        }
    }
}
