/// A typed yt-dlp failure, classified from the exit code and standard error (EXTERNAL-APIS §4.4).
public struct YTDLPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, CaseIterable {
        /// "Sign in to confirm you're not a bot": stop the batch; needs cookies or another IP.
        case botCheck = "bot-check"
        /// "Your IP is likely being blocked by Youtube": ban-like; needs another IP.
        case blocked
        /// No JavaScript runtime or the challenge solver failed (yt-dlp ≥ 2025.11.12 cannot get
        /// YouTube's audio formats without one): a configuration error, not the video's fault.
        case runtimeMissing = "runtime-missing"
        /// Session rate limit or HTTP 429: pause (about an hour for the session limit).
        case rateLimited = "rate-limited"
        /// Private, removed, geo-blocked or age-gated: permanent for this video.
        case unavailable
        /// "Requested format is not available" (often a missing JS runtime).
        case formatUnavailable = "format-unavailable"
        /// Larger or longer than the configured limits.
        case tooLarge = "too-large"
        /// DNS, connection refused/reset, timeouts, HTTP 5xx.
        case network
        /// yt-dlp could not be started.
        case toolMissing = "tool-missing"
        /// yt-dlp printed something this module does not understand.
        case malformedOutput = "malformed-output"
        /// Anything else.
        case other
    }

    /// The kind.
    public var kind: Kind
    /// The first `ERROR:` line (or a summary), for logs and `jobs.last_error`.
    public var message: String

    /// Creates a failure.
    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// Whether retrying the same video later can help.
    public var isRetryable: Bool { [.rateLimited, .network, .botCheck, .other].contains(kind) }

    /// Whether the worker should stop at once: it is misconfigured, and every further job would
    /// fail the same way. (Bot checks count toward the consecutive-failure stop instead.)
    public var stopsWorker: Bool { kind == .toolMissing || kind == .runtimeMissing }

    /// What a worker should do with the job and with itself after this failure.
    public enum Handling: String, Sendable {
        /// The video cannot be had (private, removed, geo- or age-blocked, over the limits): end
        /// the job now with the reason; it says nothing about the worker, so it does not count
        /// toward the consecutive-failure stop.
        case permanent
        /// YouTube rate-limited the session: give the job back untouched and pause, then resume.
        case pause
        /// A bot check or a blocked IP: counts toward the stop (a bot check stops at once).
        case banLike = "ban-like"
        /// The worker is misconfigured (no JavaScript runtime, no yt-dlp): stop at once with the
        /// fix, give the job back, never waste more jobs.
        case configuration
        /// Transient (network, anything else): retry the job with backoff; counts toward the stop.
        case retry
    }

    /// The handling this failure's kind calls for.
    public var handling: Handling {
        switch kind {
        case .unavailable, .tooLarge: return .permanent
        case .rateLimited: return .pause
        case .botCheck, .blocked: return .banLike
        case .runtimeMissing, .toolMissing: return .configuration
        case .formatUnavailable, .network, .malformedOutput, .other: return .retry
        }
    }

    public var description: String { "\(kind.rawValue): \(message)" }

    /// Classifies a failed run.
    public static func classify(status: Int32, stderr: String, timedOut: Bool = false) -> YTDLPError {
        let errorLine = stderr.split(whereSeparator: \.isNewline).last { $0.hasPrefix("ERROR:") }.map(String.init)
            ?? stderr.split(whereSeparator: \.isNewline).last.map(String.init) ?? "exit status \(status)"
        if timedOut { return YTDLPError(kind: .network, message: "timed out: \(errorLine)") }
        let text = stderr.lowercased()
        func has(_ needles: String...) -> Bool { needles.contains { text.contains($0) } }
        let kind: Kind
        if has("confirm you’re not a bot", "confirm you're not a bot") {
            kind = .botCheck
        } else if has("your ip is likely being blocked") {
            kind = .blocked
        } else if has("rate-limited", "http error 429", "too many requests", "try again later") {
            kind = .rateLimited
        } else if has("no supported javascript runtime", "challenge solving failed") {
            // yt-dlp warns first, then fails with "Requested format is not available".
            kind = .runtimeMissing
        } else if has("requested format is not available", "only images are available") {
            kind = .formatUnavailable
        } else if has("larger than max-filesize", "does not pass filter") {
            kind = .tooLarge
        } else if has("video unavailable", "private video", "not made this video available", "confirm your age", "http error 404", "http error 410",
                      "this video has been removed", "unsupported url") {
            kind = .unavailable
        } else if has("connection refused", "timed out", "name or service not known", "temporary failure in name resolution",
                      "connection reset", "http error 5", "network is unreachable", "unable to download webpage", "unable to download video data") {
            kind = .network
        } else {
            kind = .other
        }
        return YTDLPError(kind: kind, message: errorLine)
    }
}
