import FlyingFox
import Foundation
import LocalServices
import TestSupport
import XCTest

/// Credentials never reach stdout, stderr, `step_log` or the database's files — against hostile
/// servers that echo the request's `Authorization` header back, and URLs whose passwords hold
/// `/` and `@`.
final class SecretRedactionTests: XCTestCase {
    private let clientID = "visible-client-id"
    private let clientSecret = "SPOTIFY-SECRET-f00d"

    /// Every file under `folder` (the managed cluster's data and WAL included), as bytes.
    private func files(under folder: String) -> [(path: String, data: Data)] {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var out: [(String, Data)] = []
        while let name = enumerator?.nextObject() as? String {
            let path = folder + "/" + name
            if let data = FileManager.default.contents(atPath: path) { out.append((path, data)) }
        }
        return out
    }

    func testAnAccountsServiceEchoingTheAuthorizationHeaderLeaksNothing() async throws {
        let site = try await startFixtureSite()
        // Answers every request with an error whose description repeats the Authorization header.
        let echo = try await startLoopbackServer { request in
            let header = request.headers[HTTPHeader("Authorization")] ?? ""
            let body = #"{"error":"invalid_client","error_description":"Invalid client: Authorization: \#(header)"}"#
            return HTTPResponse(statusCode: HTTPStatusCode(400, phrase: "Bad Request"), headers: [.contentType: "application/json"], body: Data(body.utf8))
        }
        let data = try makeScratchDirectory("musicatlas-secrets")
        addTeardownBlock { _ = try? ProcessRunner.tool("atlas", ["db", "stop", "--force", "--data", data]) }
        let names = data + "/names.txt"
        try "Nova Lux".write(toFile: names, atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        environment["SPOTIFY_CLIENT_ID"] = clientID
        environment["SPOTIFY_CLIENT_SECRET"] = clientSecret
        environment["SPOTIFY_ACCOUNTS_BASE"] = echo.baseURL.absoluteString
        environment["SPOTIFY_API_BASE"] = echo.baseURL.appendingPathComponent("v1/").absoluteString
        let atlas = try ProcessRunner.toolPath("atlas")
        let run = await ProcessRunner.runOffPool(atlas, ["run", "--only", "artists", "--kworb-base", site.baseURL.absoluteString,
                                                         "--extra-names", names, "--delay", "0", "--data", data], environment: environment)
        XCTAssertNotEqual(run.status, 0, "the run cannot succeed with rejected credentials")
        XCTAssertTrue(run.stderr.contains("credentials rejected"), run.stderr)
        let status = await ProcessRunner.runOffPool(atlas, ["status", "--data", data], environment: environment)
        XCTAssertTrue(status.stdout.contains("failed"), status.stdout)

        let basic = Data("\(clientID):\(clientSecret)".utf8).base64EncodedString()
        let secrets = [clientSecret, basic, String(basic.prefix(24))]
        for (what, text) in [("run stdout", run.stdout), ("run stderr", run.stderr), ("status", status.stdout + status.stderr)] {
            for secret in secrets { XCTAssertFalse(text.contains(secret), "\(what) holds a secret: \(text)") }
        }
        // step_log (and so the cluster's files and WAL) hold the masked text only.
        _ = await ProcessRunner.runOffPool(atlas, ["db", "stop", "--force", "--data", data], environment: environment)
        let stored = files(under: data + "/pg")
        XCTAssertFalse(stored.isEmpty)
        for (path, bytes) in stored {
            for secret in secrets { XCTAssertNil(bytes.range(of: Data(secret.utf8)), "\(path) holds a secret") }
        }
    }

    /// A Last.fm that repeats the key it was sent in its error message (the key travels in the
    /// query string): the related step stops on the key error at once, and the key is in none of
    /// stdout, stderr, `atlas status` or the cluster's files.
    func testALastFMEchoingItsKeyLeaksNothing() async throws {
        let site = try await startFixtureSite()
        let key = "LASTFM-SECRET-9c1d77"
        let echo = try await startLoopbackServer { request in
            let sent = request.query.first { $0.name == "api_key" }?.value ?? ""
            let body = #"{"error":10,"message":"Invalid API key \#(sent) - You must be granted a valid key by last.fm"}"#
            return HTTPResponse(statusCode: HTTPStatusCode(403, phrase: "Forbidden"), headers: [.contentType: "application/json"], body: Data(body.utf8))
        }
        let data = try makeScratchDirectory("musicatlas-secrets")
        addTeardownBlock { _ = try? ProcessRunner.tool("atlas", ["db", "stop", "--force", "--data", data]) }
        let names = data + "/names.txt"
        try "Nova Lux".write(toFile: names, atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        environment["SPOTIFY_CLIENT_ID"] = nil
        environment["DEEZER_API_BASE"] = site.deezerAPIBase.absoluteString
        environment["LASTFM_API_BASE"] = echo.baseURL.absoluteString
        environment["LASTFM_API_KEY"] = key
        let atlas = try ProcessRunner.toolPath("atlas")
        let run = await ProcessRunner.runOffPool(atlas, ["run", "--only", "artists", "tracks", "links", "related", "--kworb-base", site.baseURL.absoluteString,
                                                         "--extra-names", names, "--delay", "0", "--data", data], environment: environment)
        XCTAssertNotEqual(run.status, 0, "a rejected key fails the related step")
        XCTAssertTrue(run.stderr.contains("Last.fm similar artists stopped") && run.stderr.contains("API key problem"), run.stderr)
        let status = await ProcessRunner.runOffPool(atlas, ["status", "--data", data], environment: environment)
        XCTAssertTrue(status.stdout.contains("related_artist_edge"), status.stdout)
        for (what, text) in [("run stdout", run.stdout), ("run stderr", run.stderr), ("status", status.stdout + status.stderr)] {
            XCTAssertFalse(text.contains(key) || text.contains("9c1d77"), "\(what) holds the key: \(text)")
        }
        _ = await ProcessRunner.runOffPool(atlas, ["db", "stop", "--force", "--data", data], environment: environment)
        for (path, bytes) in files(under: data + "/pg") { XCTAssertNil(bytes.range(of: Data(key.utf8)), "\(path) holds the key") }
    }

    func testDatabaseURLPasswordsWithSlashesAndAtSignsWorkAndNeverShow() throws {
        let data = try makeScratchDirectory("musicatlas-secrets")
        addTeardownBlock { _ = try? ProcessRunner.tool("atlas", ["db", "stop", "--force", "--data", data]) }
        let managed = try ProcessRunner.tool("atlas", ["db", "start", "--data", data])
        XCTAssertEqual(managed.status, 0, managed.stderr)
        let url = try XCTUnwrap(URLComponents(string: managed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let port = try XCTUnwrap(url.port)
        let password = "PG-SECRET/AT-SECRET@TAIL-SECRET"
        let fragments = ["PG-SECRET", "AT-SECRET", "TAIL-SECRET"]
        // The managed cluster trusts loopback connections, so any password is accepted: with the
        // URL's user information encoded properly, the connection must succeed.
        let good = try ProcessRunner.tool("atlas", ["status", "--data", data],
                                          environment: ["DATABASE_URL": "postgresql://musicatlas:\(password)@127.0.0.1:\(port)/musicatlas"])
        XCTAssertEqual(good.status, 0, good.stderr)
        XCTAssertTrue(good.stdout.contains("database: postgresql://***@127.0.0.1:\(port)/musicatlas"), good.stdout)
        // Unreachable, and a port that is not a number: typed errors, no fragment of the password.
        for bad in ["postgresql://musicatlas:\(password)@127.0.0.1:1/musicatlas?connect_timeout=2",
                    "postgresql://musicatlas:\(password)@127.0.0.1:notaport/musicatlas"] {
            let outcome = try ProcessRunner.tool("atlas", ["status", "--data", data], environment: ["DATABASE_URL": bad])
            XCTAssertNotEqual(outcome.status, 0, bad)
            XCTAssertTrue(outcome.stderr.hasPrefix("atlas: PostgreSQL error while connect"), outcome.stderr)
            for fragment in fragments { XCTAssertFalse(outcome.stdout.contains(fragment) || outcome.stderr.contains(fragment), "\(bad): \(outcome.stderr)") }
        }
    }

    func testFalkorDBURLPasswordsWithSlashesNeverShow() throws {
        for url in ["redis://:FK-SECRET/FK-PART@127.0.0.1:1", "redis://user:FK-SECRET@FK-PART@127.0.0.1:1/5", "redis://:FK-SECRET/FK-PART@127.0.0.1:notaport"] {
            let outcome = try ProcessRunner.tool("atlas", ["graph", "query", "counts"], environment: ["FALKORDB_URL": url])
            XCTAssertNotEqual(outcome.status, 0, url)
            XCTAssertFalse(outcome.stderr.isEmpty)
            for fragment in ["FK-SECRET", "FK-PART"] {
                XCTAssertFalse(outcome.stdout.contains(fragment) || outcome.stderr.contains(fragment), "\(url): \(outcome.stderr)")
            }
        }
    }
}
