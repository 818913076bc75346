/// Turns mono samples into a mel spectrogram: centred STFT (periodic Hann, reflect or zero
/// padding), power 2, Slaney mel projection over the filterbank's non-zeros, and optionally
/// `power_to_db`. Equivalent to `librosa.feature.melspectrogram` + `librosa.power_to_db`.
///
/// An analyzer is immutable and `Sendable`: share one across threads; each call allocates its own
/// FFT buffers and runs the shared FFTW plan on them.
public final class MelSpectrogramAnalyzer: Sendable {
    /// The recipe's constants.
    public let parameters: SpectrogramParameters
    /// The mel filterbank in use.
    public let filterbank: MelFilterbank
    private let window: [Float]
    private let plan: FFTPlan

    /// Creates an analyzer, building the filterbank and window and fetching the FFT plan.
    public init(parameters: SpectrogramParameters = SpectrogramParameters()) throws(SpectrogramParameterError) {
        try parameters.validate()
        self.parameters = parameters
        filterbank = MelFilterbank(parameters: parameters)
        window = HannWindow.periodic(length: parameters.fftSize)
        plan = FFTPlan.realForward(size: parameters.fftSize)
    }

    /// The mel power spectrogram (`librosa.feature.melspectrogram`), `[melCount][frames]`.
    public func power(of samples: [Float]) -> MelMatrix {
        let n = parameters.fftSize, hop = parameters.hopLength, bands = parameters.melCount
        let frames = parameters.frameCount(forSampleCount: samples.count)
        let padded = CenteredSignal.pad(samples, by: n / 2, mode: parameters.padding)
        var output = [Float](repeating: 0, count: bands * frames)
        let buffers = FFTBuffers(size: n)
        var power = [Float](repeating: 0, count: n / 2 + 1)
        padded.withUnsafeBufferPointer { signal in
            window.withUnsafeBufferPointer { w in
                output.withUnsafeMutableBufferPointer { out in
                    power.withUnsafeMutableBufferPointer { p in
                        for frame in 0..<frames {
                            let start = frame * hop
                            for j in 0..<n { buffers.real[j] = signal[start + j] * w[j] }
                            plan.execute(buffers)
                            buffers.power(into: p.baseAddress!)
                            filterbank.apply(power: p.baseAddress!, to: out.baseAddress! + frame, stride: frames)
                        }
                    }
                }
            }
        }
        return MelMatrix(rows: bands, columns: frames, values: output)
    }

    /// The dB mel spectrogram (`power_to_db(melspectrogram(y), ref=np.max)`), `[melCount][frames]`.
    public func decibels(of samples: [Float]) -> MelMatrix {
        var matrix = power(of: samples)
        DecibelScale.powerToDecibels(&matrix.values, amin: parameters.amin, topDB: parameters.topDB)
        return matrix
    }
}

/// The signal extended by `n_fft / 2` samples on each side, as `center=True` does.
enum CenteredSignal {
    static func pad(_ samples: [Float], by pad: Int, mode: STFTPadding) -> [Float] {
        let count = samples.count
        var out = [Float](repeating: 0, count: count + 2 * pad)
        out.replaceSubrange(pad..<(pad + count), with: samples)
        guard mode == .reflect, count > 1 else { return out }
        // numpy "reflect": mirror about the edge samples without repeating them; for signals
        // shorter than the pad numpy reflects repeatedly, which the modulo walk reproduces.
        let period = 2 * (count - 1)
        func source(_ k: Int) -> Int {
            var m = k % period
            if m < 0 { m += period }
            return m < count ? m : period - m
        }
        for i in 0..<pad {
            out[i] = samples[source(i - pad)]
            out[pad + count + i] = samples[source(count + i)]
        }
        return out
    }
}
