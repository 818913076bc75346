import AtlasStore

/// A stored window as a dataset lists it.
package struct CatalogWindow: Sendable, Equatable {
    /// Its index in `windows.csv` (0-based, over all splits).
    package var index: Int
    package var trackID: String
    package var win: Int
    package var ini: Int
    package var fin: Int
    package var rows: Int
    package var cols: Int
    /// Relative to the data directory.
    package var file: String
    /// SHA-256 of its float32 values as the worker recorded it.
    package var sha256: String
    package var split: SplitName
}

/// The dataset's windows in their one canonical order — split (train, validation, test), then the
/// track's store order, then the window number — which numbers them for `windows.csv` and the
/// triplets alike. Only windows of one recipe and at least `frames` wide are listed.
package struct WindowCatalog: Sendable {
    /// The recipe (id and canonical JSON), `nil` when no window was ever made.
    package var recipe: (id: Int64, json: String)?
    /// The windows, index order.
    package var windows: [CatalogWindow]
    /// Windows of the recipe left out for being narrower than `frames`.
    package var narrower: Int

    /// Loads the catalogue: recipe `recipeID`, else the newest one with windows.
    package static func load(_ connection: PostgresConnection, recipeID: Int64? = nil, frames: Int) throws -> WindowCatalog {
        let recipes = try connection.execute("""
            SELECT r.recipe_id, r.parameters FROM spectrogram_recipe r
            WHERE ($1::bigint IS NULL AND EXISTS (SELECT 1 FROM spectrogram_window w WHERE w.recipe_id = r.recipe_id)) OR r.recipe_id = $1::bigint
            ORDER BY r.recipe_id DESC LIMIT 1
            """, [recipeID.map(String.init)], purpose: "read the spectrogram recipe").rows
        guard let row = recipes.first, let id = row["recipe_id"].flatMap({ Int64($0) }), let json = row["parameters"] else {
            if let recipeID { throw DatasetError.unknownRecipe(recipeID) }
            return WindowCatalog(recipe: nil, windows: [], narrower: 0)
        }
        var windows: [CatalogWindow] = []
        var narrower = 0
        for row in try connection.execute("""
            SELECT w.track_id, w.win, w.ini, w.fin, w.rows, w.cols, w.file, w.sha256, s.split
            FROM spectrogram_window w JOIN split_track s USING (track_id) JOIN master_track t USING (track_id)
            WHERE w.recipe_id = $1
            ORDER BY CASE s.split WHEN 'train' THEN 0 WHEN 'validation' THEN 1 ELSE 2 END, t.ordinal, w.win
            """, [String(id)], purpose: "read the windows").rows {
            guard let cols = row.int("cols"), let split = row["split"].flatMap(SplitName.init(rawValue:)) else { continue }
            guard cols >= frames else {
                narrower += 1
                continue
            }
            windows.append(CatalogWindow(index: windows.count, trackID: row["track_id"] ?? "", win: row.int("win") ?? 0, ini: row.int("ini") ?? 0,
                                         fin: row.int("fin") ?? 0, rows: row.int("rows") ?? 0, cols: cols, file: row["file"] ?? "",
                                         sha256: row["sha256"] ?? "", split: split))
        }
        return WindowCatalog(recipe: (id, json), windows: windows, narrower: narrower)
    }
}

/// Why a dataset command refused.
package enum DatasetError: Error, Equatable, CustomStringConvertible {
    /// No split has been made.
    case noSplit
    /// The recipe asked for does not exist.
    case unknownRecipe(Int64)
    /// The output exists and `--replace` was not given.
    case outputExists(String)
    /// Another export is writing the same output.
    case busy(String)
    /// A window file is missing, unreadable, of the wrong shape, or no longer what was recorded.
    case badWindow(file: String, reason: String)
    /// An option out of range.
    case invalid(String)

    package var description: String {
        switch self {
        case .noSplit: return "no split yet: run `atlas dataset split` first"
        case .unknownRecipe(let id): return "no spectrogram recipe \(id)"
        case .outputExists(let path): return "\(path) exists and is not empty (choose another --out, or pass --replace)"
        case .busy(let path): return "another `atlas dataset export` is writing \(path) (\(path).lock is locked); let it finish, or choose another --out"
        case .badWindow(let file, let reason): return "window \(file): \(reason)"
        case .invalid(let reason): return reason
        }
    }
}
