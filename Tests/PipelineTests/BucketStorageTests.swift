import AtlasStore
import Foundation
import TestSupport
import XCTest

/// `atlas demo`, `atlas worker` and `atlas dataset export` with `--storage s3://…` against a
/// real S3 API server that checks signatures (moto, authentication on). What the bucket holds
/// is read back with boto3 (`scripts/compare-storage.py`), not with the project's own client.
final class BucketStorageTests: XCTestCase {
    private func atlas(_ arguments: [String], environment: [String: String]? = nil) throws -> ProcessRunner.Outcome {
        let outcome = try ProcessRunner.tool("atlas", arguments, environment: environment)
        XCTAssertEqual(outcome.status, 0, "atlas \(arguments.joined(separator: " ")): \(outcome.stderr)")
        return outcome
    }

    private struct Listing: Decodable {
        struct Object: Decodable, Equatable {
            var sha256: String
            var bytes: Int
            var last_modified: String
        }
        var objects: [String: Object]
        var files: [String: String]
        var equal: Bool
    }

    /// The bucket's objects under `prefix` (and the files of `local`), hashed by boto3.
    private func listing(_ server: S3TestServer, prefix: String, local: String? = nil) throws -> Listing {
        let state = try makeScratchDirectory("musicatlas-s3state") + "/state.json"
        let json: [String: Any] = ["endpoint": server.endpoint, "access_key_id": server.accessKeyID, "secret_access_key": server.secretAccessKey]
        FileManager.default.createFile(atPath: state, contents: try JSONSerialization.data(withJSONObject: json), attributes: [.posixPermissions: 0o600])
        let script = SharedFixtures.packageRoot.appendingPathComponent("scripts/compare-storage.py").path
        let outcome = ProcessRunner.run(try S3TestServer.python(), [script, "--state", state, "--bucket", "atlas-demo", "--prefix", prefix, "--json"]
                                        + (local.map { ["--local", $0] } ?? []))
        return try JSONDecoder().decode(Listing.self, from: Data(outcome.stdout.utf8))
    }

    /// One object's text, read with boto3.
    private func storageRead(_ server: S3TestServer, _ key: String) throws -> String {
        let script = "import boto3, sys; s3 = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id=sys.argv[2], "
            + "aws_secret_access_key=sys.argv[3]); sys.stdout.write(s3.get_object(Bucket='atlas-demo', Key=sys.argv[4])['Body'].read().decode())"
        return ProcessRunner.run(try S3TestServer.python(), ["-c", script, server.endpoint, server.accessKeyID, server.secretAccessKey, key]).stdout
    }

