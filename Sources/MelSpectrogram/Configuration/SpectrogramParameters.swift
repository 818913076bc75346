/// Every constant of the mel-spectrogram recipe.
///
/// The defaults are the seed's (`main_specto.py`): 16 kHz, `n_fft` 1024, hop 512, 256 Slaney mel
/// bands from 0 to 8000 Hz, power 2, `power_to_db(ref=max, amin=1e-10, top_db=80)`.
public struct SpectrogramParameters: Sendable, Hashable, Codable {
    /// Sample rate of the analysed signal in Hz.
    public var sampleRate: Int
    /// FFT size (and window length) in samples.
    public var fftSize: Int
    /// Hop between frames in samples.
    public var hopLength: Int
    /// Number of mel bands.
    public var melCount: Int
    /// Lowest mel-band edge in Hz.
    public var minFrequency: Double
    /// Highest mel-band edge in Hz; `nil` means `sampleRate / 2`.
    public var maxFrequency: Double?
    /// How the signal is padded at both ends (`center=True`).
    public var padding: STFTPadding
    /// The floor of `power_to_db`: the result is clipped to `max − topDB`. `nil` disables clipping.
    public var topDB: Float?
    /// The smallest power `power_to_db` takes a logarithm of.
    public var amin: Float

    /// Creates a parameter set; every argument defaults to the seed's value.
    public init(
        sampleRate: Int = 16_000, fftSize: Int = 1024, hopLength: Int = 512, melCount: Int = 256,
        minFrequency: Double = 0, maxFrequency: Double? = 8000, padding: STFTPadding = .zeros,
        topDB: Float? = 80, amin: Float = 1e-10
    ) {
        self.sampleRate = sampleRate
        self.fftSize = fftSize
        self.hopLength = hopLength
        self.melCount = melCount
        self.minFrequency = minFrequency
        self.maxFrequency = maxFrequency
        self.padding = padding
        self.topDB = topDB
        self.amin = amin
    }

    /// The seed's parameters with the padding of `mode`.
    public static func forMode(_ mode: RenderMode) -> SpectrogramParameters {
        SpectrogramParameters(padding: mode.padding)
    }

    /// The upper band edge actually used (`fmax` or Nyquist).
    public var effectiveMaxFrequency: Double { maxFrequency ?? Double(sampleRate) / 2 }

    /// Number of STFT frames for a signal of `sampleCount` samples (`1 + n // hop` with centring).
    public func frameCount(forSampleCount sampleCount: Int) -> Int { 1 + sampleCount / hopLength }

    /// Checks the parameters make sense, naming the first one that does not.
    public func validate() throws(SpectrogramParameterError) {
        guard sampleRate > 0 else { throw .invalid("sampleRate", "must be positive") }
        guard fftSize >= 2, fftSize % 2 == 0 else { throw .invalid("fftSize", "must be even and ≥ 2") }
        guard hopLength > 0 else { throw .invalid("hopLength", "must be positive") }
        guard melCount > 0 else { throw .invalid("melCount", "must be positive") }
        guard minFrequency >= 0, effectiveMaxFrequency > minFrequency,
            effectiveMaxFrequency <= Double(sampleRate) / 2
        else { throw .invalid("maxFrequency", "need 0 ≤ fmin < fmax ≤ sampleRate / 2") }
        guard amin > 0 else { throw .invalid("amin", "must be positive") }
        if let topDB, topDB < 0 { throw .invalid("topDB", "must be non-negative") }
    }
}

/// A parameter of `SpectrogramParameters` that cannot be used.
public enum SpectrogramParameterError: Error, Equatable, CustomStringConvertible {
    /// The named parameter is out of range, for the given reason.
    case invalid(String, String)

    public var description: String {
        switch self {
        case .invalid(let name, let why): return "invalid spectrogram parameter \(name): \(why)"
        }
    }
}
