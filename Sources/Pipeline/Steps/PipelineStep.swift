/// The steps of `atlas run`, in the order they run (DESIGN.md §3, SEED-SPEC §1–§4).
package enum PipelineStep: String, Sendable, CaseIterable, Comparable {
    /// kworb's global artist list + a country chart + extra names matched through Spotify search.
    case artists
    /// kworb song pages for chart artists; Spotify albums and tracks for the others.
    case tracks
    /// Artist–track links (featuring included) between known artists and known tracks.
    case links
    /// Related artists from Spotify, or the kworb co-feature fallback when the endpoint is gone.
    case related
    /// Genre vote and popularity inference.
    case infer
    /// Seed CSVs, Neo4j bundle and GraphML under `DATA/exports`.
    case export
    /// One YouTube search job per track for the workers.
    case queue

    /// Steps in order.
    package static func < (a: PipelineStep, b: PipelineStep) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// What the step does, for `--help` and progress lines.
    package var summary: String {
        switch self {
        case .artists: return "chart artists from kworb, extra names via Spotify search"
        case .tracks: return "top songs per artist (kworb song pages; Spotify albums otherwise)"
        case .links: return "artist–track links between known artists and tracks"
        case .related: return "related artists (Spotify, or kworb co-features)"
        case .infer: return "genre vote and popularity inference"
        case .export: return "seed CSVs, Neo4j bundle, GraphML"
        case .queue: return "YouTube search jobs for the workers"
        }
    }

    /// The steps `--only` and `--from` select (`only` wins; neither = all).
    package static func selection(only: [PipelineStep], from: PipelineStep?) -> [PipelineStep] {
        if !only.isEmpty { return allCases.filter(only.contains) }
        if let from { return allCases.filter { $0 >= from } }
        return allCases
    }
}
