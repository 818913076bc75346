import Foundation
import LocalServices
import TestSupport
import XCTest

/// The managed PostgreSQL shared by real `atlas` processes: a command never stops the cluster
/// under another one, concurrent starts are serialised, and a first run killed during `initdb`
/// leaves nothing that breaks the next one.
final class ManagedServicesTests: XCTestCase {
    private func atlas(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try ProcessRunner.toolPath("atlas"))
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    private func dataFolder() throws -> String {
        let data = try makeScratchDirectory("musicatlas-services")
        addTeardownBlock { _ = try? ProcessRunner.tool("atlas", ["db", "stop", "--force", "--data", data]) }
        return data
    }

    private func postmasterPID(_ data: String) -> Int32? {
        (try? String(contentsOfFile: data + "/pg/data/postmaster.pid", encoding: .utf8))?.split(separator: "\n").first.flatMap { Int32($0) }
    }

    private func wait(until condition: () -> Bool, timeout: TimeInterval, _ what: String) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            guard Date() < deadline else { throw XCTSkip("timed out waiting for \(what)") }
            usleep(20_000)
        }
    }

    /// A command that started the cluster on demand finishes while a worker uses it: the worker
    /// keeps running on the same server; the last user to leave stops it.
    func testWorkerSurvivesTheCommandThatStartedTheCluster() throws {
        let seed = (try SharedFixtures.path("seed-2020/master_artist.csv") as NSString).deletingLastPathComponent
        let data = try dataFolder()
        for round in 1...3 {
            // Round 1 creates the cluster; rounds 2 and 3 start a stopped one.
            let importer = try atlas(["import-seed", seed, "--data", data])
            try wait(until: { postmasterPID(data) != nil }, timeout: 90, "the importer to start the cluster")
            let server = postmasterPID(data)
            let worker = try atlas(["worker", "--stage", "spectrogram", "--data", data])
            importer.waitUntilExit()
            XCTAssertEqual(importer.terminationStatus, 0, "round \(round): import-seed failed")
            usleep(1_500_000)
            XCTAssertTrue(worker.isRunning, "round \(round): the worker died when the importer finished")
            XCTAssertEqual(postmasterPID(data), server, "round \(round): the cluster was restarted under the worker")
            let status = try ProcessRunner.tool("atlas", ["status", "--data", data])
            XCTAssertEqual(status.status, 0, "round \(round): \(status.stderr)")
            XCTAssertTrue(status.stdout.contains("master_artist            10146"), status.stdout)
            XCTAssertTrue(worker.isRunning, "round \(round): the worker died when status finished")
            worker.terminate()
            worker.waitUntilExit()
            // The worker's lease went with it; the next command to leave is the last user and
            // stops the cluster that was started on demand.
            XCTAssertEqual(try ProcessRunner.tool("atlas", ["status", "--data", data]).status, 0)
            XCTAssertFalse(try LocalPostgres(dataDirectory: data).isRunning, "round \(round): the last user left the cluster running")
        }
    }

    /// Two commands starting the cluster at once both succeed: on a fresh folder (one runs
    /// `initdb`, the other waits) and on a stopped cluster.
    func testConcurrentStartsAreSerialised() throws {
        let data = try dataFolder()
        for round in 1...3 {
            let first = try atlas(["status", "--data", data]), second = try atlas(["status", "--data", data])
            first.waitUntilExit()
            second.waitUntilExit()
            XCTAssertEqual([first.terminationStatus, second.terminationStatus], [0, 0], "round \(round)")
            XCTAssertFalse(try LocalPostgres(dataDirectory: data).isRunning, "round \(round): both left; the cluster should be stopped")
        }
    }

    /// `kill -9` of the first run while `initdb` writes: the next command creates the cluster
    /// afresh and works, without waiting out a timeout.
    func testKillDuringInitdbIsRedoneByTheNextCommand() throws {
        for round in 1...3 {
            let data = try dataFolder()
            let first = try atlas(["status", "--data", data])
            try wait(until: { FileManager.default.fileExists(atPath: data + "/pg/data.init") }, timeout: 60, "initdb to begin")
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
            XCTAssertFalse(FileManager.default.fileExists(atPath: data + "/pg/data/PG_VERSION"), "round \(round): a half-made cluster was published")
            let started = Date()
            let next = try ProcessRunner.tool("atlas", ["status", "--data", data])
            XCTAssertEqual(next.status, 0, "round \(round): \(next.stderr)")
            XCTAssertTrue(next.stdout.contains("master_artist"), next.stdout)
            XCTAssertLessThan(Date().timeIntervalSince(started), 45, "round \(round): the recovery waited out a timeout")
            XCTAssertFalse(FileManager.default.fileExists(atPath: data + "/pg/data.init"), "round \(round): the interrupted initdb's folder is left")
        }
    }
}
