import AtlasStore
import Crypto
import Foundation
import MelSpectrogram

/// Records the windows a spectrogram job wrote (`spectrogram_window`): each window's `.npy` file
/// is read back, its shape checked and its float values hashed, so what the dataset later exports
/// can be checked against what the worker made.
package struct WindowRecorder {
    /// The recipe the windows were made with.
    package let recipeID: Int64
    /// `DATA`, which the recorded paths are relative to.
    package let dataDirectory: String

    /// A recorder for windows of `recipeID` below `dataDirectory`.
    package init(recipeID: Int64, dataDirectory: String) {
        self.recipeID = recipeID
        self.dataDirectory = dataDirectory
    }

    /// The rows for `windows` of `trackID` whose files are `folder/<stem>__w__i__f.npy`; throws
    /// when a file is missing or not a 2-D float array.
    package func rows(trackID: String, windows: [SpectrogramWindow], folder: String) throws -> [[String?]] {
        let relativeFolder = folder.hasPrefix(dataDirectory + "/") ? String(folder.dropFirst(dataDirectory.count + 1)) : folder
        return try windows.map { window in
            let name = window.fileStem(song: trackID) + ".npy"
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path), let array = try? NumPyArray(npyData: data), array.shape.count == 2 else {
                throw DatasetError.badWindow(file: name, reason: "missing or unreadable after rendering")
            }
            let digest = SHA256.hash(data: data.suffix(array.values.count * 4)).hexDigest
            return [trackID, String(recipeID), String(window.index), String(window.startSecond), String(window.endSecond),
                    String(array.shape[0]), String(array.shape[1]), (relativeFolder as NSString).appendingPathComponent(name), digest]
        }
    }

    /// Replaces the stored windows of `trackID` with `rows` (inside the caller's transaction).
    package func store(_ rows: [[String?]], trackID: String, on connection: PostgresConnection) throws(PostgresError) {
        try connection.execute("DELETE FROM spectrogram_window WHERE track_id = $1 AND recipe_id = $2", [trackID, String(recipeID)],
                               purpose: "replace the windows of \(trackID)")
        try connection.copy(into: "spectrogram_window", columns: ["track_id", "recipe_id", "win", "ini", "fin", "rows", "cols", "file", "sha256"],
                            rows: rows, purpose: "record \(rows.count) windows of \(trackID)")
    }

    /// Stores the track's audio fingerprint (nothing for audio too short to fingerprint).
    package func store(fingerprint: [UInt32], trackID: String, on connection: PostgresConnection) throws(PostgresError) {
        guard !fingerprint.isEmpty else { return }
        try connection.execute("""
            INSERT INTO audio_fingerprint (track_id, fingerprint, items) VALUES ($1, $2, $3)
            ON CONFLICT (track_id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, items = EXCLUDED.items, created_at = now()
            """, [trackID, FingerprintText.encode(fingerprint), String(fingerprint.count)], purpose: "record the fingerprint of \(trackID)")
    }
}
