import Foundation

/// Picks the video for a track, modelled on spotDL's matcher (EXTERNAL-APIS §5.1, §5.3):
/// artist similarity (channel or title), title similarity, duration agreement when the track's
/// duration is known, −15 per unwanted word the track's title lacks, a Topic/official bonus and
/// views as a tie-breaker within 8 points of the best. Returns the best candidate with its score
/// and reasons, or none below the threshold.
public struct CandidateScorer: Sendable {
    /// Minimum score to accept (80, as spotDL).
    public var threshold: Double

    /// A scorer accepting at `threshold`.
    public init(threshold: Double = 80) { self.threshold = threshold }

    /// Words that mark another version of a song (penalised unless the track's title has them).
    public static let unwantedWords = [
        "live", "cover", "karaoke", "instrumental", "remix", "acoustic", "slowed", "reverb", "sped up", "8d", "nightcore",
        "bass boosted", "concert", "1 hour", "10 hours", "full album", "loop", "remastered", "acapella",
    ]

    /// Words uploads add to titles that do not name another version.
    public static let decorations: Set<String> = ["official", "audio", "video", "music", "lyric", "lyrics", "hd", "hq", "4k", "visualizer", "visualiser", "mv"]

    /// One scored candidate.
    public struct Scored: Sendable, Equatable {
        /// The candidate.
        public var candidate: VideoCandidate
        /// About 0–100; bonuses (Topic, official, views) can lift a strong match above 100.
        public var score: Double
        /// Why, for auditing (`artist 100`, `title 92`, `time Δ2s 82`, `-15 live`, …).
        public var reasons: [String]
        /// Hard filter that removed it, if any.
        public var rejected: String?
    }

    /// Every candidate scored, in input order.
    public func score(_ candidates: [VideoCandidate], for track: TrackQuery) -> [Scored] {
        candidates.map { score($0, track) }
    }

    /// The accepted candidate, or `nil` (with every score for the record).
    public func best(_ candidates: [VideoCandidate], for track: TrackQuery) -> (match: Scored?, all: [Scored]) {
        var all = score(candidates, for: track)
        let kept = all.indices.filter { all[$0].rejected == nil }
        guard let top = kept.map({ all[$0].score }).max() else { return (nil, all) }
        // spotDL: within 8 points of the best, views add up to 15 (min–max normalised).
        let band = kept.filter { all[$0].score >= top - 8 }
        let views = band.compactMap { all[$0].candidate.views }
        if let low = views.min(), let high = views.max(), high > low {
            for index in band {
                guard let v = all[index].candidate.views else { continue }
                let bonus = Double(v - low) / Double(high - low) * 15
                all[index].score += bonus
                all[index].reasons.append(String(format: "views +%.1f", bonus))
            }
        }
        // Highest score; at equal scores more views, then the earlier result.
        let best = band.max { a, b in
            (all[a].score, all[a].candidate.views ?? -1, -a) < (all[b].score, all[b].candidate.views ?? -1, -b)
        }!
        return (all[best].score >= threshold ? all[best] : nil, all)
    }

    private func score(_ candidate: VideoCandidate, _ track: TrackQuery) -> Scored {
        var reasons: [String] = []
        func reject(_ why: String) -> Scored { Scored(candidate: candidate, score: 0, reasons: reasons, rejected: why) }
        if let live = candidate.liveStatus, live == "is_live" || live == "is_upcoming" { return reject("live stream") }
        let titleWords = Set(FuzzyRatio.words(track.title)), resultWords = FuzzyRatio.words(candidate.title)
        guard titleWords.isEmpty || !titleWords.isDisjoint(with: resultWords) else { return reject("no word of the title") }
        var delta: Double?
        if let want = track.duration, let have = candidate.duration {
            let d = abs(want - have)
            if d > max(15, 0.07 * want) { return reject(String(format: "duration off by %.0f s", d)) }
            if have > 2 * want { return reject("more than twice as long") }
            delta = d
        }

        // Artist: the channel (without Topic/VEVO/Official) or the artist's words in the title.
        let artist = track.artists.first ?? ""
        let channel = (candidate.channel ?? "").replacingOccurrences(of: " - Topic", with: "")
            .replacingOccurrences(of: "VEVO", with: "").replacingOccurrences(of: "Official", with: "")
        var artistScore = FuzzyRatio.tokenSortRatio(artist, channel)
        let artistWords = FuzzyRatio.words(artist)
        if !artistWords.isEmpty {
            let found = Double(artistWords.filter(resultWords.contains).count) / Double(artistWords.count) * 100
            artistScore = max(artistScore, found)
        }
        reasons.append(String(format: "artist %.0f", artistScore))

        // Title: the result's title without the artist's words, against the track's title.
        // Upload decorations ("Official Audio", "Lyrics", "HD") say nothing about which song it is.
        var seen = Set<String>()
        let stripped = resultWords.filter { word in
            (titleWords.contains(word) || (!artistWords.contains(word) && !Self.decorations.contains(word))) && seen.insert(word).inserted
        }.joined(separator: " ")
        var nameScore = FuzzyRatio.tokenSortRatio(track.title, stripped)
        let lowerTitle = " " + FuzzyRatio.words(track.title).joined(separator: " ") + " "
        let lowerResult = " " + resultWords.joined(separator: " ") + " "
        for word in Self.unwantedWords where lowerResult.contains(" \(word) ") && !lowerTitle.contains(" \(word) ") {
            nameScore -= 15
            reasons.append("-15 \(word)")
        }
        reasons.append(String(format: "title %.0f", nameScore))
        if nameScore <= 60 { return reject(String(format: "title %.0f ≤ 60", nameScore)) }
        if artistScore < 70 { return reject(String(format: "artist %.0f < 70", artistScore)) }

        var score = (artistScore + nameScore) / 2
        if let delta {
            let time = 100 * exp(-0.1 * delta)
            reasons.append(String(format: "time Δ%.0fs %.0f", delta, time))
            if time < 50 && score < 75 { return reject("duration and text both weak") }
            // spotDL averages the time in only when the text is weak (≤ 85). Here it always
            // weighs 30 %: a video's intro or outro changes the audio the spectrograms see, so
            // of two perfect titles the one with the track's exact length should win.
            score = 0.7 * score + 0.3 * time
        }
        if (candidate.channel ?? "").hasSuffix(" - Topic") {
            score += 10
            reasons.append("+10 Topic channel")
        } else if candidate.channelVerified || lowerResult.contains(" official audio ") || lowerResult.contains(" official video ") {
            score += 5
            reasons.append("+5 official")
        }
        return Scored(candidate: candidate, score: score, reasons: reasons, rejected: nil)
    }
}
