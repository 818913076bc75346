/// One 30-second slice of a song's spectrogram.
public struct SpectrogramWindow: Sendable, Hashable, Codable {
    /// Window number, counted from 0 in emission order (the seed's `num_win`).
    public var index: Int
    /// Start in whole seconds.
    public var startSecond: Int
    /// End in whole seconds.
    public var endSecond: Int
    /// First frame (inclusive): `int(start / (hop / sr))`.
    public var firstFrame: Int
    /// Last frame (exclusive): `int(end / (hop / sr))`.
    public var endFrame: Int

    /// Number of frames (937, or 938 when `start / 0.032` has fraction .5 with the seed's values).
    public var frameCount: Int { endFrame - firstFrame }

    /// The file stem of this window for song `stem`: `<stem>__<win>__<ini>__<fin>`.
    public func fileStem(song stem: String) -> String { "\(stem)__\(index)__\(startSecond)__\(endSecond)" }
}
