import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Fetches pages politely: at most `maxConcurrentRequests` at once, at least
/// `minimumDelayPerHost` between request starts per host, a User-Agent naming the tool, retries
/// with exponential backoff and jitter on 429 / 5xx / network errors honouring `Retry-After`, a
/// bounded total wait per page, and an on-disk cache revalidated with `ETag` / `Last-Modified`.
public actor PageFetcher {
    /// The policy in force.
    public let policy: FetchPolicy
    /// The cache, if any.
    public let cache: PageCache?
    /// Cached pages younger than this are served without asking the server (0 = always revalidate).
    public let freshFor: TimeInterval
    private let transfer = BoundedTransfer()
    private var inFlight = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var nextStart: [String: Date] = [:]

    /// Creates a fetcher.
    public init(policy: FetchPolicy = FetchPolicy(), cache: PageCache? = nil, freshFor: TimeInterval = 0) {
        self.policy = policy
        self.cache = cache
        self.freshFor = freshFor
    }

    /// Fetches one page.
    public func fetch(_ url: URL) async throws(FetchError) -> FetchedPage {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw .invalidURL(url.absoluteString)
        }
        let cached = cache?.lookup(url)
        if let cached, freshFor > 0, Date().timeIntervalSince(cached.entry.checkedAt) < freshFor {
            return FetchedPage(url: url, data: cached.body, origin: .cache, attempts: 0)
        }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: policy.requestTimeout)
        request.setValue(policy.userAgent, forHTTPHeaderField: "User-Agent")
        if let etag = cached?.entry.etag { request.setValue(etag, forHTTPHeaderField: "If-None-Match") }
        if let modified = cached?.entry.lastModified { request.setValue(modified, forHTTPHeaderField: "If-Modified-Since") }

        var waited: TimeInterval = 0, attempts = 0
        var lastProblem = ""
        for attempt in 1...policy.maxAttempts {
            await acquire()
            await pace(host: url.host ?? "")
            let outcome: Result<(Data, HTTPURLResponse), Error>
            attempts = attempt
            do {
                outcome = .success(try await transfer.data(for: request, deadline: policy.requestTimeout, limit: policy.maxBodyBytes))
            } catch {
                outcome = .failure(error)
            }
            release()

            var retryAfter: TimeInterval?
            switch outcome {
            case .success(let (data, http)):
                switch http.statusCode {
                case 200..<300:
                    if let cache {
                        do {
                            try cache.store(url, body: data, etag: http.value(forHTTPHeaderField: "ETag"),
                                            lastModified: http.value(forHTTPHeaderField: "Last-Modified"))
                        } catch {
                            throw .cache(url: url.absoluteString, reason: error.localizedDescription)
                        }
                    }
                    return FetchedPage(url: url, data: data, origin: .network, attempts: attempt)
                case 304:
                    if let cached {
                        cache?.touch(url)
                        return FetchedPage(url: url, data: cached.body, origin: .revalidated, attempts: attempt)
                    }
                    throw .httpStatus(url: url.absoluteString, status: 304)
                case 429, 500..<600:
                    lastProblem = "HTTP \(http.statusCode)"
                    retryAfter = http.value(forHTTPHeaderField: "Retry-After").flatMap(RetryAfter.seconds)
                default:
                    throw .httpStatus(url: url.absoluteString, status: http.statusCode)
                }
            case .failure(BoundedTransfer.Stop.tooLarge(let limit)):
                throw .tooLarge(url: url.absoluteString, limit: limit)
            case .failure(BoundedTransfer.Stop.redirectLoop(let chain)):
                throw .redirectLoop(url: url.absoluteString, chain: chain)
            case .failure(BoundedTransfer.Stop.deadline(let seconds)):
                lastProblem = String(format: "no complete answer within the %.0f s deadline", seconds)
            case .failure(let error):
                lastProblem = "network error: \(error)"
            }
            guard attempt < policy.maxAttempts else { break }
            let backoff = min(policy.maxBackoff, policy.initialBackoff * pow(2, Double(attempt - 1)))
            let delay = retryAfter.map { $0 + Double.random(in: 0...0.25) } ?? backoff * Double.random(in: 0.5...1.5)
            // A server asking for more than the budget allows is given up on now, not slept on.
            guard delay <= policy.maxBackoff, waited + delay <= policy.maxTotalWait else {
                if let retryAfter { lastProblem += String(format: ", Retry-After %.0f s is beyond the wait budget", retryAfter) }
                break
            }
            waited += delay
            try? await Task.sleep(nanoseconds: UInt64(delay * 1e9))
        }
        throw .gaveUp(url: url.absoluteString, attempts: attempts, waited: waited, lastProblem: lastProblem)
    }

    /// Fetches many pages concurrently (within the policy); results come back in input order.
    /// `progress` is called after each page with (finished, total).
    public nonisolated func fetchAll(
        _ urls: [URL], progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async -> [Result<FetchedPage, FetchError>] {
        let counter = ProgressCounter()
        return await withTaskGroup(of: (Int, Result<FetchedPage, FetchError>).self) { group in
            for (index, url) in urls.enumerated() {
                group.addTask {
                    let result: Result<FetchedPage, FetchError>
                    do throws(FetchError) { result = .success(try await self.fetch(url)) } catch { result = .failure(error) }
                    progress(await counter.increment(), urls.count)
                    return (index, result)
                }
            }
            var results = [Result<FetchedPage, FetchError>?](repeating: nil, count: urls.count)
            for await (index, result) in group { results[index] = result }
            return results.map { $0! }
        }
    }

    private func acquire() async {
        if inFlight < policy.maxConcurrentRequests {
            inFlight += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            inFlight -= 1
        } else {
            waiters.removeFirst().resume()  // hand the slot over
        }
    }

    /// Reserves the next start slot for `host` and sleeps until it.
    private func pace(host: String) async {
        let now = Date()
        let start = max(now, nextStart[host] ?? now)
        nextStart[host] = start.addingTimeInterval(policy.minimumDelayPerHost)
        let wait = start.timeIntervalSince(now)
        if wait > 0 { try? await Task.sleep(nanoseconds: UInt64(wait * 1e9)) }
    }
}

/// Counts finished pages across tasks.
private actor ProgressCounter {
    private var value = 0
    func increment() -> Int {
        value += 1
        return value
    }
}

/// The `Retry-After` header: delta-seconds or an HTTP date.
package enum RetryAfter {
    /// Seconds to wait, or `nil` when the value is neither form.
    public static func seconds(_ value: String) -> TimeInterval? {
        if let seconds = Double(value.trimmingCharacters(in: .whitespaces)) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map { max(0, $0.timeIntervalSinceNow) }
    }
}
