import ArgumentParser
import Foundation
import ObjectStorage
import Redaction

/// `--storage`: where audio, windows and exports go — the data folder (default) or an
/// S3-compatible bucket configured by the standard AWS variables.
struct StorageOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Where files go: s3://BUCKET/PREFIX, or nothing for the data folder (default: $MUSICATLAS_STORAGE).",
        discussion: """
            With a bucket, credentials come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, the region from \
            AWS_REGION, the service from AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL (default: AWS); addressing is path-style for an IP \
            address or localhost, else virtual-hosted unless MUSICATLAS_S3_PATH_STYLE=1. Files are made in a scratch folder \
            ($MUSICATLAS_SCRATCH or DATA/scratch, one subfolder per process), uploaded and removed.
            """))
    var storage: String? = ProcessInfo.processInfo.environment["MUSICATLAS_STORAGE"]

    func validate() throws {
        do { _ = try StorageLocation.parse(storage) } catch { throw ValidationError("\(error)") }
    }

    /// The parsed location.
    var location: StorageLocation { (try? StorageLocation.parse(storage)) ?? .dataFolder }

    /// Opens and checks the storage (a wrong secret or a missing bucket fails here, before any work).
    /// A refused storage leaves nothing behind: the scratch folder and any folder made for it go.
    func open(dataDirectory: String) throws -> any DataStorage {
        Redaction.registerSecrets()
        let manager = FileManager.default
        let scratchParent = ProcessInfo.processInfo.environment["MUSICATLAS_SCRATCH"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (dataDirectory as NSString).appendingPathComponent("scratch")
        let made = [dataDirectory, scratchParent].filter { !manager.fileExists(atPath: $0) }
        do {
            let opened = try location.open(dataDirectory: dataDirectory)
            do { try opened.check() } catch {
                opened.discardScratch()
                throw error
            }
            return opened
        } catch {
            for folder in made.reversed() where (try? manager.contentsOfDirectory(atPath: folder))?.isEmpty ?? false { try? manager.removeItem(atPath: folder) }
            throw error
        }
    }
}
