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

    /// `kill -9` mid-render, leftovers of a dead writer and an old Foundation temporary: the next
    /// render into the folder leaves no hidden temporary file and every window whole.
    func testAKilledRenderLeavesNoTemporaryFilesAfterTheNextRun() throws {
        guard FileManager.default.isExecutableFile(atPath: melspec) else { throw XCTSkip("melspec not built at \(melspec)") }
        let dir = try temporaryDirectory(self)
        let song = try ReferenceGoldens.file("song95.wav")
        let inputs = (0..<4).map { "\(dir)/song\($0).wav" }
        for input in inputs { try FileManager.default.copyItem(atPath: song, toPath: input) }
        let out = "\(dir)/out"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: melspec)
        process.arguments = ["render"] + inputs + ["--out", out, "--jobs", "1", "--format", "both"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(300_000)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // What a writer killed mid-file leaves, whatever this kill hit: a partial of a process that
        // is gone, and a temporary of Foundation's atomic write (which melspec used before).
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try Data("half".utf8).write(to: URL(fileURLWithPath: "\(out)/.song0__0__0__30.png.partial-\(gone.processIdentifier)"))
        let stale = "\(out)/.dat.nosyncA1B2"
        try Data("half".utf8).write(to: URL(fileURLWithPath: stale))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-300)], ofItemAtPath: stale)

        let rerun = ProcessRunner.run(melspec, ["render"] + inputs + ["--out", out, "--jobs", "1", "--format", "both"])
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        let hidden = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix(".") }
        XCTAssertEqual(hidden, [], "temporary files left: \(hidden)")
        for index in 0..<4 {
            let windows = try String(contentsOfFile: "\(out)/song\(index).windows.csv", encoding: .utf8).split(separator: "\n").count - 1
            XCTAssertGreaterThan(windows, 0)
            for file in try FileManager.default.contentsOfDirectory(atPath: out) where file.hasPrefix("song\(index)__") && file.hasSuffix(".npy") {
                XCTAssertNoThrow(try NumPyArray(npyData: Data(contentsOf: URL(fileURLWithPath: "\(out)/\(file)"))), file)
            }
        }
    }

    func testToolRejectsAnUnknownFormat() throws {
        guard FileManager.default.isExecutableFile(atPath: melspec) else { throw XCTSkip("melspec not built at \(melspec)") }
        let run = ProcessRunner.run(melspec, ["render", "x.wav", "--out", "/tmp/x", "--format", "jpeg"])
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("--format must be png, npy or both"), run.stderr)
    }
}
