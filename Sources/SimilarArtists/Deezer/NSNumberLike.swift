import Foundation

/// What `JSONSerialization` produces for JSON numbers (NSNumber), without spreading NSNumber
/// through the models.
protocol NSNumberLike {
    var int64Value: Int64 { get }
    var doubleValue: Double { get }
}

extension NSNumber: NSNumberLike {}
