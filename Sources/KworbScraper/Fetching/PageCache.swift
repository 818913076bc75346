import Foundation

/// Pages on disk with their validators (`ETag`, `Last-Modified`), so a rerun asks the server
/// "has it changed?" and usually gets a bodiless 304. Each entry is two files written atomically:
/// `<key>.body` and `<key>.json`.
public struct PageCache: Sendable {
    /// The cache folder.
    public let directory: URL

    /// A cache in `directory` (created when first written).
    public init(directory: URL) { self.directory = directory }

    /// A cached page.
    public struct Entry: Codable, Sendable {
        /// The page URL.
        public var url: String
        /// The server's `ETag`, if it sent one.
        public var etag: String?
        /// The server's `Last-Modified`, if it sent one.
        public var lastModified: String?
        /// When the body was last confirmed current.
        public var checkedAt: Date
    }

    /// The entry and body for `url`, if cached.
    public func lookup(_ url: URL) -> (entry: Entry, body: Data)? {
        let base = path(for: url)
        guard let meta = try? Data(contentsOf: base.appendingPathExtension("json")),
            let entry = try? JSONDecoder().decode(Entry.self, from: meta),
            let body = try? Data(contentsOf: base.appendingPathExtension("body"))
        else { return nil }
        return (entry, body)
    }

    /// Stores `body` for `url` with its validators.
    public func store(_ url: URL, body: Data, etag: String?, lastModified: String?) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let base = path(for: url)
        try body.write(to: base.appendingPathExtension("body"), options: .atomic)
        let entry = Entry(url: url.absoluteString, etag: etag, lastModified: lastModified, checkedAt: Date())
        try JSONEncoder().encode(entry).write(to: base.appendingPathExtension("json"), options: .atomic)
    }

    /// Marks `url`'s entry as confirmed current now.
    public func touch(_ url: URL) {
        guard var cached = lookup(url) else { return }
        cached.entry.checkedAt = Date()
        try? JSONEncoder().encode(cached.entry).write(to: path(for: url).appendingPathExtension("json"), options: .atomic)
    }

    /// A readable, collision-safe file name: the host and path with unsafe characters replaced,
    /// plus a hash of the whole URL.
    func path(for url: URL) -> URL {
        let readable = (url.host ?? "local") + url.path
        let safe = String(readable.unicodeScalars.map { scalar -> Character in
            let c = Character(scalar)
            return c.isLetter || c.isNumber || c == "." || c == "-" ? c : "_"
        }.prefix(120))
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in url.absoluteString.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return directory.appendingPathComponent("\(safe)-\(String(hash, radix: 16))")
    }
}
