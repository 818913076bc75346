import Foundation
import MelSpectrogram
import TestSupport
import XCTest

/// The librosa goldens, made by `Reference/make_goldens.py` with the project's venv (`make setup`)
/// and cached under `.build/goldens/<hash of the script>/`. Without the venv the tests that need
/// them are skipped with a reason — except in CI (`CI=true`), where that is a failure.
enum ReferenceGoldens {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let script = packageRoot.appendingPathComponent("Tests/MelSpectrogramTests/Reference/make_goldens.py")

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cached: Result<String, GoldenError>?

    /// Why the goldens are not available.
    struct GoldenError: Error, CustomStringConvertible { let description: String }

    /// The golden directory, generating it on first use.
    static func directory() throws -> String {
        let result = lock.withLock { () -> Result<String, GoldenError> in
            if let cached { return cached }
            let made = Result { () throws(GoldenError) -> String in try generate() }
            cached = made
            return made
        }
        switch result {
        case .success(let path): return path
        case .failure(let error):
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                XCTFail("librosa goldens unavailable in CI: \(error)")
                throw error
            }
            throw XCTSkip("librosa goldens unavailable (run `make setup`): \(error)")
        }
    }

    /// Path of a golden file.
    static func file(_ name: String) throws -> String { (try directory() as NSString).appendingPathComponent(name) }

    /// A golden `.npy` array.
    static func array(_ name: String) throws -> NumPyArray {
        try NumPyArray(npyData: Data(contentsOf: URL(fileURLWithPath: try file(name))))
    }

    /// The venv's Python (or `MUSICATLAS_PYTHON`).
    static var python: String {
        ProcessInfo.processInfo.environment["MUSICATLAS_PYTHON"]
            ?? packageRoot.appendingPathComponent(".venv/bin/python").path
    }

    private static func generate() throws(GoldenError) -> String {
        guard let source = try? Data(contentsOf: script) else { throw GoldenError(description: "cannot read \(script.path)") }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in source { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let target = packageRoot.appendingPathComponent(".build/goldens/\(String(hash, radix: 16))").path
        if FileManager.default.fileExists(atPath: target + "/done") { return target }
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw GoldenError(description: "no Python at \(python)")
        }
        let scratch = target + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.removeItem(atPath: scratch)
        let run = ProcessRunner.run(python, [script.path, scratch])
        guard run.status == 0 else {
            throw GoldenError(description: "make_goldens.py failed (\(run.status)): \(run.stderr.suffix(2000))")
        }
        try? FileManager.default.removeItem(atPath: target)
        do {
            try FileManager.default.moveItem(atPath: scratch, toPath: target)
        } catch {
            if !FileManager.default.fileExists(atPath: target + "/done") {
                throw GoldenError(description: "cannot move goldens into place: \(error)")
            }
        }
        return target
    }
}

/// Element-wise comparison statistics of two float arrays.
struct Difference: CustomStringConvertible {
    var maximum: Double = 0
    var mean: Double = 0
    var maximumWhere: Double = 0

    /// Compares `a` with `reference`; `maximumWhere` is the maximum over cells where `include`
    /// holds for the reference value.
    init(_ a: [Float], _ reference: [Float], where include: (Float) -> Bool = { _ in false }) {
        precondition(a.count == reference.count, "sizes differ: \(a.count) vs \(reference.count)")
        var sum = 0.0
        for i in a.indices {
            let d = abs(Double(a[i]) - Double(reference[i]))
            sum += d
            maximum = max(maximum, d)
            if include(reference[i]) { maximumWhere = max(maximumWhere, d) }
        }
        mean = a.isEmpty ? 0 : sum / Double(a.count)
    }

    var description: String { "max \(maximum), mean \(mean), max(selected) \(maximumWhere)" }
}

/// A scratch directory removed when the test ends.
func temporaryDirectory(_ testCase: XCTestCase) throws -> String {
    let path = NSTemporaryDirectory() + "musicatlas-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    testCase.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}
