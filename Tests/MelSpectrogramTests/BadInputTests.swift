import Foundation
import MelSpectrogram
import XCTest

/// Every kind of bad input gets a typed error naming the file, never a crash or partial output.
final class BadInputTests: XCTestCase {
    private func decodeError(_ path: String, limits: DecodeLimits = DecodeLimits()) -> AudioDecodingError? {
        do {
            _ = try AudioDecoder(limits: limits).decode(contentsOf: path)
            return nil
        } catch {
            return error
        }
    }

    func testMissingFile() throws {
        let dir = try temporaryDirectory(self)
        XCTAssertEqual(decodeError("\(dir)/nope.mp3"), .fileNotFound(path: "\(dir)/nope.mp3"))
    }

    func testDirectory() throws {
        let dir = try temporaryDirectory(self)
        XCTAssertEqual(decodeError(dir), .notARegularFile(path: dir))
    }

    func testEmptyFile() throws {
        let dir = try temporaryDirectory(self)
        _ = FileManager.default.createFile(atPath: "\(dir)/empty.wav", contents: Data())
        XCTAssertEqual(decodeError("\(dir)/empty.wav"), .emptyFile(path: "\(dir)/empty.wav"))
    }

    func testTextAndRandomBytesAreNotAudio() throws {
        let dir = try temporaryDirectory(self)
        _ = FileManager.default.createFile(atPath: "\(dir)/notes.mp3", contents: Data("this is not audio\n".utf8))
        var generator = SystemRandomNumberGenerator()
        let noise = Data((0..<50_000).map { _ in UInt8.random(in: 0...255, using: &generator) })
        _ = FileManager.default.createFile(atPath: "\(dir)/noise.wav", contents: noise)
        for name in ["notes.mp3", "noise.wav"] {
            let error = decodeError("\(dir)/\(name)")
            XCTAssertNotNil(error, name)
            XCTAssertEqual(error?.path, "\(dir)/\(name)")
            switch error {
            case .notAudio?, .noAudioStream?, .corrupt?, .noAudioData?: break
            default: XCTFail("\(name): unexpected \(String(describing: error))")
            }
        }
    }

    func testTruncatedWavAndMP3() throws {
        let dir = try temporaryDirectory(self)
        for source in ["clip_44100_2.wav", "clip_44100_2.mp3"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: try ReferenceGoldens.file(source)))
            let cut = "\(dir)/cut-\(source)"
            _ = FileManager.default.createFile(atPath: cut, contents: data.prefix(data.count / 2))
            guard case .truncated(let path, let declared, let decoded)? = decodeError(cut) else {
                XCTFail("\(source): expected truncated, got \(String(describing: decodeError(cut)))")
                continue
            }
            XCTAssertEqual(path, cut)
            XCTAssertEqual(declared, 4, accuracy: 0.1)
            XCTAssertLessThan(decoded, 2.5)
        }
    }

    func testHeaderOnlyWav() throws {
        let dir = try temporaryDirectory(self)
        let data = try Data(contentsOf: URL(fileURLWithPath: try ReferenceGoldens.file("clip_16000_1.wav")))
        _ = FileManager.default.createFile(atPath: "\(dir)/header.wav", contents: data.prefix(44))
        XCTAssertNotNil(decodeError("\(dir)/header.wav"))
    }

    /// One bad file in a batch fails alone; the good ones are rendered; nothing partial is left.
    func testBatchKeepsGoingAndLeavesNoPartialFiles() throws {
        let dir = try temporaryDirectory(self)
        let out = "\(dir)/out"
        _ = FileManager.default.createFile(atPath: "\(dir)/bad.wav", contents: Data("RIFF....WAVEfmt ".utf8))
        let good = try ReferenceGoldens.file("song95.wav")
        let renderer = try SongRenderer(options: RenderOptions(mode: .standard, formats: .png))
        let results = BatchRenderer(renderer: renderer, jobs: 2).render(files: ["\(dir)/bad.wav", good, "\(dir)/missing.ogg"], into: out)
        XCTAssertEqual(results.count, 3)
        guard case .failure(.decoding(let first)) = results[0], case .success(let report) = results[1],
            case .failure(.decoding(.fileNotFound(let missing))) = results[2]
        else { return XCTFail("unexpected results \(results)") }
        XCTAssertEqual(first.path, "\(dir)/bad.wav")
        XCTAssertEqual(missing, "\(dir)/missing.ogg")
        let written = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        XCTAssertEqual(written.count, report.windows.count + 1)
        XCTAssertTrue(written.allSatisfy { $0.hasPrefix("song95") }, "\(written)")
    }

    func testShortSongWritesNoWindowAndSaysSo() throws {
        let out = try temporaryDirectory(self)
        let report = try SongRenderer().render(file: try ReferenceGoldens.file("clip_16000_1.wav"), into: out)
        XCTAssertTrue(report.windows.isEmpty)
        XCTAssertTrue(report.note?.contains("shorter than the 30 s window") ?? false, report.note ?? "no note")
        XCTAssertEqual(try String(contentsOfFile: "\(out)/clip_16000_1.windows.csv", encoding: .utf8), "win,ini,fin,rows,cols\n")
    }

    func testUnwritableOutputIsATypedError() throws {
        let dir = try temporaryDirectory(self)
        _ = FileManager.default.createFile(atPath: "\(dir)/file", contents: Data())
        XCTAssertThrowsError(try SongRenderer().render(file: try ReferenceGoldens.file("song95.wav"), into: "\(dir)/file/out")) { error in
            guard case .output(let path, _)? = error as? RenderError else { return XCTFail("got \(error)") }
            XCTAssertTrue(path.hasPrefix("\(dir)/file"))
        }
    }
}
