import Foundation

/// Where the files under the data folder live: the folder itself (one machine, or a shared
/// disk), or an S3-compatible bucket that several machines share without one. Every path is
/// relative to the data folder, so a bucket's keys (`PREFIX/` + path) mirror the folder.
///
/// Producers write a file into `workingDirectory` first, then `store` it; consumers `retrieve`
/// a local copy. For the local folder the working directory is the data folder and both are
/// (almost) free; for a bucket the working directory is a scratch folder, `store` uploads and
/// `release` removes the scratch copy once the job that made it has committed.
/// Methods block the calling thread: call them from worker or export threads, not async code.
package protocol DataStorage: Sendable {
    /// `s3://BUCKET/PREFIX`, or the data folder's path.
    var location: String { get }
    /// Whether files stay in the data folder (nothing to upload or fetch).
    var isLocalFolder: Bool { get }
    /// Where files are written before `store`.
    var workingDirectory: String { get }
    /// Stores `workingDirectory/path` as `path`, whole (readers never see part of it); skips
    /// sending when the same bytes are already stored.
    func store(_ path: String) throws -> StoredObject
    /// Stores several files (concurrently where that helps).
    func store(_ paths: [String]) throws -> [StoredObject]
    /// A local file with the contents of `path` (the file itself, or a fresh verified copy in
    /// `workingDirectory`).
    func retrieve(_ path: String) throws -> String
    /// The bytes of `path`, at most `maxBytes`.
    func read(_ path: String, maxBytes: Int) throws -> Data
    /// Drops the working copy of `path` after it was stored (nothing for the local folder).
    func release(_ path: String)
    /// The stored object at `path` with its size and SHA-256, `nil` when there is none.
    func describe(_ path: String) throws -> StoredObject?
    /// Deletes the stored object at `path` (nothing when there is none).
    func remove(_ path: String) throws
    /// The objects whose path starts with `prefix`, path order.
    func list(_ prefix: String) throws -> [StoredObject]
    /// Checks, before any work, that the storage can be reached and written as configured.
    func check() throws
    /// Removes the scratch folder and what is left in it, at the end of a process (nothing for
    /// the data folder, which is where the files stay).
    func discardScratch()
}

extension DataStorage {
    package func store(_ paths: [String]) throws -> [StoredObject] { try paths.map { try store($0) } }

    /// The absolute working path of `path`.
    package func workingPath(_ path: String) -> String { (workingDirectory as NSString).appendingPathComponent(path) }
}
