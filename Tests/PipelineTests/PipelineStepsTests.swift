import AtlasDemo
import AtlasStore
import FlyingFox
import Foundation
import MusicGraph
import Pipeline
import SimilarArtists
import StoreTestSupport
import TestSupport
import XCTest

/// Every pipeline step against the loopback fixture site and a real PostgreSQL: row counts
/// derived independently from the catalogue, idempotent reruns, failures that leave the store
/// consistent, `kill -9` and resume, hostile names.
final class PipelineStepsTests: XCTestCase {
    nonisolated(unsafe) static var cluster: TestCluster!

    override class func setUp() { cluster = TestCluster(name: "steps") }
    override class func tearDown() { cluster.stop() }

    private func context(_ url: String, site: FixtureSite, data: String) throws -> StepContext {
        try StepContext(connection: try PostgresConnection(url: url), configuration: DatasetDemo.configuration(site: site, dataDirectory: data),
                        interactive: false, log: { _ in })
    }

    private func counts(_ url: String) throws -> [String: Int] {
        Dictionary(uniqueKeysWithValues: try AtlasDatabase.counts(try PostgresConnection(url: url)).map { ($0.table, $0.rows) })
    }

    /// What the catalogue implies, computed from the catalogue alone (not from our steps).
    private struct Expected {
        let artists: [String], tracks: Int, links: Int
        /// Edges by source as (from name, to name, weight), from the catalogue's similarity tables.
        let edges: [String: Set<[String]>]
        init(_ catalogue: DemoCatalogue) {
            let findable = Set(catalogue.extraNames.compactMap { name in catalogue.artists.first { $0.name == name && $0.listing == .searchOnly }?.name })
            artists = catalogue.artists.filter { $0.listing != .searchOnly || findable.contains($0.name) }.map(\.name)
            tracks = catalogue.songs.count
            // kworb songs link every credited artist (each has a page); album tracks link their artists.
            links = catalogue.songs.reduce(0) { $0 + $1.artists.count }
            let known = Set(artists), similarity = catalogue.similarity
            var edges: [String: Set<[String]>] = [:]
            // Deezer: every dataset artist is on Deezer; its related list, kept where both ends are ours, weight 1 − i/n.
            for (from, list) in similarity.deezerRelated where known.contains(from) {
                for (i, to) in list.enumerated() where known.contains(to) { edges["deezer", default: []].insert([from, to, String(1 - Double(i) / Double(list.count))]) }
            }
            for (from, list) in similarity.lastFMSimilar where known.contains(from) {
                for entry in list where known.contains(entry.name) { edges["lastfm", default: []].insert([from, entry.name, String(entry.match)]) }
            }
            // Co-features only for artists neither source related to one of ours.
            let related = Set((edges["deezer"] ?? []).union(edges["lastfm"] ?? []).map { $0[0] })
            for song in catalogue.songs {
                for a in song.artists where !related.contains(catalogue.artists[a].name) {
                    for b in song.artists where a != b { edges["kworb-cofeature", default: []].insert([catalogue.artists[a].name, catalogue.artists[b].name]) }
                }
            }
            self.edges = edges
        }
    }

    /// Stored edges by source as (from name, to name, weight) — co-features without weight.
    private func storedEdges(_ url: String) throws -> [String: Set<[String]>] {
        var out: [String: Set<[String]>] = [:]
        for row in try PostgresConnection(url: url).execute("""
            SELECT a.artist_name AS f, b.artist_name AS t, e.source, e.weight FROM related_artist_edge e
            JOIN master_artist a ON a.artist_id = e.artist_id JOIN master_artist b ON b.artist_id = e.related_id
            """, purpose: "test").rows {
            let source = row["source"] ?? ""
            let weight = row.double("weight").map { String($0) } ?? ""
            out[source, default: []].insert(source == "kworb-cofeature" ? [row["f"] ?? "", row["t"] ?? ""] : [row["f"] ?? "", row["t"] ?? "", weight])
        }
        return out
    }

