import Foundation

/// Where `yt-dlp` is and how long one call may take. YTFetch never re-implements YouTube: every
/// network action is a `yt-dlp` subprocess with JSON output.
public struct YTDLP: Sendable {
    /// The executable.
    public var executable: String
    /// Arguments added to every call (e.g. `--cookies FILE`, `--sleep-requests 1`).
    public var extraArguments: [String]
    /// Seconds before a call is killed and reported as a timeout.
    public var timeout: TimeInterval
    /// Whether yt-dlp may read its own configuration files (`~/.config/yt-dlp/config`, …). Off by
    /// default (`--ignore-config`), so a run does the same on every machine.
    public var usesOwnConfiguration: Bool

    /// A configuration.
    public init(executable: String, extraArguments: [String] = [], timeout: TimeInterval = 300, usesOwnConfiguration: Bool = false) {
        self.executable = executable
        self.extraArguments = extraArguments
        self.timeout = timeout
        self.usesOwnConfiguration = usesOwnConfiguration
    }

    /// yt-dlp's `-t sleep` preset: 0.75 s between requests, 10–20 s before each download. With
    /// a few seconds of work per song that is at most about 240 downloads an hour per worker,
    /// under the ~300 videos an hour after which YouTube rate-limits a session (yt-dlp wiki,
    /// EXTERNAL-APIS §4.6). The default pace of a worker that talks to YouTube.
    public static let youtubePace = ["--sleep-requests", "0.75", "--sleep-interval", "10", "--max-sleep-interval", "20"]

    /// `$YTDLP`, else `.venv/bin/yt-dlp` under `searchRoots` (the project's venv), else `yt-dlp`
    /// on `PATH`; `nil` when none exists.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment,
                              searchRoots: [String] = [FileManager.default.currentDirectoryPath]) -> YTDLP? {
        if let explicit = environment["YTDLP"], !explicit.isEmpty {
            return FileManager.default.isExecutableFile(atPath: explicit) ? YTDLP(executable: explicit) : nil
        }
        for root in searchRoots {
            let candidate = (root as NSString).appendingPathComponent(".venv/bin/yt-dlp")
            if FileManager.default.isExecutableFile(atPath: candidate) { return YTDLP(executable: candidate) }
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/yt-dlp"
            if FileManager.default.isExecutableFile(atPath: candidate) { return YTDLP(executable: candidate) }
        }
        return nil
    }

    /// What one call produced.
    public struct Output: Sendable {
        /// Exit status (−1 when killed by the timeout).
        public var status: Int32
        /// Standard output.
        public var stdout: Data
        /// Standard error, as text.
        public var stderr: String
        /// Whether the timeout killed the process.
        public var timedOut: Bool
    }

    /// Runs yt-dlp with `arguments` (each one argv entry: nothing is parsed by a shell, so a
    /// query with `&`, `#` or quotes stays one argument — the seed's bug B9 cannot happen).
    public func run(_ arguments: [String]) throws(YTDLPError) -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = (usesOwnConfiguration ? [] : ["--ignore-config"]) + extraArguments + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw YTDLPError(kind: .toolMissing, message: "cannot start \(executable): \(error)")
        }
        // Drain both pipes on their own threads so a chatty child never blocks on a full pipe.
        let drained = DispatchGroup()
        nonisolated(unsafe) var stdout = Data(), stderr = Data()
        DispatchQueue.global().async(group: drained) { stdout = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: drained) { stderr = err.fileHandleForReading.readDataToEndOfFile() }
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if finished.wait(timeout: .now() + 5) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                finished.wait()
            }
        }
        drained.wait()
        return Output(status: timedOut ? -1 : process.terminationStatus, stdout: stdout,
                      stderr: String(decoding: stderr, as: UTF8.self), timedOut: timedOut)
    }
}
