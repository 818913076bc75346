/// Mono Float32 samples at a known rate, with what the decoder learned about the source.
public struct DecodedAudio: Sendable {
    /// The mono samples (mean of the source channels, resampled to `sampleRate`).
    public var samples: [Float]
    /// Sample rate of `samples` in Hz.
    public var sampleRate: Int
    /// Sample rate of the source stream in Hz.
    public var sourceSampleRate: Int
    /// Channel count of the source stream.
    public var sourceChannels: Int
    /// The decoder that read the source: FFmpeg's decoder name (`pcm_s16le`, `aac`, `opus`, …) or,
    /// for MP3 and Ogg, the library libsndfile used (`libmpg123 (mp3)`, `libvorbis`, `libopus`).
    public var sourceCodec: String

    /// Creates decoded audio from samples already in memory.
    public init(samples: [Float], sampleRate: Int, sourceSampleRate: Int? = nil, sourceChannels: Int = 1,
                sourceCodec: String = "memory") {
        self.samples = samples
        self.sampleRate = sampleRate
        self.sourceSampleRate = sourceSampleRate ?? sampleRate
        self.sourceChannels = sourceChannels
        self.sourceCodec = sourceCodec
    }

    /// Length in seconds.
    public var duration: Double { Double(samples.count) / Double(sampleRate) }

    /// Whole seconds of audio, as the seed computed them: `floor(len(y) / sr)`.
    public var wholeSeconds: Int { samples.count / sampleRate }
}
