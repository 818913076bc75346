import AtlasDemo
import AtlasStore
import Foundation
import MediaWorkers
import Pipeline
import StoreTestSupport
import TestSupport
import XCTest
import YTFetch

/// `atlas worker` stages on a real cluster with real yt-dlp against the fixture site: the whole
/// chain, a worker killed mid-download, and the consecutive-failure stop.
final class WorkerTests: XCTestCase {
    nonisolated(unsafe) static var cluster: TestCluster!

    override class func setUp() { cluster = TestCluster(name: "workers") }
    override class func tearDown() { cluster.stop() }

    private func ytdlp() throws -> YTDLP { YTDLP(executable: try YTDLPExecutable.path()) }

    /// Runs a pool on a Dispatch thread (its threads block on libpq and yt-dlp).
    private func run(_ pool: WorkerPool) async throws -> WorkerPool.Summary { try await onDispatchThread { try pool.run() } }

    func testWorkersSearchDownloadAndRenderEveryTrack() async throws {
        let tool = try ytdlp()
        let url = try Self.cluster.database("workers_all")
        let site = try await startFixtureSite()
        let data = try makeScratchDirectory("musicatlas-workers")
        let connection = try PostgresConnection(url: url)
        let context = try StepContext(connection: connection, configuration: DatasetDemo.configuration(site: site, dataDirectory: data), interactive: false, log: { _ in })
        try await PipelineRunner(context: context).run(PipelineStep.allCases)
        let tracks = site.catalogue.songs.count
        let configuration = WorkerConfiguration(dataDirectory: data, ytdlp: tool, searchSource: .feed(site.searchTemplate), lease: 60, pollInterval: 1, untilEmpty: true)
        let summary = try await run(WorkerPool(databaseURL: url, configuration: configuration, stage: .all, concurrency: 2, log: { _ in }))
        XCTAssertEqual(summary.done, ["search": tracks, "download": tracks, "spectrogram": tracks], "\(summary)")
        XCTAssertEqual(summary.failures, [:])
        let urls = try connection.execute("SELECT url FROM track_url", purpose: "test").rows.compactMap { $0["url"] }
        XCTAssertEqual(urls.count, tracks)
        XCTAssertTrue(urls.allSatisfy { !$0.contains("version=live") }, "the scorer chose the official uploads: \(urls)")
        let audio = try FileManager.default.contentsOfDirectory(atPath: data + "/audio").filter { $0.hasSuffix(".wav") }
        XCTAssertEqual(Set(audio), Set(site.catalogue.songs.map { "\($0.id).wav" }))
        let pngs = try FileManager.default.contentsOfDirectory(atPath: data + "/spectrograms").filter { $0.hasSuffix(".png") }
        XCTAssertEqual(Set(pngs.map { String($0.prefix(22)) }), Set(site.catalogue.songs.map(\.id)), "every track has windows")
        let states = try connection.execute("SELECT DISTINCT state FROM jobs", purpose: "test").rows.compactMap { $0["state"] }
        XCTAssertEqual(states, ["done"])
        // Every finished job recorded where its time went, with the phases its kind has.
        let phases = try connection.execute("""
            SELECT kind, string_agg(DISTINCT key, ',' ORDER BY key) AS keys, count(DISTINCT id) AS jobs,
                   bool_and(value::float >= 0) AS nonnegative, sum(value::float) AS seconds
            FROM job_event, jsonb_each_text(phases) WHERE outcome = 'done' GROUP BY kind ORDER BY kind
            """, purpose: "test").rows
        XCTAssertEqual(phases.map { $0["kind"] }, ["download", "search", "spectrogram"])
        XCTAssertEqual(phases.map { $0["keys"] }, ["record,store,yt-dlp", "record,yt-dlp", "decode,dsp,fingerprint,output,record,store"])
        XCTAssertEqual(phases.map { $0["jobs"] }, Array(repeating: String(tracks), count: 3))
        XCTAssertEqual(phases.map { $0["nonnegative"] }, ["t", "t", "t"])
        XCTAssertTrue(phases.allSatisfy { Double($0["seconds"] ?? "") ?? 0 > 0 }, "\(phases)")

        // seed2020 takes the first result passing the 2020 rules: the live recording listed first.
        let seedURL = try Self.cluster.database("workers_seed")
        let seedConnection = try PostgresConnection(url: seedURL)
        try JobQueue(connection: seedConnection, owner: "test").enqueue(kind: "search", jobs: [(key: site.catalogue.songs[0].id, payload: SearchJobPayload(
            trackID: site.catalogue.songs[0].id, title: site.catalogue.songs[0].title, artist: site.catalogue.artists[0].name, durationMS: nil).encoded())])
        try seedConnection.execute("INSERT INTO master_track (track_id, track_name, streams) VALUES ($1, $2, 1)", [site.catalogue.songs[0].id, site.catalogue.songs[0].title], purpose: "test")
        var seedConfiguration = configuration
        seedConfiguration.mode = .seed2020
        seedConfiguration.dataDirectory = try makeScratchDirectory("musicatlas-workers")
        _ = try await run(WorkerPool(databaseURL: seedURL, configuration: seedConfiguration, stage: .search, concurrency: 1, log: { _ in }))
        let seedPick = try seedConnection.execute("SELECT url FROM track_url", purpose: "test")[0]["url"]
        XCTAssertTrue(seedPick?.contains("version=live") == true, "\(String(describing: seedPick))")
    }

