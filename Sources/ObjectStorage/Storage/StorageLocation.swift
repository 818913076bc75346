import Foundation

/// Where data goes, as `--storage` / `MUSICATLAS_STORAGE` say: the data folder (the default), or
/// `s3://BUCKET/PREFIX` on an S3-compatible service configured by the standard AWS variables.
package enum StorageLocation: Sendable, Equatable, CustomStringConvertible {
    /// The data folder (`--data`).
    case dataFolder
    /// A bucket and key prefix.
    case s3(bucket: String, prefix: String)

    /// Parses a `--storage` value: empty, `local` or `data` mean the data folder.
    package static func parse(_ text: String?) throws(ObjectStorageError) -> StorageLocation {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty, text != "local", text != "data" else { return .dataFolder }
        guard text.lowercased().hasPrefix("s3://") else {
            throw .invalidLocation(text, reason: "expected s3://BUCKET/PREFIX (or nothing, for the data folder)")
        }
        let rest = text.dropFirst(5)
        let bucket = String(rest.prefix { $0 != "/" })
        let prefix = String(rest.dropFirst(bucket.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        // S3's bucket naming rules: 3–63 of a–z 0–9 . -, starting and ending with a letter or digit.
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-")
        guard (3...63).contains(bucket.count), bucket.allSatisfy(allowed.contains), let first = bucket.first, let last = bucket.last,
              first.isLetter || first.isNumber, last.isLetter || last.isNumber, !bucket.contains("..") else {
            throw .invalidLocation(text, reason: "\"\(bucket)\" is not a valid bucket name (3–63 lower-case letters, digits, dots and hyphens)")
        }
        guard !prefix.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) || prefix.isEmpty else {
            throw .invalidLocation(text, reason: "the prefix must not hold empty, . or .. segments")
        }
        return .s3(bucket: bucket, prefix: prefix)
    }

    /// `s3://BUCKET/PREFIX`, or `data folder`.
    package var description: String {
        switch self {
        case .dataFolder: return "data folder"
        case .s3(let bucket, let prefix): return "s3://\(bucket)" + (prefix.isEmpty ? "" : "/\(prefix)")
        }
    }

    /// Opens the storage: the data folder at `dataDirectory`, or the bucket, with `scratch` as
    /// its working folder (default `$MUSICATLAS_SCRATCH/<pid>`, else `DATA/scratch/<pid>`), credentials and endpoint from
    /// `environment`.
    package func open(dataDirectory: String, scratch: String? = nil,
                      environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any DataStorage {
        switch self {
        case .dataFolder:
            return LocalFolderStorage(root: dataDirectory)
        case .s3(let bucket, let prefix):
            guard let credentials = AWSCredentials.fromEnvironment(environment) else { throw ObjectStorageError.missingCredentials(bucket: bucket) }
            let endpoint = try S3Endpoint.fromEnvironment(environment)
            // One scratch folder per process, so workers sharing a machine never share files.
            let parent = environment["MUSICATLAS_SCRATCH"].flatMap { $0.isEmpty ? nil : $0 } ?? (dataDirectory as NSString).appendingPathComponent("scratch")
            let folder = scratch ?? (parent as NSString).appendingPathComponent(String(ProcessInfo.processInfo.processIdentifier))
            return try S3Storage(client: S3Client(endpoint: endpoint, credentials: credentials), bucket: bucket, prefix: prefix, scratch: folder)
        }
    }
}
