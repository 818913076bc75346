import Foundation
import MelSpectrogram
import TestSupport
import XCTest

/// Concurrency must not change results, and the tool must behave as documented.
final class BatchRendererTests: XCTestCase {
    func testParallelRenderingIsByteIdenticalToSerial() throws {
        let inputs = try SpectrogramGoldenTests.clips.map { try ReferenceGoldens.file("\($0).wav") }
            + [try ReferenceGoldens.file("song95.wav")]
        let serial = try temporaryDirectory(self), parallel = try temporaryDirectory(self)
        let renderer = try SongRenderer(options: RenderOptions(mode: .seed2020, formats: .both))
        _ = BatchRenderer(renderer: renderer, jobs: 1).render(files: inputs, into: serial)
        _ = BatchRenderer(renderer: renderer, jobs: 4).render(files: inputs, into: parallel)
        let names = try FileManager.default.contentsOfDirectory(atPath: serial).sorted()
        XCTAssertEqual(names, try FileManager.default.contentsOfDirectory(atPath: parallel).sorted())
        for name in names {
            XCTAssertEqual(FileManager.default.contents(atPath: "\(serial)/\(name)"),
                           FileManager.default.contents(atPath: "\(parallel)/\(name)"), name)
        }
    }

    private var melspec: String {
        ReferenceGoldens.packageRoot.appendingPathComponent(".build/debug/melspec").path
    }

    func testToolReportsEachBadInputOnOneLineAndExitsNonZero() throws {
        guard FileManager.default.isExecutableFile(atPath: melspec) else { throw XCTSkip("melspec not built at \(melspec)") }
        let dir = try temporaryDirectory(self)
        _ = FileManager.default.createFile(atPath: "\(dir)/empty.mp3", contents: Data())
        let good = try ReferenceGoldens.file("song95.wav")
        let run = ProcessRunner.run(melspec, ["render", "\(dir)/empty.mp3", good, "\(dir)/gone.wav", "--out", "\(dir)/out", "--jobs", "2"])
        XCTAssertEqual(run.status, 1)
        let errors = run.stderr.split(separator: "\n").filter { $0.contains("error:") }
        XCTAssertEqual(errors.count, 2, run.stderr)
        XCTAssertTrue(errors.contains { $0.contains("\(dir)/empty.mp3") && $0.contains("empty file") }, run.stderr)
        XCTAssertTrue(errors.contains { $0.contains("\(dir)/gone.wav") && $0.contains("no such file") }, run.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(dir)/out/song95.windows.csv"))
    }

    func testToolRefusesInputsThatWouldOverwriteEachOther() throws {
        guard FileManager.default.isExecutableFile(atPath: melspec) else { throw XCTSkip("melspec not built at \(melspec)") }
        let dir = try temporaryDirectory(self)
        let run = ProcessRunner.run(melspec, ["render", "\(dir)/a/song.wav", "\(dir)/b/song.mp3", "--out", dir])
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("song"), run.stderr)
    }

    func testToolRejectsAnUnknownFormat() throws {
        guard FileManager.default.isExecutableFile(atPath: melspec) else { throw XCTSkip("melspec not built at \(melspec)") }
        let run = ProcessRunner.run(melspec, ["render", "x.wav", "--out", "/tmp/x", "--format", "jpeg"])
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("--format must be png, npy or both"), run.stderr)
    }
}
