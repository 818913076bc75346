/// Finds where one complete RESP2 reply ends in a growing receive buffer, without decoding it.
///
/// The scan resumes where it stopped when more bytes arrive, so a reply of n bytes read in k
/// chunks costs O(n), not O(n·k) as re-parsing from the start after every read would.
struct RESPFrameScanner {
    /// A limit on nesting, against a hostile or broken server.
    static let maximumDepth = 64
    /// A limit on a single bulk string (Redis' own default `proto-max-bulk-len`).
    static let maximumBulkLength = 512 * 1024 * 1024

    /// What a scan found.
    enum Outcome: Equatable {
        /// The reply ends just before this offset.
        case complete(Int)
        /// More bytes are needed.
        case incomplete
    }

    /// How far the buffer has been scanned.
    private(set) var position = 0
    /// Elements still expected by each open array, outermost first.
    private var pending: [Int] = []

    /// Continues the scan over `buffer` (the same buffer, grown since the last call).
    mutating func scan(_ buffer: [UInt8]) throws(RESPFormatError) -> Outcome {
        while true {
            guard let lineEnd = try Self.lineEnd(in: buffer, from: position) else { return .incomplete }
            let type = buffer[position]
            let header = position + 1 ..< lineEnd
            var next = lineEnd + 2
            var finishedElement = true
            switch type {
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                break
            case UInt8(ascii: ":"):
                _ = try Self.integer(buffer, header, at: position)
            case UInt8(ascii: "$"):
                let length = try Self.integer(buffer, header, at: position)
                if length >= 0 {
                    guard length <= Self.maximumBulkLength else { throw RESPFormatError(offset: position, detail: "bulk string of \(length) bytes") }
                    guard buffer.count >= next + Int(length) + 2 else { return .incomplete }
                    next += Int(length)
                    guard buffer[next] == 13, buffer[next + 1] == 10 else { throw RESPFormatError(offset: next, detail: "bulk string not followed by CRLF") }
                    next += 2
                } else if length != -1 {
                    throw RESPFormatError(offset: position, detail: "negative bulk length \(length)")
                }
            case UInt8(ascii: "*"):
                let count = try Self.integer(buffer, header, at: position)
                if count > 0 {
                    guard pending.count < Self.maximumDepth else { throw RESPFormatError(offset: position, detail: "arrays nested deeper than \(Self.maximumDepth)") }
                    guard count <= Int64(Int32.max) else { throw RESPFormatError(offset: position, detail: "array of \(count) elements") }
                    pending.append(Int(count))
                    finishedElement = false
                } else if count < -1 {
                    throw RESPFormatError(offset: position, detail: "negative array length \(count)")
                }
            default:
                throw RESPFormatError(offset: position, detail: "unknown type byte 0x\(String(type, radix: 16))")
            }
            position = next
            if finishedElement {
                // A finished element may finish its array, and that one its parent.
                while let last = pending.last {
                    if last > 1 {
                        pending[pending.count - 1] = last - 1
                        break
                    }
                    pending.removeLast()
                }
                if pending.isEmpty { return .complete(position) }
            }
        }
    }

    /// Forgets the scanned reply, after the caller removed its `end` bytes from the buffer.
    mutating func reset() {
        position = 0
        pending.removeAll(keepingCapacity: true)
    }

    /// The index of the `\r` of the first CRLF at or after `start`; `nil` when the line is not
    /// complete yet. A CR not followed by LF is not RESP.
    static func lineEnd(in buffer: [UInt8], from start: Int) throws(RESPFormatError) -> Int? {
        var index = start
        while index + 1 < buffer.count {
            if buffer[index] == 13 {
                guard buffer[index + 1] == 10 else { throw RESPFormatError(offset: index, detail: "CR without LF") }
                return index
            }
            index += 1
        }
        return nil
    }

    /// A signed decimal header (`:`, `$`, `*` lines).
    static func integer(_ buffer: [UInt8], _ range: Range<Int>, at offset: Int) throws(RESPFormatError) -> Int64 {
        var index = range.lowerBound
        var negative = false
        if index < range.upperBound, buffer[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < range.upperBound, range.upperBound - index <= 19 else { throw RESPFormatError(offset: offset, detail: "bad integer header") }
        // Accumulated as a negative number, whose range reaches Int64.min.
        var value: Int64 = 0
        while index < range.upperBound {
            let digit = buffer[index] &- UInt8(ascii: "0")
            guard digit < 10 else { throw RESPFormatError(offset: offset, detail: "bad integer header") }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.subtractingReportingOverflow(Int64(digit))
            guard !overflow1, !overflow2 else { throw RESPFormatError(offset: offset, detail: "integer out of range") }
            value = sum
            index += 1
        }
        if negative { return value }
        guard value != .min else { throw RESPFormatError(offset: offset, detail: "integer out of range") }
        return -value
    }
}

/// Bytes that are not RESP2, with the offset where the problem starts.
struct RESPFormatError: Error {
    /// Offset into the reply.
    let offset: Int
    /// What is wrong.
    let detail: String
}
