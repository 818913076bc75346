/// Where the 30-second windows of a song fall.
///
/// The seed (`main_specto.py`) steps a 30 s window by 20 s while it fits inside `D = floor(len/sr)`
/// seconds and then always adds an end-aligned window `(D − 30, D)`; when `(D − 30) % 20 == 0` that
/// last window repeats the previous one under a new number (bug B13). `standard` mode keeps the
/// end-aligned window but never writes a duplicate. Songs shorter than the window give none.
public struct WindowPlan: Sendable, Hashable {
    /// Window length in seconds (30).
    public var length: Int
    /// Step between window starts in seconds (20, so consecutive windows overlap by 10 s).
    public var step: Int
    /// Frame rate of the spectrogram as the seed computes it: seconds per frame, `hop / sr`.
    public var secondsPerFrame: Double

    /// The seed's plan (30 s windows every 20 s) for a spectrogram with `hop` and `sampleRate`.
    public init(length: Int = 30, step: Int = 20, hopLength: Int = 512, sampleRate: Int = 16_000) {
        self.length = length
        self.step = step
        secondsPerFrame = Double(hopLength) / Double(sampleRate)
    }

    /// The windows of a song of `wholeSeconds` seconds (`floor(len(y) / sr)`), in `mode`.
    /// Empty when the song is shorter than `length`.
    public func windows(wholeSeconds duration: Int, mode: RenderMode) -> [SpectrogramWindow] {
        guard duration >= length, length > 0, step > 0 else { return [] }
        var spans: [(Int, Int)] = []
        var start = 0
        while true {
            if start + length <= duration {
                spans.append((start, start + length))
                start += step
                if start >= duration { break }
            } else {
                spans.append((duration - length, duration))
                break
            }
        }
        if mode == .standard, spans.count > 1, spans[spans.count - 1] == spans[spans.count - 2] {
            spans.removeLast()
        }
        return spans.enumerated().map { index, span in
            SpectrogramWindow(
                index: index, startSecond: span.0, endSecond: span.1,
                firstFrame: frame(atSecond: span.0), endFrame: frame(atSecond: span.1))
        }
    }

    /// `int(t / (hop / sr))`, truncated in Double exactly as Python does it.
    public func frame(atSecond seconds: Int) -> Int { Int(Double(seconds) / secondsPerFrame) }
}