    /// A worker process killed with SIGKILL while downloading: its lease runs out and another
    /// worker finishes the job, exactly once.
    func testAKilledWorkersJobIsFinishedByAnotherAfterItsLease() async throws {
        let tool = try ytdlp()
        let url = try Self.cluster.database("workers_kill")
        let site = try await startFixtureSite(.init(mediaDelay: 3))
        let song = site.catalogue.songs[0]
        let connection = try PostgresConnection(url: url)
        try JobQueue(connection: connection, owner: "test").enqueue(kind: "download", jobs: [
            (key: song.id, payload: DownloadJobPayload(trackID: song.id, url: site.audioURL(trackID: song.id).absoluteString).encoded())])
        let data = try makeScratchDirectory("musicatlas-workers")
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = url
        environment["YTDLP"] = tool.executable
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try ProcessRunner.toolPath("atlas"))
        process.arguments = ["worker", "--stage", "download", "--concurrency", "1", "--lease", "5", "--until-empty", "--data", data]
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var owner: String?
        let deadline = Date().addingTimeInterval(30)
        while owner == nil, Date() < deadline {
            owner = try connection.execute("SELECT lease_owner FROM jobs WHERE state = 'running'", purpose: "test").rows.first?["lease_owner"]
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertNotNil(owner, "the worker claimed the job")
        XCTAssertTrue(owner?.contains(":\(process.processIdentifier):") == true, "\(String(describing: owner))")

        let configuration = WorkerConfiguration(dataDirectory: data, ytdlp: tool, lease: 5, pollInterval: 1, untilEmpty: true)
        let summary = try await run(WorkerPool(databaseURL: url, configuration: configuration, stage: .download, concurrency: 1, log: { _ in }))
        XCTAssertEqual(summary.done["download"], 1)
        let row = try connection.execute("SELECT state, attempts, finished_by FROM jobs WHERE kind = 'download'", purpose: "test")[0]
        XCTAssertEqual(row["state"], "done")
        XCTAssertEqual(row.int("attempts"), 2)
        XCTAssertNotEqual(row["finished_by"], owner)
        XCTAssertEqual(try connection.execute("SELECT count(*) AS n FROM jobs WHERE kind = 'spectrogram'", purpose: "test")[0].int("n"), 1)
        XCTAssertTrue(FileManager.default.fileExists(atPath: data + "/audio/\(song.id).wav"))
    }

    func testConsecutiveDownloadFailuresStopTheWorker() async throws {
        let tool = try ytdlp()
        let url = try Self.cluster.database("workers_streak")
        let site = try await startFixtureSite()
        let connection = try PostgresConnection(url: url)
        // Connection refused: a failure that says something about this worker (a 404 would be
        // permanent for its video and not count).
        _ = site
        let jobs = (1...4).map { n in (key: "gone\(n)", payload: DownloadJobPayload(trackID: "gone\(n)", url: "http://127.0.0.1:9/media/gone\(n).wav").encoded()) }
        try JobQueue(connection: connection, owner: "test").enqueue(kind: "download", jobs: jobs)
        let configuration = WorkerConfiguration(dataDirectory: try makeScratchDirectory("musicatlas-workers"), ytdlp: tool, failureLimit: 3, lease: 60, pollInterval: 1, untilEmpty: true)
        let summary = try await run(WorkerPool(databaseURL: url, configuration: configuration, stage: .download, concurrency: 1, log: { _ in }))
        XCTAssertEqual(summary.failures, ["network": 3])
        XCTAssertTrue(summary.stoppedDownloads?.contains("3 consecutive failures") == true, "\(String(describing: summary.stoppedDownloads))")
        let untouched = try connection.execute("SELECT count(*) AS n FROM jobs WHERE attempts = 0 AND state = 'queued'", purpose: "test")[0].int("n")
        XCTAssertEqual(untouched, 1, "the fourth job was left for another worker")
        let errors = try connection.execute("SELECT last_error FROM jobs WHERE attempts = 1", purpose: "test").rows.compactMap { $0["last_error"] }
        XCTAssertEqual(errors.count, 3)
        XCTAssertTrue(errors.allSatisfy { $0.hasPrefix("network:") }, "\(errors)")
    }
}
