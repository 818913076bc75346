/// Searches with yt-dlp and returns the candidates.
public struct VideoSearch: Sendable {
    /// The tool.
    public var ytdlp: YTDLP
    /// Where to search.
    public var source: SearchSource
    /// Results per search (10, as spotDL's band).
    public var count: Int

    /// A search.
    public init(ytdlp: YTDLP, source: SearchSource = .youtube, count: Int = 10) {
        self.ytdlp = ytdlp
        self.source = source
        self.count = count
    }

    /// The query the seed would have typed (`<title> <artist>`), here always one argument.
    public static func query(title: String, artist: String) -> String { "\(artist) \(title)".trimmingCharacters(in: .whitespaces) }

    /// Candidates for `query`.
    public func candidates(for query: String) throws(YTDLPError) -> [VideoCandidate] {
        let output = try ytdlp.run(["--flat-playlist", "-J", "--no-warnings", "--", source.target(query: query, count: count)])
        guard output.status == 0 else { throw YTDLPError.classify(status: output.status, stderr: output.stderr, timedOut: output.timedOut) }
        return try SearchResultParser.parse(output.stdout)
    }
}
