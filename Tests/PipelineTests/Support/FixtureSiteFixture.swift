import AtlasDemo
import Pipeline
import XCTest

extension XCTestCase {
    /// The offline fixture site on 127.0.0.1, stopped when the test ends.
    func startFixtureSite(_ options: FixtureSite.Options = .init()) async throws -> FixtureSite {
        let site = try await FixtureSite.start(options: options)
        addTeardownBlock { await site.stop() }
        return site
    }
}
