/// An object as a listing or a HEAD request describes it.
package struct ObjectInfo: Sendable, Equatable {
    /// The full key (prefix included).
    package var key: String
    /// Size in bytes.
    package var bytes: Int64
    /// The ETag, quotes removed (the MD5 of a single-part upload; `…-N` for a multipart one).
    package var etag: String?
    /// The SHA-256 this project stored with the object (`x-amz-meta-sha256`); listings do not
    /// carry it.
    package var sha256: String?

    /// An object description.
    package init(key: String, bytes: Int64, etag: String? = nil, sha256: String? = nil) {
        self.key = key
        self.bytes = bytes
        self.etag = etag
        self.sha256 = sha256
    }
}
