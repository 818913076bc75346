import MelSpectrogram
import XCTest

/// Whole-clip dB mel spectrograms against librosa (DSP-NOTES §6 tolerances for a float32 FFT:
/// max ≤ 5e-3 dB, mean ≤ 1e-4 dB, cells above −40 dB ≤ 1e-4 dB).
final class SpectrogramGoldenTests: XCTestCase {
    static let clips = [16000, 22050, 44100, 48000].flatMap { sr in [1, 2].map { "clip_\(sr)_\($0)" } }

    func testDecibelsMatchLibrosaInBothPaddingModes() throws {
        for mode in RenderMode.allCases {
            let analyzer = try MelSpectrogramAnalyzer(parameters: .forMode(mode))
            for clip in Self.clips {
                let samples = try ReferenceGoldens.array("\(clip).load.npy").values
                let golden = try ReferenceGoldens.array("\(clip).\(mode.rawValue).npy")
                let ours = analyzer.decibels(of: samples)
                XCTAssertEqual([ours.rows, ours.columns], golden.shape, "\(clip) \(mode)")
                let d = Difference(ours.values, golden.values, where: { $0 > -40 })
                XCTAssertLessThanOrEqual(d.maximum, 5e-3, "\(clip) \(mode): \(d)")
                XCTAssertLessThanOrEqual(d.mean, 1e-4, "\(clip) \(mode): \(d)")
                XCTAssertLessThanOrEqual(d.maximumWhere, 1e-4, "\(clip) \(mode): \(d)")
            }
        }
    }

    /// Splitting the frames (and the dB pass) across threads computes every cell as one thread
    /// does: the same bits for any thread count (95 s = 47 tiles of 64 frames).
    func testThreadCountDoesNotChangeTheResult() throws {
        let analyzer = try MelSpectrogramAnalyzer(parameters: .forMode(.seed2020))
        let samples = try AudioDecoder().decode(contentsOf: try ReferenceGoldens.file("song95.wav")).samples
        let one = analyzer.decibels(of: samples)
        for threads in [2, 3, 7] {
            let many = analyzer.decibels(of: samples, threads: threads)
            XCTAssertEqual(many.columns, one.columns)
            XCTAssertTrue(many.values.elementsEqual(one.values) { $0.bitPattern == $1.bitPattern }, "\(threads) threads")
        }
    }

    /// The inner loops' two builds (CMelKernels: x86-64 baseline and AVX2) give the same bits, so
    /// a window's SHA-256 does not depend on the machine that rendered it.
    func testBaselineAndAVX2KernelsGiveTheSameBits() throws {
        let analyzer = try MelSpectrogramAnalyzer(parameters: .forMode(.seed2020))
        let samples = try AudioDecoder().decode(contentsOf: try ReferenceGoldens.file("song95.wav")).samples
        let saved = MelKernels.avx2
        defer { MelKernels.avx2 = saved }
        MelKernels.avx2 = false
        XCTAssertFalse(MelKernels.avx2)
        let baseline = analyzer.decibels(of: samples)
        MelKernels.avx2 = true
        guard MelKernels.avx2 else { throw XCTSkip("this CPU has no AVX2: only the baseline build can run") }
        let avx2 = analyzer.decibels(of: samples)
        XCTAssertEqual(avx2.columns, baseline.columns)
        XCTAssertTrue(avx2.values.elementsEqual(baseline.values) { $0.bitPattern == $1.bitPattern })

        // Hostile power values too: zeros, negatives, subnormals, a NaN and an infinity part-way
        // (from there on the scalar log takes over, in both builds alike).
        var generator = SystemRandomNumberGenerator()
        var power = (0..<4_099).map { _ in Float.random(in: 0...1e3, using: &generator) }
        power[3] = 0
        power[5] = -1
        power[7] = .leastNonzeroMagnitude
        power[2_050] = .nan
        power[3_001] = .infinity
        for topDB in [Float(80), nil] {
            var viaBaseline = power, viaAVX2 = power
            MelKernels.avx2 = false
            DecibelScale.powerToDecibels(&viaBaseline, topDB: topDB)
            MelKernels.avx2 = true
            DecibelScale.powerToDecibels(&viaAVX2, topDB: topDB)
            XCTAssertTrue(viaAVX2.elementsEqual(viaBaseline) { $0.bitPattern == $1.bitPattern }, "top_db \(String(describing: topDB))")
        }
    }

    func testWholeFileDecodeAndDecibelsMatchLibrosa() throws {
        let analyzer = try MelSpectrogramAnalyzer(parameters: .forMode(.seed2020))
        for clip in Self.clips {
            let audio = try AudioDecoder().decode(contentsOf: try ReferenceGoldens.file("\(clip).wav"))
            let golden = try ReferenceGoldens.array("\(clip).seed2020.npy")
            let d = Difference(analyzer.decibels(of: audio.samples).values, golden.values)
            XCTAssertLessThanOrEqual(d.maximum, 5e-3, "\(clip): \(d)")
            XCTAssertLessThanOrEqual(d.mean, 1e-4, "\(clip): \(d)")
        }
    }

    /// `ref = max` hides level errors (swresample's default downmix is +3 dB), so check the
    /// un-normalised power of a stereo file against librosa's.
    func testPowerLevelMatchesLibrosa() throws {
        let audio = try AudioDecoder().decode(contentsOf: try ReferenceGoldens.file("clip_44100_2.wav"))
        let golden = try ReferenceGoldens.array("clip_44100_2.power.npy")
        let ours = try MelSpectrogramAnalyzer(parameters: .forMode(.seed2020)).power(of: audio.samples)
        let peak = golden.values.max()!
        var worst = 0.0
        for i in golden.values.indices where golden.values[i] > peak * 1e-4 {
            worst = max(worst, abs(Double(ours.values[i]) / Double(golden.values[i]) - 1))
        }
        XCTAssertLessThan(worst, 1e-3, "relative power error")
    }

    func testFrameCountIsOnePlusSamplesOverHop() throws {
        let analyzer = try MelSpectrogramAnalyzer()
        for count in [1, 511, 512, 513, 16000, 48_000] {
            let matrix = analyzer.decibels(of: [Float](repeating: 0.1, count: count))
            XCTAssertEqual(matrix.columns, 1 + count / 512)
            XCTAssertEqual(matrix.rows, 256)
        }
    }

    func testDecibelsLieBetweenMinusTopDBAndZero() throws {
        let samples = try ReferenceGoldens.array("clip_22050_2.load.npy").values
        let matrix = try MelSpectrogramAnalyzer().decibels(of: samples)
        XCTAssertEqual(matrix.maximum, 0)
        XCTAssertGreaterThanOrEqual(matrix.minimum, -80)
    }

    func testInvalidParametersAreRejectedByName() {
        XCTAssertThrowsError(try MelSpectrogramAnalyzer(parameters: SpectrogramParameters(fftSize: 1023))) { error in
            XCTAssertEqual(error as? SpectrogramParameterError, .invalid("fftSize", "must be even and ≥ 2"))
        }
        XCTAssertThrowsError(try MelSpectrogramAnalyzer(parameters: SpectrogramParameters(maxFrequency: 9000)))
    }
}
