import Foundation
import XCTest

/// The one way tests reach `../shared/fixtures` (beside the checkout). Missing in CI (`CI=true`)
/// is a failure; elsewhere the test is skipped with the reason.
public enum SharedFixtures {
    /// The package root (the folder with Package.swift).
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The fixtures folder: `$MUSICATLAS_SHARED_FIXTURES`, else `<package>/../shared/fixtures`.
    public static var root: String {
        ProcessInfo.processInfo.environment["MUSICATLAS_SHARED_FIXTURES"]
            ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures").path
    }

    /// The path of `relative` under the fixtures folder.
    public static func path(_ relative: String) throws -> String {
        let path = (root as NSString).appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: path) else {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                XCTFail("shared fixture missing in CI: \(path)")
            }
            throw XCTSkip("shared fixture not found: \(path)")
        }
        return path
    }

    /// The bytes of `relative`.
    public static func data(_ relative: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: try path(relative))) }
}

/// Runs a program to completion and captures its output.
public enum ProcessRunner {
    /// What a run produced.
    public struct Outcome: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs `executable` with `arguments` (and `environment`, if given).
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch {
            return Outcome(status: -1, stdout: "", stderr: "cannot start \(executable): \(error)")
        }
        // Drain both pipes concurrently so a chatty child cannot block on a full pipe.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The path of one of the package's debug executables (or of the one in
    /// `$MUSICATLAS_TOOLS`, to run the tool tests against another build); skips the test when it
    /// is not built.
    public static func toolPath(_ name: String) throws -> String {
        let folder = ProcessInfo.processInfo.environment["MUSICATLAS_TOOLS"] ?? SharedFixtures.packageRoot.appendingPathComponent(".build/debug").path
        let path = (folder as NSString).appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: path) else { throw XCTSkip("\(name) not built at \(path)") }
        return path
    }

    /// Runs one of the package's debug executables; skips the test when it is not built.
    public static func tool(_ name: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Outcome {
        run(try toolPath(name), arguments, environment: environment)
    }

    /// `run` on a Dispatch thread, so an async test keeps Swift's cooperative threads free — for
    /// example for a loopback server in the same process that the child talks to.
    public static func runOffPool(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) async -> Outcome {
        // `run` does not throw, so neither does this.
        try! await onDispatchThread { run(executable, arguments, environment: environment) }
    }
}
