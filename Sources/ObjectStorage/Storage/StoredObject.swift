/// A file as a storage holds it, named by its path relative to the data folder.
package struct StoredObject: Sendable, Equatable {
    /// Relative path: `audio/<track>.wav`, `spectrograms/<track>__0__0__30.npy`, `exports/…`.
    package var path: String
    /// Size in bytes.
    package var bytes: Int64
    /// Lower-case hex SHA-256 of the bytes (`nil` in listings that do not carry it).
    package var sha256: String?
    /// Whether this call sent it (false when the same bytes were already stored).
    package var uploaded: Bool

    /// A stored object.
    package init(path: String, bytes: Int64, sha256: String?, uploaded: Bool = false) {
        self.path = path
        self.bytes = bytes
        self.sha256 = sha256
        self.uploaded = uploaded
    }
}
