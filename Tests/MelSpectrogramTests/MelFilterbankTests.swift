import MelSpectrogram
import XCTest

/// The filterbank against `librosa.filters.mel` (bit-exact expected, ≤ 2 ulp asserted).
final class MelFilterbankTests: XCTestCase {
    func testMatchesLibrosaWithinTwoUlp() throws {
        let cases: [(Int, Int, Int, Double)] = [
            (16000, 1024, 256, 8000), (16000, 2048, 256, 8000), (22050, 2048, 128, 11025), (16000, 512, 64, 4000),
        ]
        for (sr, nfft, bands, fmax) in cases {
            let golden = try ReferenceGoldens.array("mel_\(sr)_\(nfft)_\(bands)_\(Int(fmax)).npy")
            XCTAssertEqual(golden.shape, [bands, nfft / 2 + 1])
            let ours = MelFilterbank(sampleRate: sr, fftSize: nfft, bandCount: bands, minHz: 0, maxHz: fmax)
            var worstUlp: UInt32 = 0, goldenNonZero = 0
            for band in 0..<bands {
                for bin in 0...(nfft / 2) {
                    let expected = golden.values[band * (nfft / 2 + 1) + bin]
                    let actual = ours.weight(band: band, bin: bin)
                    if expected != 0 { goldenNonZero += 1 }
                    let ulp = expected == actual ? 0 : UInt32(abs(Int64(expected.bitPattern) - Int64(actual.bitPattern)))
                    worstUlp = max(worstUlp, ulp)
                }
            }
            XCTAssertLessThanOrEqual(worstUlp, 2, "sr \(sr) nfft \(nfft) bands \(bands)")
            XCTAssertEqual(ours.nonZeroCount, goldenNonZero, "non-zero count for sr \(sr) nfft \(nfft)")
        }
    }

    func testEveryBandIsOneContiguousRun() {
        let bank = MelFilterbank(parameters: SpectrogramParameters())
        for band in 0..<bank.bandCount {
            let run = bank.weights[bank.offsets[band]..<bank.offsets[band + 1]]
            XCTAssertFalse(run.isEmpty, "band \(band) is empty")
            XCTAssertNotEqual(run.first, 0)
            XCTAssertNotEqual(run.last, 0)
        }
    }

    func testSlaneyScaleRoundTrips() {
        for hz in stride(from: 0.0, through: 8000, by: 123.25) {
            XCTAssertEqual(SlaneyMelScale.hz(fromMel: SlaneyMelScale.mel(fromHz: hz)), hz, accuracy: 1e-9 * max(1, hz))
        }
        XCTAssertEqual(SlaneyMelScale.mel(fromHz: 1000), 15, accuracy: 1e-12)
    }
}
