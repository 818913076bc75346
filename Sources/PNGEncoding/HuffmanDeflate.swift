internal import CZlib

/// A zlib stream (RFC 1950) holding one deflate block (RFC 1951 §3.2.7) of literals only, coded
/// with a Huffman code made for the input: no string matching at all.
///
/// Why: a spectrogram window's grey levels are noise-like, so deflate's matches buy almost
/// nothing, while finding them was the largest cost of a render after decoding. Measured on
/// the benchmark's windows (256 × 937, unfiltered rows): zlib's `Z_RLE` level 1 takes 2.35 ms a
/// window for 124 KB, its `Z_HUFFMAN_ONLY` 1.85 ms for 119 KB; this writes the same kind of
/// stream in a fraction of that (one histogram pass, one coding pass). PNG's Up and Sub filters
/// made the windows larger (142 and 163 KB), so rows stay unfiltered.
package enum HuffmanDeflate {
    /// The longest code deflate allows for literals.
    package static let maximumCodeLength = 15

    /// `input` as a zlib stream.
    package static func zlibStream(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        // Literal frequencies (four tables, so that runs of one value do not serialise on a
        // single counter), plus the end-of-block symbol 256.
        var frequencies = [Int](repeating: 0, count: 257)
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 4 * 256) { tables in
            tables.initialize(repeating: 0)
            let n = input.count, base = input.baseAddress
            var i = 0
            while i + 4 <= n {
                tables[Int(base![i])] &+= 1
                tables[256 + Int(base![i + 1])] &+= 1
                tables[512 + Int(base![i + 2])] &+= 1
                tables[768 + Int(base![i + 3])] &+= 1
                i += 4
            }
            while i < n {
                tables[Int(base![i])] &+= 1
                i += 1
            }
            for symbol in 0..<256 {
                frequencies[symbol] = Int(tables[symbol]) + Int(tables[256 + symbol]) + Int(tables[512 + symbol]) + Int(tables[768 + symbol])
            }
        }
        frequencies[256] = 1
        let lengths = HuffmanCode.lengths(frequencies, limit: maximumCodeLength)
        let codes = HuffmanCode.canonicalCodes(lengths)

        var out = BitWriter(capacity: 64 + input.count * maximumCodeLength / 8 + 16)
        out.bytes.append(0x78)  // CMF: deflate, 32 KiB window
        out.bytes.append(0x01)  // FLG: fastest compression; (0x78 · 256 + 0x01) % 31 == 0
        out.write(1, bits: 1)  // BFINAL
        out.write(2, bits: 2)  // BTYPE 10: dynamic Huffman codes
        out.write(0, bits: 5)  // HLIT: 257 literal/length codes (the literals and end-of-block)
        out.write(0, bits: 5)  // HDIST: one distance code, of length 0 (none is used)
        out.write(15, bits: 4)  // HCLEN: all 19 code-length codes
        // The code-length code: lengths 0…15 four bits each (a complete code, symbol s coded as
        // s); the run-length symbols 16, 17 and 18 are unused.
        for symbol in [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15] {
            out.write(symbol >= 16 ? 0 : 4, bits: 3)
        }
        for length in lengths + [0] {  // 257 literal/length code lengths, then the distance code's
            out.write(HuffmanCode.reversed(UInt32(length), bits: 4), bits: 4)
        }
        out.encode(input, codes: codes)
        out.write(codes[256].code, bits: codes[256].length)
        out.alignToByte()
        let checksum = UInt32(adler32(adler32(0, nil, 0), input.baseAddress, uInt(input.count)))
        out.bytes += [UInt8(checksum >> 24), UInt8((checksum >> 16) & 0xFF), UInt8((checksum >> 8) & 0xFF), UInt8(checksum & 0xFF)]
        return out.bytes
    }
}