    private func localDataFiles(_ folder: String) -> [String] {
        ["audio", "spectrograms", "exports", "scratch"].flatMap { top -> [String] in
            let enumerator = FileManager.default.enumerator(atPath: folder + "/" + top)
            var out: [String] = []
            while let name = enumerator?.nextObject() as? String {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: "\(folder)/\(top)/\(name)", isDirectory: &isFolder), !isFolder.boolValue { out.append("\(top)/\(name)") }
            }
            return out
        }
    }

    func testTheDemoInABucketLeavesWhatTheLocalDemoLeavesAndNothingOnDisk() throws {
        let server = try startS3Server(buckets: ["atlas-demo"])
        var environment = ProcessInfo.processInfo.environment.merging(server.environment) { $1 }
        environment["DATABASE_URL"] = nil
        let local = try makeScratchDirectory("musicatlas-demo-local"), remote = try makeScratchDirectory("musicatlas-demo-bucket")
        addTeardownBlock {
            for data in [local, remote] { _ = try? ProcessRunner.tool("atlas", ["db", "stop", "--force", "--data", data]) }
        }
        _ = try atlas(["demo", "--data", local])
        let demo = try atlas(["demo", "--data", remote, "--storage", "s3://atlas-demo/demo-1"], environment: environment)
        XCTAssertTrue(demo.stdout.contains("s3://atlas-demo/demo-1/audio"), demo.stdout)

        // Same relative paths, same SHA-256; nothing of them (nor the scratch folder) on local disk.
        var listing = try listing(server, prefix: "demo-1", local: local)
        XCTAssertGreaterThan(listing.objects.count, 50)
        XCTAssertTrue(listing.equal, "bucket and data folder differ: \(Set(listing.objects.keys).symmetricDifference(listing.files.keys).sorted())")
        XCTAssertTrue(listing.objects.keys.contains { $0.hasPrefix("audio/") } && listing.objects.keys.contains { $0.hasPrefix("exports/graphml/") })
        XCTAssertEqual(localDataFiles(remote), [])

        // The store names exactly these objects, with their checksums.
        let url = try atlas(["db", "start", "--data", remote]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let store = try PostgresConnection(url: url)
        let recorded = try store.execute("SELECT path, sha256, storage FROM stored_object", purpose: "test").rows
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: recorded.map { ($0["path"]!, $0["sha256"]!) }), listing.objects.mapValues(\.sha256))
        XCTAssertEqual(Set(recorded.map { $0["storage"]! }), ["s3://atlas-demo/demo-1"])
        let audio = try store.execute("SELECT path, storage FROM audio_file", purpose: "test").rows
        XCTAssertTrue(audio.allSatisfy { $0["path"]!.hasPrefix("audio/") && $0["storage"] == "s3://atlas-demo/demo-1" })

        // No table holds the secret (worker_process, job_event, stored_object, step_log, …).
        for table in try store.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", purpose: "test").rows.compactMap({ $0["tablename"] }) {
            let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let hits = try store.execute("SELECT count(*) AS n FROM \(quoted) t WHERE strpos(t::text, $1) > 0", [server.secretAccessKey], purpose: "test")[0].int("n")
            XCTAssertEqual(hits, 0, "\(table) holds the secret")
        }
        XCTAssertFalse((demo.stdout + demo.stderr).contains(server.secretAccessKey))

        // Re-running the media jobs sends nothing again: the audio is reused, windows are unchanged.
        try store.execute("UPDATE jobs SET state = 'queued', run_after = now() WHERE kind IN ('download', 'spectrogram')", purpose: "test")
        let rerun = try atlas(["worker", "--stage", "all", "--until-empty", "--data", remote, "--storage", "s3://atlas-demo/demo-1", "--lease", "30"],
                              environment: environment)
        XCTAssertTrue(rerun.stdout.contains("download 10") && rerun.stdout.contains("spectrogram 10"), rerun.stdout + rerun.stderr)
        XCTAssertTrue(rerun.stderr.contains("already in s3://atlas-demo/demo-1") && rerun.stderr.contains(", 0 of "), rerun.stderr)
        XCTAssertFalse((rerun.stdout + rerun.stderr).contains(server.secretAccessKey))
        let after = try self.listing(server, prefix: "demo-1")
        XCTAssertEqual(after.objects, listing.objects, "an object was sent again (LastModified changed)")

        // The research dataset export from the bucket equals the local one, byte for byte.
        for (data, env, out) in [(local, nil, local + "/exports/dataset"), (remote, environment, "exports/dataset")] {
            _ = try atlas(["dataset", "split", "--by", "artist", "--seed", "3", "--data", data], environment: env)
            _ = try atlas(["dataset", "export", "--out", out, "--data", data] + (env == nil ? [] : ["--storage", "s3://atlas-demo/demo-1"]), environment: env)
        }
        listing = try self.listing(server, prefix: "demo-1", local: local)
        XCTAssertTrue(listing.objects.keys.contains("exports/dataset/dataset.json") && listing.objects.keys.contains("exports/dataset/train/windows-00000.npy"))
        let differing = listing.objects.filter { listing.files[$0.key] != $0.value.sha256 }.keys.sorted()
        if differing.contains("exports/dataset/dataset.json") {
            let remoteManifest = try storageRead(server, "demo-1/exports/dataset/dataset.json")
            let localManifest = (try? String(contentsOfFile: local + "/exports/dataset/dataset.json", encoding: .utf8)) ?? ""
            XCTFail("dataset.json differs:\nlocal:\n\(localManifest)\nbucket:\n\(remoteManifest)")
        }
        XCTAssertTrue(listing.equal, "dataset exports differ: \(differing)")
        XCTAssertEqual(localDataFiles(remote), [])
        let refused = try ProcessRunner.tool("atlas", ["dataset", "export", "--out", "exports/dataset", "--data", remote, "--storage", "s3://atlas-demo/demo-1"],
                                             environment: environment)
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("s3://atlas-demo/demo-1/exports/dataset exists"), refused.stderr)
    }

    func testAWrongSecretStopsTheDemoBeforeAnythingIsWritten() throws {
        let server = try startS3Server(buckets: ["atlas-demo"])
        let wrong = "wrong-" + UUID().uuidString
        var environment = ProcessInfo.processInfo.environment.merging(server.environment) { $1 }
        environment["AWS_SECRET_ACCESS_KEY"] = wrong
        environment["DATABASE_URL"] = nil
        let data = try makeScratchDirectory("musicatlas-demo-refused") + "/data"
        let outcome = try ProcessRunner.tool("atlas", ["demo", "--data", data, "--storage", "s3://atlas-demo/refused"], environment: environment)
        XCTAssertNotEqual(outcome.status, 0)
        XCTAssertTrue(outcome.stderr.contains("s3://atlas-demo") && outcome.stderr.contains("403"), outcome.stderr)
        XCTAssertFalse((outcome.stdout + outcome.stderr).contains(wrong) || (outcome.stdout + outcome.stderr).contains(server.secretAccessKey))
        XCTAssertFalse(FileManager.default.fileExists(atPath: data), "the demo wrote \(data)")
        XCTAssertEqual(try listing(server, prefix: "refused").objects.count, 0)

        environment["AWS_SECRET_ACCESS_KEY"] = server.secretAccessKey
        let missing = try ProcessRunner.tool("atlas", ["demo", "--data", data, "--storage", "s3://no-such-bucket/x"], environment: environment)
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("s3://no-such-bucket: no such bucket"), missing.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: data))
    }
}