    func testAllStepsAgainstTheFixtureSiteAndAnIdempotentRerun() async throws {
        let url = try Self.cluster.database("steps_all")
        let site = try await startFixtureSite()
        let data = try makeScratchDirectory("musicatlas-steps")
        let expected = Expected(site.catalogue)
        let reports = try await PipelineRunner(context: try context(url, site: site, data: data)).run(PipelineStep.allCases)
        XCTAssertEqual(reports.map(\.step), PipelineStep.allCases)
        let first = try counts(url)
        XCTAssertEqual(first["master_artist"], expected.artists.count)
        XCTAssertEqual(first["master_track"], expected.tracks)
        XCTAssertEqual(first["rel_artist_track"], expected.links)
        // Spotify's related artists answer 404; Deezer and Last.fm stand in, co-features only where neither related anyone.
        XCTAssertEqual(try storedEdges(url), expected.edges)
        XCTAssertFalse((expected.edges["deezer"] ?? []).isEmpty || (expected.edges["lastfm"] ?? []).isEmpty)
        XCTAssertEqual(first["jobs"], expected.tracks)
        XCTAssertEqual(first["artist_popularity"], expected.artists.count)

        // Hostile names came through HTML and JSON into the store verbatim, in source order.
        let stored = try DatasetReader(try PostgresConnection(url: url)).artists()
        XCTAssertEqual(Set(stored.map(\.name)), Set(expected.artists))
        XCTAssertEqual(stored.filter { !$0.isMain }.map(\.name), ["Mägo de Oz"])
        XCTAssertEqual(stored.first?.name, "Nova Lux", "the global list's first artist comes first")

        // The artist without Spotify genres got Last.fm's genre-like tags, marked with their provider.
        let catalogue = site.catalogue
        let backslash = try XCTUnwrap(catalogue.artists.first { $0.name.contains("Backslash") })
        XCTAssertTrue(backslash.genres.isEmpty)
        let genreRows = try PostgresConnection(url: url).execute("SELECT genre, source, provider FROM master_genre WHERE artist_id = $1 ORDER BY ordinal",
                                                                 [backslash.id], purpose: "test").rows
        let tags = (catalogue.similarity.lastFMTags[backslash.name] ?? []).map(\.name).filter { !["seen live", "2010s"].contains($0) }
        XCTAssertEqual(genreRows.map { [$0["genre"], $0["source"], $0["provider"]] }, tags.map { [$0, "direct", "lastfm"] })

        // Exports exist and the seed CSV lists every artist.
        let exported = try String(contentsOfFile: data + "/exports/seed-csv/master_artist.csv", encoding: .utf8)
        XCTAssertEqual(exported.split(separator: "\n").count, expected.artists.count + 1)
        XCTAssertTrue(FileManager.default.fileExists(atPath: data + "/exports/graphml"))

        // A rerun changes no counts and logs a second run of every step.
        try await PipelineRunner(context: try context(url, site: site, data: data)).run(PipelineStep.allCases)
        XCTAssertEqual(try counts(url), first)
        let log = try PostgresConnection(url: url).execute("SELECT count(*) AS n FROM step_log WHERE status = 'done'", purpose: "test")[0].int("n")
        XCTAssertEqual(log, 2 * PipelineStep.allCases.count)
    }

