// Choose the YouTube upload of a track as the spotDL-like scorer does: title and artist
// similarity, duration, and penalties for live, cover and karaoke versions. Run: swift run ScoreVideoCandidates
import YTFetch

let track = TrackQuery(title: "Midnight Signal", artists: ["Nova Lux"], duration: 201)
let candidates = [
    VideoCandidate(id: "v1", url: "https://www.youtube.com/watch?v=v1", title: "Nova Lux - Midnight Signal (Live at Wembley)",
                   channel: "Nova Lux", duration: 260, views: 90_000, liveStatus: nil, channelVerified: true),
    VideoCandidate(id: "v2", url: "https://www.youtube.com/watch?v=v2", title: "Nova Lux - Midnight Signal (Official Audio)",
                   channel: "Nova Lux - Topic", duration: 202, views: 1_200_000, liveStatus: nil, channelVerified: false),
]
let (match, all) = CandidateScorer().best(candidates, for: track)
for scored in all { print("\(scored.candidate.title): \(scored.score) \(scored.rejected.map { "rejected: \($0)" } ?? "")") }
print("chosen: \(match?.candidate.url ?? "none")")
