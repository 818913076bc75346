import Foundation

/// What an installed yt-dlp can do, read from the header `yt-dlp -v` prints: its version (a
/// release date), the JavaScript runtimes it found, the `yt-dlp-ejs` challenge solver, FFmpeg.
///
/// Since yt-dlp 2025.11.12 full YouTube support needs a JavaScript runtime (Deno by default) and
/// the `yt-dlp-ejs` scripts (EXTERNAL-APIS §4.6); without them downloads end "Requested format is
/// not available". And YouTube breaks old versions within weeks, so the age matters too.
public struct YTDLPInstallation: Sendable, Equatable {
    /// The version, `2026.10.26` (yt-dlp versions are release dates).
    public var version: String
    /// `[debug] JS runtimes:` entries (`deno-2.9.8`); empty for `none`.
    public var javaScriptRuntimes: [String]
    /// The `yt_dlp_ejs-…` entry of `[debug] Optional libraries:`, if present.
    public var challengeSolver: String?
    /// The FFmpeg version of `[debug] exe versions:`, if found.
    public var ffmpeg: String?

    /// Reads the header of `yt-dlp -v`; `nil` when it has no version line.
    public static func parse(verboseOutput text: String) -> YTDLPInstallation? {
        var version: String?, runtimes: [String] = [], solver: String?, ffmpeg: String?
        for line in text.split(separator: "\n") {
            guard line.hasPrefix("[debug] ") else { continue }
            let body = line.dropFirst("[debug] ".count)
            if body.hasPrefix("yt-dlp version ") {
                // "yt-dlp version stable@2026.10.26 from yt-dlp/yt-dlp [c91f8de0b] (pip)"
                let word = body.dropFirst("yt-dlp version ".count).split(separator: " ").first ?? ""
                version = String(word.split(separator: "@").last ?? word)
            } else if body.hasPrefix("JS runtimes: ") {
                let list = body.dropFirst("JS runtimes: ".count).trimmingCharacters(in: .whitespaces)
                runtimes = list == "none" ? [] : list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            } else if body.hasPrefix("Optional libraries: ") {
                solver = body.dropFirst("Optional libraries: ".count).split(separator: ",")
                    .map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix("yt_dlp_ejs") }
            } else if body.hasPrefix("exe versions: ") {
                let words = body.dropFirst("exe versions: ".count).split(separator: " ")
                if let index = words.firstIndex(of: "ffmpeg"), index + 1 < words.count { ffmpeg = String(words[index + 1]) }
            }
        }
        guard let version else { return nil }
        return YTDLPInstallation(version: version, javaScriptRuntimes: runtimes, challengeSolver: solver, ffmpeg: ffmpeg)
    }

    /// The release date the version names (UTC midnight), if it is one.
    public var releaseDate: Date? {
        let parts = version.split(separator: ".").prefix(3).compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day) = (parts[0], parts[1], parts[2])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)
    }

    /// Whole days since the release, at `now`.
    public func ageInDays(at now: Date = Date()) -> Int? {
        releaseDate.map { Int(now.timeIntervalSince($0) / 86_400) }
    }

    /// Releases older than this are likely broken by YouTube's changes (`make update-ytdlp`).
    public static let staleAfterDays = 60
}

extension YTDLP {
    /// Runs `yt-dlp --ignore-config -v` (which prints its header and stops, asking for a URL) and
    /// reads what it can do.
    public func installation() throws(YTDLPError) -> YTDLPInstallation {
        let output = try YTDLP(executable: executable, extraArguments: [], timeout: min(timeout, 60)).run(["-v"])
        guard let found = YTDLPInstallation.parse(verboseOutput: output.stderr) else {
            throw YTDLPError(kind: .malformedOutput, message: "\(executable) -v printed no version line: \(output.stderr.suffix(200))")
        }
        return found
    }
}
