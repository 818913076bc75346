import Foundation
import MelSpectrogram
import TestSupport
import XCTest

/// A 95 s song rendered by us and by the seed worker's own steps replayed with librosa, numpy and
/// matplotlib (make_goldens.py): windows, filtered window values, and image pixels.
final class SeedWorkerReplayTests: XCTestCase {
    func testSeedModeMatchesTheReplayedWorker() throws { try compare(mode: .seed2020) }

    func testDefaultModeMatchesTheReplayWithCopiedWindows() throws { try compare(mode: .standard) }

    private func compare(mode: RenderMode) throws {
        let input = try ReferenceGoldens.file("song95.wav")
        let golden = try ReferenceGoldens.file("seed95/\(mode.rawValue)")
        let out = try temporaryDirectory(self)
        let report = try SongRenderer(options: RenderOptions(mode: mode, formats: .both)).render(file: input, into: out)

        let csv = try String(contentsOfFile: "\(out)/song95.windows.csv", encoding: .utf8)
        XCTAssertEqual(csv, try String(contentsOfFile: "\(golden)/windows.csv", encoding: .utf8))
        XCTAssertEqual(report.windows.count, csv.split(separator: "\n").count - 1)

        for window in report.windows {
            let name = window.fileStem(song: "song95")
            let expected = try NumPyArray(npyData: Data(contentsOf: URL(fileURLWithPath: "\(golden)/\(name).npy")))
            let ours = try NumPyArray(npyData: Data(contentsOf: URL(fileURLWithPath: "\(out)/\(name).npy")))
            XCTAssertEqual(ours.shape, expected.shape, name)
            // The gate is discontinuous: a cell within the float32-FFT error of the median may
            // land on the other side (DSP-NOTES §5). Allow 0.1 % of cells to flip.
            let flipped = zip(ours.values, expected.values).filter { abs($0 - $1) > 5e-3 }.count
            XCTAssertLessThanOrEqual(Double(flipped), 0.001 * Double(expected.values.count), "\(name): \(flipped) cells differ")

            let ourImage = try GrayImage(pngData: Data(contentsOf: URL(fileURLWithPath: "\(out)/\(name).png")))
            let matplotlib = try GrayImage(pngData: Data(contentsOf: URL(fileURLWithPath: "\(golden)/\(name).png")))
            XCTAssertEqual([ourImage.width, ourImage.height], [matplotlib.width, matplotlib.height], name)
            let differing = zip(ourImage.pixels, matplotlib.pixels).filter { $0 != $1 }.count
            let farOff = zip(ourImage.pixels, matplotlib.pixels).filter { abs(Int($0) - Int($1)) > 1 }.count
            XCTAssertLessThanOrEqual(Double(differing), 0.001 * Double(ourImage.pixels.count), "\(name): \(differing) pixels differ")
            XCTAssertLessThanOrEqual(farOff, flipped, "\(name): pixels off by more than one level beyond flipped cells")
        }
    }

    /// The in-memory windows are the files: equal to what `render` writes as `.npy`, and as close
    /// to the replayed seed worker as those are — in seed2020 mode that includes B12, each window
    /// gated over values the previous window already gated.
    func testInMemoryWindowsMatchTheReplayedWorkerAndTheFiles() throws {
        let input = try ReferenceGoldens.file("song95.wav")
        for mode in RenderMode.allCases {
            let golden = try ReferenceGoldens.file("seed95/\(mode.rawValue)")
            let renderer = try SongRenderer(options: RenderOptions(mode: mode, formats: .npy))
            let windows = try renderer.windows(ofFile: input)
            let out = try temporaryDirectory(self)
            let report = try renderer.render(file: input, into: out)
            XCTAssertEqual(windows.map(\.window), report.windows, "\(mode)")
            for item in windows {
                let name = item.window.fileStem(song: "song95")
                let written = try NumPyArray(npyData: Data(contentsOf: URL(fileURLWithPath: "\(out)/\(name).npy")))
                XCTAssertEqual(written, NumPyArray(item.values), "\(mode) \(name): memory and file differ")
                let expected = try NumPyArray(npyData: Data(contentsOf: URL(fileURLWithPath: "\(golden)/\(name).npy")))
                let flipped = zip(item.values.values, expected.values).filter { abs($0 - $1) > 5e-3 }.count
                XCTAssertLessThanOrEqual(Double(flipped), 0.001 * Double(expected.values.count), "\(mode) \(name): \(flipped) cells differ")
            }
        }
        // The two modes differ only through B12 (and the padding): the seed's gated overlap.
        let seed = try SongRenderer(options: RenderOptions(mode: .seed2020)).windows(ofFile: input)
        let standard = try SongRenderer(options: RenderOptions(mode: .standard)).windows(ofFile: input)
        XCTAssertNotEqual(seed.map(\.values), standard.map(\.values))
    }

    /// numpy itself must read what we write.
    func testNumPyLoadsOurArrays() throws {
        let out = try temporaryDirectory(self)
        let report = try SongRenderer(options: RenderOptions(mode: .standard, formats: .npy))
            .render(file: try ReferenceGoldens.file("song95.wav"), into: out)
        let window = report.windows[1].fileStem(song: "song95")
        let check = ProcessRunner.run(ReferenceGoldens.python, [
            "-c", "import numpy as np, sys; a = np.load(sys.argv[1]); b = np.load(sys.argv[2]); "
                + "print(a.dtype, a.shape, b.shape, float(a.max()), float(a.min()))",
            "\(out)/song95.npy", "\(out)/\(window).npy",
        ])
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertEqual(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "float32 (256, 2969) (256, 937) 0.0 -80.0")
    }
}
