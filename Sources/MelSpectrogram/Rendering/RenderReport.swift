/// What rendering one song produced.
public struct RenderReport: Sendable {
    /// The input file.
    public var input: String
    /// The stem used for output names.
    public var stem: String
    /// Audio length in seconds after decoding.
    public var durationSeconds: Double
    /// Frames in the whole-song spectrogram.
    public var frameCount: Int
    /// The windows written, in order.
    public var windows: [SpectrogramWindow]
    /// Every file written (absolute or as given), in write order.
    public var files: [String]
    /// A remark worth showing the user (for example why no window was written).
    public var note: String?
    /// Seconds spent decoding, in the DSP, and writing files.
    public var timings: (decode: Double, spectrogram: Double, output: Double)
}
