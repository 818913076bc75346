import ArgumentParser
import AtlasStore
import Foundation
import Pipeline
import Readiness

extension ReadinessPurpose: ExpressibleByArgument {}

/// `atlas doctor [--for demo|live] [--json]`.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check everything a run needs and say exactly what is missing and how to fix it.",
        discussion: """
            --for demo checks what the offline demo needs (yt-dlp, the local PostgreSQL and FalkorDB, disk); --for live (the default) \
            also what a real run needs: a JavaScript runtime (Deno) and yt-dlp-ejs for YouTube, a yt-dlp younger than 60 days, \
            ffmpeg for yt-dlp, DATABASE_URL / FALKORDB_URL reachable when set, Spotify credentials (accepted by the token endpoint \
            when online), 5 GiB free under DATA. Exit status 0 only when every check passes. Credentials are never printed.
            Examples:
              atlas doctor --for demo
              atlas doctor --json | python3 -m json.tool
            """)

    @Option(name: .customLong("for"), help: "demo or live.")
    var purpose: ReadinessPurpose = .live

    @Flag(help: "Print one JSON object: {\"checks\": [{\"name\", \"ok\", \"detail\", \"fix\"}…], \"ok\": bool}.")
    var json = false

    @OptionGroup var data: DataOption

    func run() async throws {
        let doctor = Doctor(dataDirectory: data.data)
        let purpose = self.purpose
        // yt-dlp runs and connection attempts block: keep them off the cooperative pool.
        let checks = await withStoreThread { await doctor.checks(for: purpose) }
        let ok = checks.allSatisfy(\.ok)
        if json {
            struct Report: Encodable { var checks: [ReadinessCheck]; var ok: Bool }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(Report(checks: checks, ok: ok)), as: UTF8.self))
        } else {
            for check in checks {
                print("\(check.ok ? "ok  " : "FAIL") \(check.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(check.detail)")
                if !check.ok { print("     \(String(repeating: " ", count: 20)) fix: \(check.fix)") }
            }
            print(ok ? "ready for \(purpose.rawValue)" : "not ready for \(purpose.rawValue): \(checks.filter { !$0.ok }.count) check(s) failed")
        }
        if !ok { throw ExitCode(1) }
    }
}
