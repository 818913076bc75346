/// One 30-second window of a song's dB mel spectrogram, after the median gate: exactly the values
/// `melspec render --format npy` writes to `<stem>__<win>__<ini>__<fin>.npy`.
public struct MelWindow: Sendable, Equatable {
    /// Where the window sits in the song.
    public var window: SpectrogramWindow
    /// `mels × frames` dB values, gated.
    public var values: MelMatrix

    /// A window and its values.
    public init(window: SpectrogramWindow, values: MelMatrix) {
        self.window = window
        self.values = values
    }
}

extension MelWindow {
    /// Cuts `windows` out of `song` and gates each one (`MedianGate`), as `mode` does it.
    ///
    /// In `seed2020` mode the seed gated a NumPy *view* of the song (bug B12): each gated window
    /// is written back into the song, so where windows overlap, the next window's median is taken
    /// over values the previous window already gated. `standard` gates independent copies.
    public static func gated(_ windows: [SpectrogramWindow], of song: MelMatrix, mode: RenderMode) -> [MelWindow] {
        var song = song
        return windows.map { window in
            var slice = song.columns(window.firstFrame..<window.endFrame)
            MedianGate.apply(to: &slice)
            if mode == .seed2020 { song.replaceColumns(startingAt: window.firstFrame, with: slice) }
            return MelWindow(window: window, values: slice)
        }
    }
}
