import AtlasStore
import Foundation
import StoreTestSupport
import TestSupport
import XCTest

/// The job queue against a real PostgreSQL cluster started for this class.
final class JobQueueTests: XCTestCase {
    nonisolated(unsafe) private static var cluster: TestCluster!

    override class func setUp() {
        super.setUp()
        cluster = TestCluster(name: "queue")
    }

    override class func tearDown() {
        cluster.stop()
        super.tearDown()
    }

    private func queue(_ owner: String, lease: TimeInterval = 60, backoff: TimeInterval = 0) throws -> JobQueue {
        JobQueue(connection: try Self.cluster.connect(), owner: owner, lease: lease, backoffBase: backoff)
    }

    func testEnqueueTwiceIsHarmless() throws {
        let q = try queue("w")
        XCTAssertEqual(try q.enqueue(kind: "dedupe", jobs: [("t1", "a"), ("t2", "b\"quoted\\")]), 2)
        XCTAssertEqual(try q.enqueue(kind: "dedupe", jobs: [("t1", "a"), ("t3", "c")]), 1)
        XCTAssertEqual(try q.counts(kind: "dedupe"), ["queued": 3])
        let claimed = try q.claim(kind: "dedupe", limit: 10)
        XCTAssertEqual(Set(claimed.map(\.payload)), ["a", "b\"quoted\\", "c"])
    }

    /// 4 workers on their own connections, 2,000 jobs: each done exactly once.
    func testFourConcurrentWorkersDoEachJobExactlyOnce() throws {
        let setup = try queue("setup")
        XCTAssertEqual(try setup.enqueue(kind: "bulk", jobs: (0..<2000).map { ("track\($0)", "") }), 2000)
        // Each worker thread uses only its own queue (and connection).
        nonisolated(unsafe) let queues = try (0..<4).map { try queue("worker\($0)") }
        let lock = NSLock()
        nonisolated(unsafe) var done: [Int64] = []
        nonisolated(unsafe) var failures: [String] = []
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            let q = queues[worker]
            while true {
                do {
                    let jobs = try q.claim(kind: "bulk", limit: 10)
                    if jobs.isEmpty { break }
                    for job in jobs where try q.complete(job) { lock.withLock { done.append(job.id) } }
                } catch {
                    lock.withLock { failures.append("\(error)") }
                    break
                }
            }
        }
        XCTAssertEqual(failures, [])
        XCTAssertEqual(done.count, 2000)
        XCTAssertEqual(Set(done).count, 2000, "no job done twice")
        XCTAssertEqual(try setup.counts(kind: "bulk"), ["done": 2000])
    }

    /// A worker that dies mid-job (never completes) loses its lease; another finishes the job,
    /// and the first one's late completion is fenced off.
    func testExpiredLeaseIsTakenOverAndTheStaleWorkerIsFenced() throws {
        let a = try queue("dead-worker", lease: 1), b = try queue("live-worker", lease: 60)
        try a.enqueue(kind: "lease", jobs: [("song", "")])
        let first = try XCTUnwrap(a.claim(kind: "lease").first)
        XCTAssertEqual(try b.claim(kind: "lease").count, 0, "leased")
        Thread.sleep(forTimeInterval: 1.3)
        let second = try XCTUnwrap(b.claim(kind: "lease").first)
        XCTAssertEqual(second.id, first.id)
        XCTAssertEqual(second.attempts, 2)
        XCTAssertFalse(try a.complete(first), "fenced: the lease is no longer ours")
        XCTAssertEqual(try a.fail(first, error: "late"), .fenced)
        XCTAssertTrue(try b.complete(second))
        XCTAssertEqual(try b.counts(kind: "lease"), ["done": 1])
    }

    func testPoisonedJobEndsDeadAfterItsAttempts() throws {
        let q = try queue("w", backoff: 0)
        try q.enqueue(kind: "poison", jobs: [("bad", "")], maxAttempts: 3)
        var outcomes: [JobOutcome] = []
        for _ in 0..<5 {
            guard let job = try q.claim(kind: "poison").first else { break }
            outcomes.append(try q.fail(job, error: "decoder exploded"))
        }
        XCTAssertEqual(outcomes, [.retry, .retry, .dead])
        XCTAssertEqual(try q.counts(kind: "poison"), ["dead": 1])
        let backedOff = try queue("w2", backoff: 30)
        try backedOff.enqueue(kind: "slow", jobs: [("x", "")])
        let job = try XCTUnwrap(backedOff.claim(kind: "slow").first)
        XCTAssertEqual(try backedOff.fail(job, error: "503"), .retry)
        XCTAssertEqual(try backedOff.claim(kind: "slow").count, 0, "not due before its backoff")
    }

    func testEnqueueWakesListeners() throws {
        let listener = try PostgresConnection(url: try Self.cluster.requireURL())
        try listener.listen(JobQueue.channel("spectrogram"))
        let q = try queue("producer")
        try q.enqueue(kind: "spectrogram", jobs: [("a", ""), ("b", "")])
        let woken = try listener.notifications(timeout: 5)
        XCTAssertEqual(woken.map(\.channel), ["jobs_spectrogram"])
        XCTAssertEqual(woken.map(\.payload), ["2"])
    }
}
