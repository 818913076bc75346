internal import CMelKernels
import Foundation

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

    /// Frames computed into a cache-resident tile before being copied into the row-major output;
    /// writing each frame's 256 bands straight into a 5.7 MB matrix touched a new cache line per
    /// band and dominated the run time.
    private static let tileWidth = Int(MUSICATLAS_MEL_TILE_WIDTH)

    /// The mel power spectrogram (`librosa.feature.melspectrogram`), `[melCount][frames]`.
    ///
    /// With `threads > 1` the frames are split into that many contiguous runs of whole tiles,
    /// each computed on its own thread into its own columns; every cell is computed exactly as
    /// on one thread, so the result does not depend on `threads`. Renders of many songs already
    /// keep every core busy with one song each, so they use one thread.
    public func power(of samples: [Float], threads: Int = 1) -> MelMatrix {
        let bands = parameters.melCount
        let frames = parameters.frameCount(forSampleCount: samples.count)
        let edges = CenteredSignal(samples: samples, fftSize: parameters.fftSize, hop: parameters.hopLength, mode: parameters.padding)
        let tiles = (frames + Self.tileWidth - 1) / Self.tileWidth
        let parts = max(1, min(threads, tiles))
        let output = [Float](unsafeUninitializedCapacity: bands * frames) { out, initialized in
            samples.withUnsafeBufferPointer { signal in
                let target = ThreadShared(value: out.baseAddress!)
                let source = ThreadShared(value: signal)
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    let firstTile = tiles * part / parts, endTile = tiles * (part + 1) / parts
                    computeFrames(
                        (firstTile * Self.tileWidth)..<min(frames, endTile * Self.tileWidth), of: edges,
                        signal: source.value, frames: frames, into: target.value)
                }
            }
            initialized = bands * frames
        }
        return MelMatrix(rows: bands, columns: frames, values: output)
    }

    /// Computes the mel power of `range` (whole tiles, except at the end) into the columns of a
    /// `[melCount][frames]` row-major output.
    private func computeFrames(
        _ range: Range<Int>, of edges: CenteredSignal, signal: UnsafeBufferPointer<Float>, frames: Int,
        into out: UnsafeMutablePointer<Float>
    ) {
        let n = parameters.fftSize, bands = parameters.melCount, tileWidth = Self.tileWidth
        let buffers = FFTBuffers(size: n)
        // Power spectra of one tile, transposed: powerTile[bin * tileWidth + frame].
        var powerTile = [Float](repeating: 0, count: (n / 2 + 1) * tileWidth)
        var tile = [Float](repeating: 0, count: bands * tileWidth)
        window.withUnsafeBufferPointer { w in
            powerTile.withUnsafeMutableBufferPointer { p in
                tile.withUnsafeMutableBufferPointer { t in
                    let real = buffers.real, weights = w.baseAddress!
                    for blockStart in stride(from: range.lowerBound, to: range.upperBound, by: tileWidth) {
                        let width = min(tileWidth, range.upperBound - blockStart)
                        for offset in 0..<width {
                            musicatlas_window_frame(edges.frameStart(blockStart + offset, signal: signal), weights, real, n)
                            plan.execute(buffers)
                            buffers.power(into: p.baseAddress! + offset, stride: tileWidth)
                        }
                        // (a last, partial tile projects stale columns too; only `width` are kept)
                        filterbank.applyTile(power: p.baseAddress!, to: t.baseAddress!)
                        for band in 0..<bands {
                            (out + band * frames + blockStart).initialize(from: t.baseAddress! + band * tileWidth, count: width)
                        }
                    }
                }
            }
        }
    }

    /// The dB mel spectrogram (`power_to_db(melspectrogram(y), ref=np.max)`), `[melCount][frames]`,
    /// computed on `threads` threads (see `power(of:threads:)`; the result does not depend on it).
    public func decibels(of samples: [Float], threads: Int = 1) -> MelMatrix {
        var matrix = power(of: samples, threads: threads)
        DecibelScale.powerToDecibels(&matrix.values, amin: parameters.amin, topDB: parameters.topDB, threads: threads)
        return matrix
    }
}

/// The signal as `center=True` sees it, extended by `n_fft / 2` samples on each side — without
/// copying it: frames that lie inside the signal read it in place, and only the few frames that
/// overlap an edge read from small padded copies of the head and tail.
struct CenteredSignal {
    private let head: [Float]
    private let tail: [Float]
    private let pad: Int
    private let hop: Int
    private let count: Int
    private let fftSize: Int
    /// Index of the first padded sample `tail` holds.
    private let tailStart: Int

    init(samples: [Float], fftSize: Int, hop: Int, mode: STFTPadding) {
        pad = fftSize / 2
        self.hop = hop
        self.fftSize = fftSize
        count = samples.count
        let paddedCount = count + 2 * pad
        // Frames starting before `pad` touch the head padding (and end before `pad + n`); frames
        // from `tailStart` on may touch the tail (for a signal shorter than the pad that is every
        // frame). Copy just those spans of the padded signal.
        let headEnd = min(paddedCount, pad + fftSize)
        let frames = 1 + count / hop
        let firstTailFrame = max(0, min(frames - 1, (count + pad - fftSize) / hop))
        tailStart = firstTailFrame * hop
        let tailEnd = max(tailStart, (frames - 1) * hop + fftSize)
        let value = Self.paddedValue(samples: samples, pad: pad, mode: mode)
        head = (0..<headEnd).map(value)
        tail = (tailStart..<tailEnd).map(value)
    }

    /// Pointer to the `fftSize` padded samples of `frame`.
    @inline(__always)
    func frameStart(_ frame: Int, signal: UnsafeBufferPointer<Float>) -> UnsafePointer<Float> {
        let start = frame * hop
        if start >= tailStart {
            return tail.withUnsafeBufferPointer { $0.baseAddress! + (start - tailStart) }
        }
        if start < pad {
            return head.withUnsafeBufferPointer { $0.baseAddress! + start }
        }
        return signal.baseAddress! + (start - pad)
    }

    /// The padded signal's value at padded index `i`.
    private static func paddedValue(samples: [Float], pad: Int, mode: STFTPadding) -> (Int) -> Float {
        let count = samples.count
        return { i in
            let k = i - pad
            if k >= 0 && k < count { return samples[k] }
            guard mode == .reflect, count > 1 else { return 0 }
            // numpy "reflect": mirror about the edge samples without repeating them; a signal
            // shorter than the pad is reflected repeatedly, which this periodic walk reproduces.
            let period = 2 * (count - 1)
            var m = k % period
            if m < 0 { m += period }
            return samples[m < count ? m : period - m]
        }
    }
}
