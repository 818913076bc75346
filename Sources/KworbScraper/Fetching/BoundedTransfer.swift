import AsyncHTTPClient
import Foundation
import NIOCore
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Runs one HTTP GET under limits a plain client does not give: an overall deadline from the
/// request to the last byte (a server trickling 10 bytes a second is cut off), a cap on the body
/// (checked against `Content-Length` first, then while it arrives), and a redirect chain that ends
/// at the first repeated URL or after `maxRedirects` hops.
///
/// The body is read through AsyncHTTPClient's streaming response, which reads from the socket only
/// as fast as this loop consumes: when the cap or the deadline stops the loop, the connection is
/// closed and nothing more is read. (Linux URLSession, used before, read ahead of its delegate
/// without backpressure: 5.9 GB taken from a hostile server after the refusal.)
struct BoundedTransfer: Sendable {
    /// Why a transfer stopped short.
    enum Stop: Error, Equatable {
        /// Past the overall deadline (seconds).
        case deadline(TimeInterval)
        /// Body larger than the cap (bytes).
        case tooLarge(Int64)
        /// The redirect chain repeats a URL or is too long.
        case redirectLoop([String])
    }

    /// Hops followed before a chain counts as a loop.
    let maxRedirects: Int

    /// The process's client: redirects are followed here (to see the chain), not by the client.
    /// A static is never deinitialised, so it needs no shutdown.
    static let client = HTTPClient(eventLoopGroupProvider: .shared(HTTPClient.defaultEventLoopGroup),
                                   configuration: HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10))))

    /// A transfer that stops after `maxRedirects` redirects.
    init(maxRedirects: Int = 10) { self.maxRedirects = maxRedirects }

    /// Performs the GET `request` within `deadline` seconds and `limit` bytes of body.
    func data(for request: URLRequest, deadline: TimeInterval, limit: Int64) async throws -> (Data, HTTPURLResponse) {
        guard let start = request.url else { throw URLError(.badURL) }
        let headers = request.allHTTPHeaderFields ?? [:]
        let maxRedirects = maxRedirects
        let result = try await withThrowingTaskGroup(of: (Data, HTTPURLResponse)?.self) { group in
            group.addTask {
                var url = start
                var visited = [start.absoluteString]
                while true {
                    let (status, fields, body) = try await Self.get(url, headers: headers, limit: limit)
                    if (300..<400).contains(status), let location = fields["location"], let next = URL(string: location, relativeTo: url)?.absoluteURL {
                        let repeated = visited.contains(next.absoluteString)
                        visited.append(next.absoluteString)
                        if repeated || visited.count > maxRedirects + 1 { throw Stop.redirectLoop(visited) }
                        url = next
                        continue
                    }
                    guard let response = HTTPURLResponse(url: url, statusCode: status, httpVersion: "HTTP/1.1", headerFields: fields) else {
                        throw URLError(.badServerResponse)
                    }
                    return (body, response)
                }
            }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(deadline * 1e9))
                return nil
            }
            // The first to finish decides; the other is cancelled (a cancelled read closes the connection).
            defer { group.cancelAll() }
            guard let first = try await group.next() ?? nil else { throw Stop.deadline(deadline) }
            return first
        }
        return result
    }

    /// One GET: status, headers (lower-cased names) and the body, read up to `limit` bytes.
    private static func get(_ url: URL, headers: [String: String], limit: Int64) async throws -> (Int, [String: String], Data) {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .GET
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        let response = try await client.execute(request, timeout: .hours(1))
        var fields: [String: String] = [:]
        for (name, value) in response.headers { fields[name.lowercased()] = fields[name.lowercased()].map { $0 + ", " + value } ?? value }
        if let declared = fields["content-length"].flatMap({ Int64($0) }), declared > limit { throw Stop.tooLarge(limit) }
        var body = Data()
        for try await buffer in response.body {
            guard Int64(body.count + buffer.readableBytes) <= limit else { throw Stop.tooLarge(limit) }
            body.append(contentsOf: buffer.readableBytesView)
        }
        return (Int(response.status.code), fields, body)
    }
}
