import Foundation

/// The Slaney (Auditory Toolbox) mel scale librosa uses when `htk=False`: linear below 1 kHz,
/// logarithmic above. Every operation follows librosa's order so the band edges match to the bit.
public enum SlaneyMelScale {
    private static let linearStep = 200.0 / 3
    private static let logThresholdHz = 1000.0
    private static let logThresholdMel = (logThresholdHz - 0.0) / linearStep
    private static let logStep = log(6.4) / 27.0

    /// `librosa.hz_to_mel(hz, htk=False)`.
    public static func mel(fromHz hz: Double) -> Double {
        if hz >= logThresholdHz {
            return logThresholdMel + log(hz / logThresholdHz) / logStep
        }
        return (hz - 0.0) / linearStep
    }

    /// `librosa.mel_to_hz(mel, htk=False)`.
    public static func hz(fromMel mel: Double) -> Double {
        if mel >= logThresholdMel {
            return logThresholdHz * exp(logStep * (mel - logThresholdMel))
        }
        return 0.0 + linearStep * mel
    }

    /// `librosa.mel_frequencies(count, fmin, fmax)`: `count` frequencies evenly spaced in mel,
    /// computed like `numpy.linspace` (`i · step + start`, last point forced to the end).
    public static func bandEdges(count: Int, minHz: Double, maxHz: Double) -> [Double] {
        let start = mel(fromHz: minHz)
        let stop = mel(fromHz: maxHz)
        guard count > 1 else { return [hz(fromMel: start)] }
        let step = (stop - start) / Double(count - 1)
        var mels = (0..<count).map { Double($0) * step + start }
        mels[count - 1] = stop
        return mels.map(hz(fromMel:))
    }
}
