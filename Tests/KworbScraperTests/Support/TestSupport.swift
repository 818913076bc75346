import FlyingFox
import Foundation
import TestSupport
import XCTest

/// A committed fixture page.
func fixture(_ name: String) throws -> Data {
    guard let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil) else {
        throw XCTSkip("fixture \(name) missing from the bundle")
    }
    return try Data(contentsOf: url)
}

/// Counts requests and concurrency on the server side.
actor RequestLog {
    private(set) var count = 0
    private(set) var inFlight = 0
    private(set) var maxInFlight = 0
    private(set) var startTimes: [Date] = []
    private(set) var userAgents: [String] = []
    private(set) var validators: [String] = []

    func begin(_ request: HTTPRequest) -> Int {
        count += 1
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
        startTimes.append(Date())
        userAgents.append(request.headers[HTTPHeader("User-Agent")] ?? "")
        validators.append(request.headers[HTTPHeader("If-None-Match")] ?? "")
        return count
    }

    func end() { inFlight -= 1 }
}
