import ArgumentParser
import Foundation
import ObjectStorage

/// `atlas storage`: look at and move files of the configured bucket.
struct Storage: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check, list, upload to and download from the bucket given by --storage / MUSICATLAS_STORAGE.",
        discussion: """
            Paths are relative to the data folder, as the workers store them (audio/…, spectrograms/…, exports/…).

              atlas storage check --storage s3://atlas/run-1
              atlas storage ls spectrograms/ --storage s3://atlas/run-1
              atlas storage upload ./my-exports --to exports/extra --storage s3://atlas/run-1
              atlas storage download exports/dataset/ --to ./dataset --storage s3://atlas/run-1
            """,
        subcommands: [StorageCheck.self, StorageList.self, StorageUpload.self, StorageDownload.self])
}

/// Opens the bucket of `storage`, or explains that a bucket is needed.
private func bucket(_ storage: StorageOption, _ data: DataOption) throws -> S3Storage {
    guard storage.location != .dataFolder else { throw ValidationError("give --storage s3://BUCKET/PREFIX (or set MUSICATLAS_STORAGE)") }
    return try reportingErrors {
        guard let opened = try storage.open(dataDirectory: data.data) as? S3Storage else { throw ValidationError("not a bucket") }
        return opened
    }
}

struct StorageCheck: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Prove the bucket exists and the credentials may list it.")
    @OptionGroup var storage: StorageOption
    @OptionGroup var data: DataOption

    func run() throws {
        let store = try bucket(storage, data)
        defer { store.discardScratch() }
        print("\(store.location): reachable at \(store.client.endpoint.url.absoluteString) (\(store.client.endpoint.pathStyle ? "path-style" : "virtual-hosted"), "
            + "region \(store.client.endpoint.region), \(store.client.signer.credentials))")
    }
}

struct StorageList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List stored objects under a relative prefix.")
    @Argument(help: "Relative prefix (default: everything).") var prefix = ""
    @Flag(help: "One JSON object per line: path, bytes.") var json = false
    @OptionGroup var storage: StorageOption
    @OptionGroup var data: DataOption

    func run() throws {
        let store = try bucket(storage, data)
        defer { store.discardScratch() }
        let objects = try reportingErrors { try store.list(prefix) }
        for object in objects {
            if json {
                let line = try JSONSerialization.data(withJSONObject: ["path": object.path, "bytes": object.bytes], options: [.sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: line, as: UTF8.self))
            } else {
                print("\(String(object.bytes).padding(toLength: 12, withPad: " ", startingAt: 0)) \(object.path)")
            }
        }
        if !json { printError("\(objects.count) objects under \(store.location)/\(prefix)") }
    }
}

struct StorageUpload: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "upload", abstract: "Store every file below a folder (unchanged objects are not sent again).")
    @Argument(help: "A local folder.") var folder: String
    @Option(help: "Relative path to store them under (default: their paths relative to the folder).") var to = ""
    @OptionGroup var storage: StorageOption
    @OptionGroup var data: DataOption

    func run() throws {
        let store = try bucket(storage, data)
        defer { store.discardScratch() }
        let base = to.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        // Path order (the listing's).
        let files = try reportingErrors { try LocalFolderStorage(root: folder).list("") }.map { local in
            (file: (folder as NSString).appendingPathComponent(local.path), path: base.isEmpty ? local.path : base + "/" + local.path)
        }
        let started = Date()
        let objects = try reportingErrors { try store.store(files: files) }
        let bytes = objects.reduce(Int64(0)) { $0 + $1.bytes }
        let seconds = Date().timeIntervalSince(started)
        print("stored \(objects.count) files (\(objects.filter(\.uploaded).count) sent, \(bytes) bytes) in \(String(format: "%.2f", seconds)) s under \(store.location)")
    }
}

struct StorageDownload: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "download", abstract: "Fetch every object under a relative prefix into a folder, checked against its SHA-256.")
    @Argument(help: "Relative prefix.") var prefix: String
    @Option(help: "The local folder (paths below it as stored).") var to: String
    @OptionGroup var storage: StorageOption
    @OptionGroup var data: DataOption

    func run() throws {
        let store = try bucket(storage, data)
        defer { store.discardScratch() }
        let started = Date()
        let objects = try reportingErrors { try store.list(prefix) }
        try reportingErrors { try store.download(objects.map(\.path), into: to) }
        let bytes = objects.reduce(Int64(0)) { $0 + $1.bytes }
        print("fetched \(objects.count) files (\(bytes) bytes) in \(String(format: "%.2f", Date().timeIntervalSince(started))) s into \(to)")
    }
}