    /// A Deezer that answers every call with its quota error (HTTP 200, code 4): the related step
    /// stops after the first batch naming Deezer, stores no mapping (a throttled answer is not "not on Deezer"), and a
    /// rerun against a working Deezer ends with the edges of an uninterrupted run.
    func testAThrottlingDeezerFailsTheStepWithoutStoringGuessesAndARerunCompletes() async throws {
        let url = try Self.cluster.database("steps_quota")
        let site = try await startFixtureSite()
        let data = try makeScratchDirectory("musicatlas-steps")
        let throttling = try await startLoopbackServer { _ in
            HTTPResponse(statusCode: .ok, headers: [HTTPHeader("Content-Type"): "application/json"],
                         body: Data(#"{"error":{"type":"Exception","message":"Quota limit exceeded","code":4}}"#.utf8))
        }
        var configuration = DatasetDemo.configuration(site: site, dataDirectory: data)
        configuration.deezer = SourceConfiguration(baseURL: throttling.baseURL, minimumInterval: 0, maxAttempts: 2, initialBackoff: 0.01, requestTimeout: 5)
        let throttled = try StepContext(connection: try PostgresConnection(url: url), configuration: configuration, interactive: false, log: { _ in })
        do {
            try await PipelineRunner(context: throttled).run(PipelineStep.allCases)
            XCTFail("the related step must fail")
        } catch {
            // The first batch failed whole: the collection stops rather than fail once per artist.
            XCTAssertTrue("\(error)".contains("Deezer identities stopped") && "\(error)".contains("rate limited"), "\(error)")
        }
        let connection = try PostgresConnection(url: url)
        XCTAssertEqual(try PipelineRunner.latest(connection).first { $0.step == "related" }?.status, "failed")
        XCTAssertEqual(try connection.execute("SELECT count(*) AS n FROM artist_identity WHERE catalogue = 'deezer'", purpose: "test")[0].int("n"), 0)
        try await PipelineRunner(context: try context(url, site: site, data: data)).run(PipelineStep.allCases)
        XCTAssertEqual(try storedEdges(url), Expected(site.catalogue).edges)
    }

    func testAFailingPageLeavesTheStoreConsistentAndARerunCompletes() async throws {
        let catalogue = DemoCatalogue.standard
        let broken = "/spotify/artist/\(catalogue.artists[1].id)_songs.html"
        let url = try Self.cluster.database("steps_fail")
        let data = try makeScratchDirectory("musicatlas-steps")
        let bad = try await startFixtureSite(.init(failingPaths: [broken]))
        let runner = PipelineRunner(context: try context(url, site: bad, data: data))
        do {
            try await runner.run(PipelineStep.allCases)
            XCTFail("the tracks step should fail")
        } catch let error as StepError {
            guard case .itemsFailed(.tracks, 1, _, let first) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(first.contains(catalogue.artists[1].id), first)
        }
        let connection = try PostgresConnection(url: url)
        let status = try PipelineRunner.latest(connection).first { $0.step == "tracks" }
        XCTAssertEqual(status?.status, "failed")
        XCTAssertEqual(try counts(url)["rel_artist_track"], 0, "later steps did not run")
        let partial = try counts(url)["master_track"] ?? 0
        XCTAssertGreaterThan(partial, 0, "the other artists' tracks were kept")

        let good = try await startFixtureSite()
        try await PipelineRunner(context: try context(url, site: good, data: data)).run(PipelineStep.allCases)
        let reference = try Self.cluster.database("steps_fail_ref")
        try await PipelineRunner(context: try context(reference, site: good, data: try makeScratchDirectory("musicatlas-steps"))).run(PipelineStep.allCases)
        XCTAssertEqual(try counts(url), try counts(reference))
    }

    /// `atlas run` killed with SIGKILL in the middle of the tracks step, then rerun: the same row
    /// counts as an uninterrupted run.
    func testKillNineAndResumeEndWithTheRowsOfAnUninterruptedRun() async throws {
        let url = try Self.cluster.database("steps_kill")
        let slow = try await startFixtureSite(.init(pageDelay: 0.4))
        let catalogue = slow.catalogue
        let names = try makeScratchDirectory("musicatlas-steps") + "/names.txt"
        try catalogue.extraNames.joined(separator: "\n").write(toFile: names, atomically: true, encoding: .utf8)
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = url
        environment["KWORB_BASE_URL"] = slow.baseURL.absoluteString
        environment["SPOTIFY_CLIENT_ID"] = "fixture-client"
        environment["SPOTIFY_CLIENT_SECRET"] = "fixture-secret"
        environment["SPOTIFY_API_BASE"] = slow.spotifyAPIBase.absoluteString
        environment["SPOTIFY_ACCOUNTS_BASE"] = slow.baseURL.absoluteString
        environment["DEEZER_API_BASE"] = slow.deezerAPIBase.absoluteString
        environment["LASTFM_API_BASE"] = slow.lastFMAPIBase.absoluteString
        environment["LASTFM_API_KEY"] = catalogue.similarity.lastFMKey
        let data = try makeScratchDirectory("musicatlas-steps")
        let arguments = ["run", "--data", data, "--batch-size", "1", "--delay", "0", "--concurrency", "1", "--extra-names", names]

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try ProcessRunner.toolPath("atlas"))
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let connection = try PostgresConnection(url: url)
        let deadline = Date().addingTimeInterval(60)
        var tracksDone = 0
        while Date() < deadline {
            tracksDone = try connection.execute("SELECT count(*) AS n FROM step_item WHERE step = 'tracks'", purpose: "test")[0].int("n") ?? 0
            if tracksDone >= 2 { break }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)
        XCTAssertGreaterThanOrEqual(tracksDone, 2)
        let interrupted = try counts(url)
        XCTAssertLessThan(interrupted["master_track"] ?? 0, catalogue.songs.count, "killed before the tracks step finished")

        let rerun = await ProcessRunner.runOffPool(try ProcessRunner.toolPath("atlas"), arguments, environment: environment)
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        let reference = try Self.cluster.database("steps_kill_ref")
        try await PipelineRunner(context: try context(reference, site: slow, data: try makeScratchDirectory("musicatlas-steps"))).run(PipelineStep.allCases)
        XCTAssertEqual(try counts(url), try counts(reference))
    }

    func testHostileNamesRoundTripVerbatimAndNULIsRefused() throws {
        let url = try Self.cluster.database("steps_names")
        let connection = try PostgresConnection(url: url)
        let names = ["O'Brien \"The Quote\"", "semi;colon; DROP TABLE master_artist;--", "back\\slash\\\\", "emoji 🎧🔥👩🏽‍🎤",
                     "עברית ومزيج عربي", "{curly,braces}", "NULL", "", "tab\there", "new\nline"]
        let rows = names.enumerated().map { (id: "hostile\($0.offset)", name: $0.element, isMain: true) }
        XCTAssertEqual(try DatasetWriter(connection).insertArtists(rows), names.count)
        XCTAssertEqual(try DatasetWriter(connection).artists().map(\.name), names)
        XCTAssertThrowsError(try DatasetWriter(connection).insertArtists([(id: "nul", name: "a\u{0}b", isMain: true)])) { error in
            XCTAssertTrue("\(error)".contains("NUL"), "\(error)")
        }
        XCTAssertThrowsError(try connection.execute("SELECT $1::text", ["x\u{0}y"], purpose: "probe")) { error in
            XCTAssertTrue("\(error)".contains("NUL"), "\(error)")
        }
        XCTAssertEqual(try DatasetWriter(connection).artists().count, names.count)
    }

    /// The 2020 tables loaded by COPY, then the infer and export steps in `seed2020` mode: the
    /// exported CSVs equal the 2020 files byte for byte.
    func testSeedInferAndExportFromTheStoreReproduce2020() async throws {
        let url = try Self.cluster.database("steps_seed")
        let connection = try PostgresConnection(url: url)
        _ = try SeedImporter(directory: try SharedFixtures.path("seed-2020")).run(on: connection)
        let data = try makeScratchDirectory("musicatlas-steps")
        let context = try StepContext(connection: connection, configuration: PipelineConfiguration(mode: .seed2020, dataDirectory: data),
                                      interactive: false, log: { _ in })
        try await PipelineRunner(context: context).run([.infer, .export])
        for (ours, theirs) in [("master_artist.csv", "master_artist_with_popularity.csv"), ("master_track.csv", "master_track_export.csv")] {
            let a = try Data(contentsOf: URL(fileURLWithPath: data + "/exports/seed-csv/" + ours))
            let b = try SharedFixtures.data("seed-2020/expected/" + theirs)
            XCTAssertTrue(a == b, "\(ours) differs from the 2020 \(theirs) (\(a.count) vs \(b.count) bytes)")
        }
        // The seed wrote these two from unordered queries: the same lines, in another order.
        for name in ["rel_GEN_ART.csv", "master_genre.csv"] {
            let a = try String(contentsOfFile: data + "/exports/seed-csv/" + name, encoding: .utf8).split(separator: "\n")
            let b = String(decoding: try SharedFixtures.data("seed-2020/expected/" + name), as: UTF8.self).split(separator: "\n")
            XCTAssertEqual(a.first, b.first, name)
            XCTAssertEqual(a.count, b.count, name)
            XCTAssertTrue(a.sorted() == b.sorted(), "\(name): different lines")
        }
    }
}
