import Foundation

/// Downloads a video's audio with yt-dlp to `<directory>/<track id>.<ext>`: best audio by
/// default (the seed took the worst), with size and duration limits, a download archive so a
/// video is fetched once, and failures typed from the exit code and standard error.
public struct AudioDownloader: Sendable {
    /// Which audio stream to take.
    public enum Quality: String, Sendable, CaseIterable {
        /// `bestaudio/best`.
        case best
        /// `worstaudio/worst`, as the 2020 workers did.
        case worst
    }

    /// The tool.
    public var ytdlp: YTDLP
    /// Stream choice.
    public var quality: Quality
    /// Largest file accepted (the seed dropped files over 10 MB; default 50 MB for best audio).
    public var maxBytes: Int64?
    /// Longest audio accepted, seconds.
    public var maxDuration: Double?
    /// yt-dlp's `--download-archive` file, if any.
    public var archive: String?

    /// A downloader.
    public init(ytdlp: YTDLP, quality: Quality = .best, maxBytes: Int64? = 50 << 20, maxDuration: Double? = 900, archive: String? = nil) {
        self.ytdlp = ytdlp
        self.quality = quality
        self.maxBytes = maxBytes
        self.maxDuration = maxDuration
        self.archive = archive
    }

    /// A downloaded file and what yt-dlp said it is (`nil` fields when it did not say, or when
    /// the file was already there).
    public struct Downloaded: Sendable, Equatable {
        /// The audio file.
        public var path: String
        /// yt-dlp's format id (`251` = Opus in WebM, `140` = AAC in M4A on YouTube).
        public var formatID: String?
        /// The audio codec (`opus`, `mp4a.40.2`, …).
        public var codec: String?
        /// The sample rate in Hz.
        public var sampleRate: Int?
        /// The duration in seconds.
        public var duration: Double?

        /// A file with what yt-dlp's format line said (`format_id`, `acodec`, `asr`, `duration`;
        /// yt-dlp prints `NA` or `none` for what it does not know).
        init(path: String, format: [String] = []) {
            func field(_ index: Int) -> String? {
                guard index < format.count, !format[index].isEmpty, format[index] != "NA", format[index] != "none" else { return nil }
                return format[index]
            }
            self.path = path
            formatID = field(0)
            codec = field(1)
            sampleRate = field(2).flatMap { Double($0) }.flatMap { $0 > 0 ? Int($0) : nil }
            duration = field(3).flatMap(Double.init)
        }

        /// The tab-separated values after the marker.
        static func fields(_ line: String) -> [String] {
            line.split(separator: "\t", omittingEmptySubsequences: false).dropFirst().map(String.init)
        }
    }

    /// The marker of the metadata line this downloader asks yt-dlp to print.
    static let metadataMarker = "MUSICATLAS-FORMAT"

    /// Downloads `url`; returns the file written (or already there from an earlier run).
    public func download(url: String, trackID: String, into directory: String) throws(YTDLPError) -> String {
        try downloadWithDetails(url: url, trackID: trackID, into: directory).path
    }

    /// Downloads like `download(url:trackID:into:)` and also returns the format yt-dlp chose.
    public func downloadWithDetails(url: String, trackID: String, into directory: String) throws(YTDLPError) -> Downloaded {
        // The id becomes part of an output template: only plain characters may go in.
        guard !trackID.isEmpty, trackID.utf8.allSatisfy({ $0 == 45 || $0 == 95 || ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }) else {
            throw YTDLPError(kind: .other, message: "track id '\(trackID)' is not a plain id")
        }
        if let existing = Self.existing(trackID: trackID, in: directory) { return Downloaded(path: existing) }
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw YTDLPError(kind: .other, message: "cannot create \(directory): \(error)")
        }
        var arguments = ["-f", quality == .best ? "bestaudio/best" : "worstaudio/worst", "--no-playlist", "--no-progress",
                         "--print", "after_move:filepath", "--no-simulate", "--no-quiet", "-o", (directory as NSString).appendingPathComponent("\(trackID).%(ext)s")]
        if let maxBytes { arguments += ["--max-filesize", String(maxBytes)] }
        if let maxDuration { arguments += ["--match-filters", "!is_live & duration <=? \(Int(maxDuration))"] }
        if let archive { arguments += ["--download-archive", archive] }
        arguments += ["--print", "after_move:\(Self.metadataMarker)\t%(format_id)s\t%(acodec)s\t%(asr)s\t%(duration)s"]
        let output = try ytdlp.run(arguments + ["--", url])
        guard output.status == 0 else { throw YTDLPError.classify(status: output.status, stderr: output.stderr, timedOut: output.timedOut) }
        // `--no-quiet` keeps yt-dlp's own lines (needed to tell why nothing was written); the
        // printed path is the line naming a file that exists.
        let lines = String(decoding: output.stdout, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
        let format = lines.last { $0.hasPrefix(Self.metadataMarker + "\t") }.map(Downloaded.fields) ?? []
        if let path = lines.last(where: { $0.hasPrefix("/") && FileManager.default.fileExists(atPath: $0) }) { return Downloaded(path: path, format: format) }
        if let existing = Self.existing(trackID: trackID, in: directory) { return Downloaded(path: existing, format: format) }
        let stdout = String(decoding: output.stdout, as: UTF8.self)
        let said = (stdout + "\n" + output.stderr).lowercased()
        if said.contains("larger than max-filesize") { throw YTDLPError(kind: .tooLarge, message: "larger than \(maxBytes ?? 0) bytes") }
        if said.contains("does not pass filter") { throw YTDLPError(kind: .tooLarge, message: "longer than \(Int(maxDuration ?? 0)) s or live") }
        if said.contains("already been recorded in the archive") {
            throw YTDLPError(kind: .other, message: "in the download archive but no file for \(trackID) in \(directory)")
        }
        throw YTDLPError(kind: .malformedOutput, message: "yt-dlp exited 0 without writing a file")
    }

    /// A finished file for `trackID` in `directory` (not a `.part`).
    public static func existing(trackID: String, in directory: String) -> String? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        return names.sorted().first { $0.hasPrefix(trackID + ".") && !$0.hasSuffix(".part") && !$0.hasSuffix(".ytdl") }
            .map { (directory as NSString).appendingPathComponent($0) }
    }
}
