import AtlasStore
import Foundation
import MelSpectrogram

/// What a window was made with: the DSP parameters, the window plan, the gate and the versions of
/// the tools. Its canonical JSON (sorted keys) is the identity of a `spectrogram_recipe` row and
/// goes verbatim into a dataset's `dataset.json`.
package struct SpectrogramRecipe: Sendable, Equatable {
    /// The canonical JSON.
    package let json: String

    /// This build's version, recorded with every recipe.
    package static let toolVersion = "MusicAtlas 2026.12"

    /// The decoders this build reads audio with: libsndfile (libmpg123 inside it) for MP3 and Ogg,
    /// as librosa does, and FFmpeg for the rest (see AudioDecoder).
    package static var decoders: String {
        "\(AudioDecoder.libsndfileVersion) (libmpg123) for MP3 and Ogg; FFmpeg \(AudioDecoder.ffmpegVersion) for everything else"
    }

    /// The recipe of `options` with this build's decoders.
    package init(options: RenderOptions) {
        let p = options.parameters
        let fields: [String: Any] = [
            "mode": options.mode.rawValue,
            "sample_rate": p.sampleRate, "n_fft": p.fftSize, "hop_length": p.hopLength, "n_mels": p.melCount,
            "fmin": p.minFrequency, "fmax": p.effectiveMaxFrequency, "padding": "\(p.padding)",
            "top_db": p.topDB.map { Double($0) as Any } ?? NSNull(), "amin": Double(p.amin),
            "window_seconds": options.windowPlan.length, "hop_seconds": options.windowPlan.step,
            "median_gate": "values below the window's median become its minimum",
            "decoder": Self.decoders, "tool": Self.toolVersion, "dtype": "float32",
        ]
        let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        // (JSONSerialization writes the keys sorted; the recipe's identity is this exact text.)
        json = String(decoding: data, as: UTF8.self)
    }

    /// The recipe's id, stored if new.
    package func register(on connection: PostgresConnection) throws(PostgresError) -> Int64 {
        // An existing recipe is read, not inserted again: every INSERT draws an id from the
        // sequence even when it conflicts, and ids should not depend on how many workers started.
        if let known = try connection.execute("SELECT recipe_id FROM spectrogram_recipe WHERE parameters = $1", [json],
                                              purpose: "find the spectrogram recipe").rows.first?["recipe_id"].flatMap({ Int64($0) }) {
            return known
        }
        // DO UPDATE (a no-op) rather than DO NOTHING: it returns the row even when another worker
        // inserted it a moment ago, which a separate SELECT in the same snapshot would not see.
        let rows = try connection.execute("""
            INSERT INTO spectrogram_recipe (parameters) VALUES ($1)
            ON CONFLICT (parameters) DO UPDATE SET parameters = EXCLUDED.parameters RETURNING recipe_id
            """, [json], purpose: "register the spectrogram recipe")
        guard let id = rows.rows.first.flatMap({ $0["recipe_id"] }).flatMap({ Int64($0) }) else {
            throw PostgresError(sqlState: nil, message: "no recipe id returned", purpose: "register the spectrogram recipe")
        }
        return id
    }
}
