import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Runs one HTTP request under limits that `URLSession.data(for:)` does not give: an overall
/// deadline (its own timeout restarts with every byte, so a server trickling 10 bytes a second
/// never times out), a cap on the body (checked against `Content-Length` first, then while it
/// arrives, so a 600 MB answer is never held in memory), and a redirect chain that ends at the
/// first repeated URL or after `maxRedirects` hops.
final class BoundedTransfer: NSObject, URLSessionDataDelegate, Sendable {
    /// Why a transfer stopped short.
    enum Stop: Error, Equatable {
        /// Past the overall deadline (seconds).
        case deadline(TimeInterval)
        /// Body larger than the cap (bytes).
        case tooLarge(Int64)
        /// The redirect chain repeats a URL or is too long.
        case redirectLoop([String])
    }

    private struct Transfer {
        var continuation: CheckedContinuation<(Data, HTTPURLResponse), any Error>
        var limit: Int64
        var body = Data()
        var response: HTTPURLResponse?
        var visited: [String]
    }

    private let transfers = Mutex<[Int: Transfer]>([:])
    /// Hops followed before a chain counts as a loop.
    let maxRedirects: Int

    /// A delegate for a session whose transfers stop after `maxRedirects` redirects.
    init(maxRedirects: Int = 10) { self.maxRedirects = maxRedirects }

    /// Performs `request` on `session` (whose delegate is this object) within `deadline` seconds
    /// and `limit` bytes of body.
    func data(for request: URLRequest, on session: URLSession, deadline: TimeInterval, limit: Int64) async throws -> (Data, HTTPURLResponse) {
        let started = Mutex<URLSessionDataTask?>(nil)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let task = session.dataTask(with: request)
                transfers.withLock {
                    $0[task.taskIdentifier] = Transfer(continuation: continuation, limit: limit, visited: [request.url?.absoluteString ?? ""])
                }
                started.withLock { $0 = task }
                DispatchQueue.global().asyncAfter(deadline: .now() + deadline) { [weak self, weak task] in
                    guard let self, let task else { return }
                    self.stop(task, .deadline(deadline))
                }
                task.resume()
            }
        } onCancel: {
            started.withLock { $0 }?.cancel()
        }
    }

    /// Ends the transfer of `task` with `reason` at once — its caller gets the error now — and,
    /// unless `cancel` is false, cancels the task. (FoundationNetworking cancels asynchronously:
    /// on a busy machine libcurl can go on draining a streaming body for a long while before the
    /// cancel lands, so the caller must not wait for the task's completion; what still arrives is
    /// dropped, never held.)
    private func stop(_ task: URLSessionTask, _ reason: Stop, cancel: Bool = true) {
        let transfer = transfers.withLock { $0.removeValue(forKey: task.taskIdentifier) }
        guard let transfer else { return }
        transfer.continuation.resume(throwing: reason)
        if cancel { task.cancel() }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        let limit = transfers.withLock { transfers -> Int64? in
            transfers[dataTask.taskIdentifier]?.response = response as? HTTPURLResponse
            return transfers[dataTask.taskIdentifier]?.limit
        }
        if let limit, response.expectedContentLength > limit {
            stop(dataTask, .tooLarge(limit))
            completionHandler(.cancel)
            return
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let over = transfers.withLock { transfers -> Int64? in
            guard var transfer = transfers[dataTask.taskIdentifier] else { return nil }
            transfer.body.append(data)
            let limit = transfer.limit
            transfers[dataTask.taskIdentifier] = transfer
            return Int64(transfer.body.count) > limit ? limit : nil
        }
        if let over { stop(dataTask, .tooLarge(over)) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        let next = request.url?.absoluteString ?? ""
        let loop = transfers.withLock { transfers -> [String]? in
            guard var transfer = transfers[task.taskIdentifier] else { return nil }
            let repeated = transfer.visited.contains(next)
            transfer.visited.append(next)
            transfers[task.taskIdentifier] = transfer
            return repeated || transfer.visited.count > maxRedirects + 1 ? transfer.visited : nil
        }
        if let loop {
            // Refusing the redirect ends the task with the 3xx answer; cancelling it as well
            // crashes swift-corelibs-foundation ("Received callback for HTTP redirection, but
            // we're not waiting for it").
            stop(task, .redirectLoop(loop), cancel: false)
            completionHandler(nil)
            return
        }
        completionHandler(request)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        // A stopped transfer was resumed (and removed) when it stopped.
        guard let transfer = transfers.withLock({ $0.removeValue(forKey: task.taskIdentifier) }) else { return }
        if let error {
            transfer.continuation.resume(throwing: error)
        } else if let response = transfer.response ?? (task.response as? HTTPURLResponse) {
            transfer.continuation.resume(returning: (transfer.body, response))
        } else {
            transfer.continuation.resume(throwing: URLError(.badServerResponse))
        }
    }
}
