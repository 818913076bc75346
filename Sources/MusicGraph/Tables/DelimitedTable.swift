import Foundation

/// A delimited text table (CSV with `,` or `;`), parsed the way pandas and PostgreSQL write them:
/// fields may be quoted with `"`, a doubled `""` inside quotes is one quote, quoted fields may hold
/// the delimiter and line breaks, lines end in `\n` or `\r\n`.
///
/// The parser works on UTF-8 bytes (the seed's files have 256k rows; this reads them in tens of
/// milliseconds) and refuses rather than guesses: an unterminated quote, a row with the wrong
/// number of fields or invalid UTF-8 is a `TableError` naming the file and line.
public struct DelimitedTable: Sendable {
    /// Where the table came from (a path, for error messages).
    public let source: String
    /// The header's field names.
    public let header: [String]
    /// Every data field, row after row (`header.count` per row) — one array rather than one per
    /// row, which matters at 256k rows.
    public let fields: [String]
    /// The 1-based line number each row starts on.
    public let lineNumbers: [Int]

    /// The number of data rows.
    public var rowCount: Int { lineNumbers.count }

    /// The field of `row` in `column`.
    @inline(__always)
    public subscript(row: Int, column: Int) -> String { fields[row * header.count + column] }

    /// The data rows as arrays (convenient, but allocates an array per row).
    public var rows: [[String]] {
        (0..<rowCount).map { Array(fields[($0 * header.count)..<(($0 + 1) * header.count)]) }
    }

    /// Parses `data`. With `delimiter == nil` the header line decides: `;` if it has one and no
    /// `,`, else `,`.
    public init(data: Data, source: String, delimiter: Character? = nil) throws(TableError) {
        self.source = source
        let bytes = [UInt8](data)
        let separator: UInt8
        if let delimiter, let ascii = delimiter.asciiValue {
            separator = ascii
        } else {
            let firstLine = bytes.prefix { $0 != UInt8(ascii: "\n") }
            let hasSemicolon = firstLine.contains(UInt8(ascii: ";")), hasComma = firstLine.contains(UInt8(ascii: ","))
            separator = hasSemicolon && !hasComma ? UInt8(ascii: ";") : UInt8(ascii: ",")
        }
        // Validate once; fields are then decoded from slices without re-checking (delimiters,
        // quotes and line ends are ASCII, so no slice splits a character).
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw .malformed(source: source, line: Self.firstInvalidLine(bytes), reason: "invalid UTF-8")
        }
        // A NUL is valid UTF-8 but no name or id holds one; downstream (C strings, PostgreSQL
        // text) it would silently cut or change the value.
        if let nul = bytes.firstIndex(of: 0) {
            let line = 1 + bytes[..<nul].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            throw .malformed(source: source, line: line, reason: "NUL byte in the text")
        }
        var parser = Parser(bytes: bytes, separator: separator, source: source)
        var fields: [String] = []
        guard try parser.nextRecord(into: &fields) else { throw .empty(source: source) }
        let header = fields
        fields.removeAll()
        fields.reserveCapacity(bytes.count / 16)
        var lines: [Int] = []
        while true {
            let line = parser.line
            let before = fields.count
            guard try parser.nextRecord(into: &fields) else { break }
            let found = fields.count - before
            if found == 1, fields[before].isEmpty {  // blank line
                fields.removeLast()
                continue
            }
            guard found == header.count else {
                throw .malformed(source: source, line: line, reason: "expected \(header.count) fields, found \(found)")
            }
            lines.append(line)
        }
        self.header = header
        self.fields = fields
        lineNumbers = lines
    }

    /// The line of the first byte sequence that is not UTF-8 (for the error message).
    private static func firstInvalidLine(_ bytes: [UInt8]) -> Int {
        var line = 1, start = 0
        for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            if String(validating: bytes[start..<i], as: UTF8.self) == nil { return line }
            line += 1
            start = i + 1
        }
        return line
    }

    /// Reads and parses the file at `path`.
    public init(contentsOf path: String, delimiter: Character? = nil) throws(TableError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(source: path, reason: (error as NSError).localizedDescription)
        }
        try self.init(data: data, source: path, delimiter: delimiter)
    }

    /// The index of column `name`.
    public func column(_ name: String) throws(TableError) -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw .missingColumn(source: source, column: name, header: header)
        }
        return index
    }

    /// The index of the first of `names` that the header has (for files that name a column
    /// differently).
    public func column(anyOf names: [String]) throws(TableError) -> Int {
        for name in names { if let index = header.firstIndex(of: name) { return index } }
        throw .missingColumn(source: source, column: names.joined(separator: " or "), header: header)
    }
}

/// A byte-level state machine over the whole file. The file is validated as UTF-8 once; fields
/// are then decoded straight from slices of the buffer (delimiters and quotes are ASCII, so a
/// slice never splits a character), and only a field with doubled quotes is copied.
private struct Parser {
    let bytes: [UInt8]
    let separator: UInt8
    let source: String
    var position = 0
    /// 1-based line of `position`.
    var line = 1
    private var scratch: [UInt8] = []

    init(bytes: [UInt8], separator: UInt8, source: String) {
        self.bytes = bytes
        self.separator = separator
        self.source = source
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }  // UTF-8 byte-order mark
    }

    /// Appends the next record's fields to `fields`; `false` at the end of the input.
    mutating func nextRecord(into fields: inout [String]) throws(TableError) -> Bool {
        guard position < bytes.count else { return false }
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriage = UInt8(ascii: "\r")
        let startLine = line
        let count = bytes.count
        while true {
            // One field starting at `position`.
            if position < count, bytes[position] == quote {
                position += 1
                let start = position
                var escaped = false
                var closed = false
                while position < count {
                    let byte = bytes[position]
                    if byte == quote {
                        if position + 1 < count, bytes[position + 1] == quote {
                            escaped = true
                            position += 2
                            continue
                        }
                        closed = true
                        break
                    }
                    if byte == newline { line += 1 }
                    position += 1
                }
                guard closed else { throw .malformed(source: source, line: startLine, reason: "unterminated quoted field") }
                let end = position
                position += 1  // closing quote
                // Anything between the closing quote and the delimiter is kept, as pandas does.
                let tailStart = position
                while position < count, bytes[position] != separator, bytes[position] != newline { position += 1 }
                var tailEnd = position
                if tailEnd > tailStart, bytes[tailEnd - 1] == carriage { tailEnd -= 1 }
                fields.append(try text(start, end, unescape: escaped, tail: tailStart..<tailEnd, line: startLine))
            } else {
                let start = position
                while position < count, bytes[position] != separator, bytes[position] != newline { position += 1 }
                var end = position
                if end > start, (position >= count || bytes[position] == newline), bytes[end - 1] == carriage { end -= 1 }
                fields.append(try text(start, end, unescape: false, tail: 0..<0, line: startLine))
            }
            if position >= count { return true }
            let terminator = bytes[position]
            position += 1
            if terminator == newline {
                line += 1
                return true
            }
        }
    }

    private mutating func text(_ start: Int, _ end: Int, unescape: Bool, tail: Range<Int>, line: Int) throws(TableError) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            if !unescape && tail.isEmpty {
                return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
            }
            scratch.removeAll(keepingCapacity: true)
            var i = start
            while i < end {
                scratch.append(buffer[i])
                i += buffer[i] == UInt8(ascii: "\"") ? 2 : 1
            }
            scratch.append(contentsOf: buffer[tail])
            return scratch.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
        }
    }
}