/// Huffman codes as deflate defines them (RFC 1951 §3.2.2).
package enum HuffmanCode {
    /// Code lengths for the symbols' frequencies (0 for an unused symbol), none longer than
    /// `limit`. An optimal code, built with two queues over the sorted leaves; when it is too
    /// deep the frequencies are flattened (halved, rounding up) and the code rebuilt.
    package static func lengths(_ frequencies: [Int], limit: Int) -> [UInt8] {
        var weights = frequencies
        while true {
            let lengths = optimalLengths(weights)
            if lengths.max() ?? 0 <= UInt8(limit) { return lengths }
            weights = weights.map { $0 == 0 ? 0 : ($0 + 1) / 2 }
        }
    }

    private static func optimalLengths(_ weights: [Int]) -> [UInt8] {
        var lengths = [UInt8](repeating: 0, count: weights.count)
        let leaves = weights.indices.filter { weights[$0] > 0 }.sorted { (weights[$0], $0) < (weights[$1], $1) }
        if leaves.count == 1 { lengths[leaves[0]] = 1 }
        guard leaves.count > 1 else { return lengths }
        // Nodes 0..<leaves.count are the leaves in weight order; internal nodes follow in the
        // order they are made, which is also weight order.
        var weight = leaves.map { weights[$0] }
        var parent = [Int](repeating: -1, count: 2 * leaves.count - 1)
        var nextLeaf = 0, nextInternal = leaves.count
        func takeSmallest() -> Int {
            if nextLeaf < leaves.count, nextInternal >= weight.count || weight[nextLeaf] <= weight[nextInternal] {
                nextLeaf += 1
                return nextLeaf - 1
            }
            nextInternal += 1
            return nextInternal - 1
        }
        while weight.count < 2 * leaves.count - 1 {
            let a = takeSmallest(), b = takeSmallest()
            weight.append(weight[a] + weight[b])
            parent[a] = weight.count - 1
            parent[b] = weight.count - 1
        }
        // Depths from the root (the last node) down: a parent always comes after its children.
        var depth = [Int](repeating: 0, count: weight.count)
        for node in stride(from: weight.count - 2, through: 0, by: -1) { depth[node] = depth[parent[node]] + 1 }
        for (node, symbol) in leaves.enumerated() { lengths[symbol] = UInt8(depth[node]) }
        return lengths
    }

    /// Each symbol's canonical code, bit-reversed for deflate's least-significant-bit-first
    /// packing, and its length.
    package static func canonicalCodes(_ lengths: [UInt8]) -> [(code: UInt32, length: Int)] {
        let longest = Int(lengths.max() ?? 0)
        var count = [Int](repeating: 0, count: longest + 1)
        for length in lengths where length > 0 { count[Int(length)] += 1 }
        var next = [UInt32](repeating: 0, count: longest + 2)
        var code: UInt32 = 0
        if longest > 0 {
            for bits in 1...longest {
                code = (code + UInt32(count[bits - 1])) << 1
                next[bits] = code
            }
        }
        return lengths.map { length in
            guard length > 0 else { return (0, 0) }
            let bits = Int(length)
            defer { next[bits] += 1 }
            return (reversed(next[bits], bits: bits), bits)
        }
    }

    /// The low `bits` bits of `value` in reverse order.
    package static func reversed(_ value: UInt32, bits: Int) -> UInt32 {
        var value = value, result: UInt32 = 0
        for _ in 0..<bits {
            result = result << 1 | (value & 1)
            value >>= 1
        }
        return result
    }
}

/// Packs codes least-significant bit first into bytes, as deflate does.
private struct BitWriter {
    var bytes: [UInt8]
    private var accumulator: UInt64 = 0
    private var count = 0

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func write(_ value: UInt32, bits: Int) {
        accumulator |= UInt64(value) << UInt64(count)
        count += bits
        while count >= 8 {
            bytes.append(UInt8(truncatingIfNeeded: accumulator))
            accumulator >>= 8
            count -= 8
        }
    }

    mutating func write(_ value: Int, bits: Int) { write(UInt32(value), bits: bits) }

    /// Every byte of `input` with its code, without a branch per code: three codes (at most 45
    /// bits) join the accumulator's 0–7 leftover bits, all eight bytes are stored, and the
    /// position moves on by the whole bytes among them. (A store only when 32 bits had gathered
    /// was a mispredicted branch every few bytes: 2.4 ns a byte.)
    mutating func encode(_ input: UnsafeBufferPointer<UInt8>, codes: [(code: UInt32, length: Int)]) {
        // Whole bytes left in the accumulator first, so that it holds fewer than 8 bits.
        while count >= 8 {
            bytes.append(UInt8(truncatingIfNeeded: accumulator))
            accumulator >>= 8
            count -= 8
        }
        let start = bytes.count
        let room = input.count * 2 + 16
        bytes.append(contentsOf: repeatElement(0, count: room))
        var accumulator = self.accumulator, count = UInt64(self.count)
        var written = 0
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 256) { table in
            // Code and length in one word: the length in the low 6 bits.
            for symbol in 0..<256 { table[symbol] = UInt64(codes[symbol].code) << 6 | UInt64(codes[symbol].length) }
            bytes.withUnsafeMutableBufferPointer { out in
                let target = UnsafeMutableRawPointer(out.baseAddress! + start)
                let base = input.baseAddress!
                var i = 0
                @inline(__always) func add(_ byte: UInt8) {
                    let entry = table[Int(byte)]
                    accumulator |= (entry &>> 6) &<< count
                    count += entry & 63
                }
                @inline(__always) func store() {
                    target.storeBytes(of: accumulator.littleEndian, toByteOffset: written, as: UInt64.self)
                    written += Int(count >> 3)
                    accumulator &>>= count & 56
                    count &= 7
                }
                while i + 3 <= input.count {
                    add(base[i])
                    add(base[i + 1])
                    add(base[i + 2])
                    store()
                    i += 3
                }
                while i < input.count {
                    add(base[i])
                    store()
                    i += 1
                }
            }
        }
        bytes.removeLast(room - written)
        self.accumulator = accumulator
        self.count = Int(count)
    }

    mutating func alignToByte() {
        if count > 0 { write(0, bits: 8 - count) }
    }
}
