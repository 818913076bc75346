import KworbScraper
import MelSpectrogram
import MusicGraph

/// How the whole pipeline behaves: `standard` works on today's sources with the 2020 bugs fixed;
/// `seed2020` reproduces the 2020 pipeline exactly from recorded data (SEED-SPEC §1–§6, bugs
/// B1–B19 kept on purpose).
///
/// Each product has a mode of its own for its own concern (`KworbMode` for page parsing,
/// `GraphMode` for matching and inference, `RenderMode` for the DSP); this type is the one the
/// pipeline and its commands take, and it says what each product gets.
package enum PipelineMode: String, Sendable, CaseIterable, Codable {
    /// The 2020 pipeline's rules, bugs included.
    case seed2020
    /// Today's sources, bugs fixed (`--mode default` on the command line).
    case standard = "default"

    /// The mode for MusicGraph's matching, genre vote, popularity and exports.
    package var graphMode: GraphMode {
        switch self {
        case .seed2020: return .seed2020
        case .standard: return .standard
        }
    }

    /// The mode for kworb page parsing and song selection.
    package var kworbMode: KworbMode {
        switch self {
        case .seed2020: return .seed2020
        case .standard: return .standard
        }
    }

    /// The mode for spectrogram rendering.
    package var renderMode: RenderMode {
        switch self {
        case .seed2020: return .seed2020
        case .standard: return .standard
        }
    }
}
