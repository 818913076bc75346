import Foundation
import XCTest

extension XCTestCase {
    /// A new empty folder under the temporary directory, removed when the test ends.
    public func makeScratchDirectory(_ prefix: String = "musicatlas") throws -> String {
        let path = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }
}
