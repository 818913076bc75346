/// One search result as yt-dlp's flat search lists it (EXTERNAL-APIS §4.1).
public struct VideoCandidate: Sendable, Hashable, Codable {
    /// Video id (`nil` for generic-extractor entries, which have only a URL).
    public var id: String?
    /// The URL to download.
    public var url: String
    /// Title.
    public var title: String
    /// Channel (or uploader) name.
    public var channel: String?
    /// Duration in seconds, when known.
    public var duration: Double?
    /// View count, when known.
    public var views: Int64?
    /// `is_live`, `is_upcoming`, `was_live`, or `nil`.
    public var liveStatus: String?
    /// Whether the channel is verified.
    public var channelVerified: Bool

    /// Creates a candidate.
    public init(id: String?, url: String, title: String, channel: String?, duration: Double?, views: Int64?,
                liveStatus: String? = nil, channelVerified: Bool = false) {
        self.id = id
        self.url = url
        self.title = title
        self.channel = channel
        self.duration = duration
        self.views = views
        self.liveStatus = liveStatus
        self.channelVerified = channelVerified
    }
}
