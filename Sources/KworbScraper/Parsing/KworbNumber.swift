/// Numbers as kworb prints them: `19,730,111,322`, `+43,351`, `-1`, `1(x2)`, empty.
package enum KworbNumber {
    /// The integer in `text`, ignoring thousands separators, a leading `+`, surrounding spaces and
    /// a trailing parenthesised note; `nil` when there is none (`=`, `NEW`, empty).
    package static func parse(_ text: String) -> Int64? {
        // Byte-wise: these are ASCII digits, and Character properties cost Unicode table look-ups.
        var value: Int64 = 0
        var digits = 0
        var negative = false
        var started = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = shifted.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
                guard !overflow1, !overflow2 else { return nil }
                value = sum
                digits += 1
                started = true
            case UInt8(ascii: ","):
                guard started else { return nil }
            case UInt8(ascii: " "), 9, 10, 13, 0xA0:
                if started { return digits > 0 ? (negative ? -value : value) : nil }
            case UInt8(ascii: "+") where !started:
                started = true
            case UInt8(ascii: "-") where !started:
                negative = true
                started = true
            default:
                return digits > 0 ? (negative ? -value : value) : nil
            }
        }
        return digits > 0 ? (negative ? -value : value) : nil
    }
}
