internal import CMelKernels
/// A Slaney-normalised triangular mel filterbank, `librosa.filters.mel(norm="slaney")`, stored
/// sparsely: each band keeps only its contiguous run of non-zero weights (3–24 of 513 bins with
/// the seed's parameters), which is what makes the projection ~100× cheaper than a dense product.
///
/// Weights are bit-exact with librosa's float32 matrix: the triangle is rounded to Float first and
/// then multiplied by the float64 area norm and rounded again, as numpy's in-place `*=` does.
public struct MelFilterbank: Sendable, Equatable {
    /// Number of mel bands (rows).
    public let bandCount: Int
    /// Number of FFT bins (columns): `fftSize / 2 + 1`.
    public let binCount: Int
    /// First non-zero bin of each band.
    public let firstBin: [Int]
    /// Offsets into `weights` of each band's run; band `b` is `weights[offsets[b]..<offsets[b+1]]`.
    public let offsets: [Int]
    /// The non-zero weights of all bands, concatenated.
    public let weights: [Float]

    /// Builds the filterbank for `sampleRate`, `fftSize`, `bandCount` bands between `minHz` and
    /// `maxHz` (Slaney scale, Slaney area normalisation).
    public init(sampleRate: Int, fftSize: Int, bandCount: Int, minHz: Double = 0, maxHz: Double? = nil) {
        self.bandCount = bandCount
        binCount = fftSize / 2 + 1
        // numpy.fft.rfftfreq(n, d=1/sr): k * (1 / (n * (1 / sr))).
        let binSpacing = 1.0 / (Double(fftSize) * (1.0 / Double(sampleRate)))
        let frequencies = (0..<binCount).map { Double($0) * binSpacing }
        let edges = SlaneyMelScale.bandEdges(
            count: bandCount + 2, minHz: minHz, maxHz: maxHz ?? Double(sampleRate) / 2)

        var firstBin = [Int](), offsets = [0], weights = [Float]()
        for band in 0..<bandCount {
            let lowerWidth = edges[band + 1] - edges[band]
            let upperWidth = edges[band + 2] - edges[band + 1]
            let norm = 2.0 / (edges[band + 2] - edges[band])
            let row = frequencies.map { f -> Float in
                let lower = -(edges[band] - f) / lowerWidth
                let upper = (edges[band + 2] - f) / upperWidth
                let triangle = Float(max(0, min(lower, upper)))
                return Float(Double(triangle) * norm)
            }
            // Keep the run from the first to the last non-zero weight (triangles are contiguous).
            let first = row.firstIndex { $0 != 0 }
            if let first, let last = row.lastIndex(where: { $0 != 0 }) {
                weights.append(contentsOf: row[first...last])
            }
            firstBin.append(first ?? 0)
            offsets.append(weights.count)
        }
        self.firstBin = firstBin
        self.offsets = offsets
        self.weights = weights
    }

    /// Builds the filterbank described by `parameters`.
    public init(parameters: SpectrogramParameters) {
        self.init(
            sampleRate: parameters.sampleRate, fftSize: parameters.fftSize, bandCount: parameters.melCount,
            minHz: parameters.minFrequency, maxHz: parameters.effectiveMaxFrequency)
    }

    /// Number of stored weights (librosa's non-zero count, 2033 for 256 bands at n_fft 2048).
    public var nonZeroCount: Int { weights.lazy.filter { $0 != 0 }.count }

    /// The weight of `band` at FFT `bin` (zero outside the band's run).
    public func weight(band: Int, bin: Int) -> Float {
        let index = bin - firstBin[band]
        guard index >= 0, index < offsets[band + 1] - offsets[band] else { return 0 }
        return weights[offsets[band] + index]
    }

    /// Projects a tile of power spectra onto the bands (CMelKernels).
    ///
    /// `power` holds `binCount` rows of `MUSICATLAS_MEL_TILE_WIDTH` frames
    /// (`power[bin · width + frame]`); `output` receives `bandCount` rows of as many frames. Laid
    /// out this way every weight is one multiply-add across the whole tile, instead of a short,
    /// branchy dot product per band and frame. Per band the terms are still summed in ascending
    /// bin order, so results do not depend on the tile width.
    func applyTile(power: UnsafePointer<Float>, to output: UnsafeMutablePointer<Float>) {
        weights.withUnsafeBufferPointer { w in
            offsets.withUnsafeBufferPointer { o in
                firstBin.withUnsafeBufferPointer { first in
                    // Int is Int64 on every platform this builds for.
                    o.withMemoryRebound(to: Int64.self) { o in
                        first.withMemoryRebound(to: Int64.self) { first in
                            musicatlas_mel_tile(power, output, bandCount, first.baseAddress, o.baseAddress, w.baseAddress)
                        }
                    }
                }
            }
        }
    }
}
