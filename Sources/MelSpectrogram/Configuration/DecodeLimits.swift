/// Limits the decoder enforces before and while decoding, so a "full concert" upload or a huge
/// file fails fast with a typed error instead of filling memory.
public struct DecodeLimits: Sendable, Hashable, Codable {
    /// Longest accepted audio in seconds (default 20 minutes). `nil` disables the check.
    public var maxDurationSeconds: Double?
    /// Largest accepted file in bytes (the seed skipped files over 10 MB = 10⁶ bytes, strictly
    /// greater). `nil` (the default) disables the check.
    public var maxFileBytes: Int?

    /// Creates limits; the defaults accept up to 20 minutes of audio of any file size.
    public init(maxDurationSeconds: Double? = 20 * 60, maxFileBytes: Int? = nil) {
        self.maxDurationSeconds = maxDurationSeconds
        self.maxFileBytes = maxFileBytes
    }

    /// The seed's limit: files strictly larger than 10,000,000 bytes are skipped.
    public static let seed2020 = DecodeLimits(maxDurationSeconds: nil, maxFileBytes: 10_000_000)
}
