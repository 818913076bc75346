/// One finding of `atlas doctor`: what was checked, whether it passed, what was found, and what
/// to do when it did not pass. Details never hold credentials (URLs are masked).
package struct ReadinessCheck: Sendable, Equatable, Codable {
    /// What was checked (`yt-dlp`, `JavaScript runtime`, `PostgreSQL`, …).
    package var name: String
    /// Whether it passed for the use asked about.
    package var ok: Bool
    /// What was found.
    package var detail: String
    /// How to fix it (empty when it passed).
    package var fix: String

    /// A finding.
    package init(name: String, ok: Bool, detail: String, fix: String = "") {
        self.name = name
        self.ok = ok
        self.detail = detail
        self.fix = ok ? "" : fix
    }
}

/// What the checks are for: the offline demo, or a real run against today's sources.
package enum ReadinessPurpose: String, Sendable, CaseIterable {
    /// `atlas demo`: local services and the venv's yt-dlp; no network, no credentials.
    case demo
    /// `atlas run` + `atlas worker` on the real internet: also a JavaScript runtime and the
    /// challenge solver for YouTube, a fresh yt-dlp, Spotify credentials, room on disk.
    case live
}
