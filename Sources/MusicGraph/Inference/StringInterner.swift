/// Strings numbered in first-seen order, so grouping and de-duplication run on integers.
///
/// Its own open-addressing table over the UTF-8 bytes (FNV-1a, linear probing) rather than a
/// `[String: Int32]`: with 770k look-ups of 22-character ids on the 2020 data, Swift's seeded
/// SipHash and String comparison were a third of the whole inference.
struct StringInterner {
    private(set) var names: [String] = []
    private var hashes: [UInt64] = []
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    /// The number of `name`, assigning the next one if new.
    mutating func intern(_ name: String) -> Int32 {
        let hash = Self.hash(name)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = slots[slot]
            if id < 0 { break }
            if hashes[Int(id)] == hash, names[Int(id)] == name { return id }
            slot = (slot + 1) & mask
        }
        let id = Int32(names.count)
        slots[slot] = id
        names.append(name)
        hashes.append(hash)
        if names.count * 2 > slots.count { grow() }
        return id
    }

    /// The number of `name`, if it was interned.
    func id(of name: String) -> Int32? {
        let hash = Self.hash(name)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = slots[slot]
            if id < 0 { return nil }
            if hashes[Int(id)] == hash, names[Int(id)] == name { return id }
            slot = (slot + 1) & mask
        }
    }

    /// The string numbered `id`.
    func name(_ id: Int32) -> String { names[Int(id)] }

    /// How many strings are interned.
    var count: Int { names.count }

    /// Each string's rank in byte (UTF-8) order.
    func byteOrderRanks() -> [Int32] {
        let order = names.indices.sorted { ByteOrder.less(names[$0], names[$1]) }
        var ranks = [Int32](repeating: 0, count: names.count)
        for (rank, index) in order.enumerated() { ranks[index] = Int32(rank) }
        return ranks
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (id, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }

    private static func hash(_ name: String) -> UInt64 {
        var copy = name
        return copy.withUTF8 { bytes in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return h ^ (h >> 29)
        }
    }
}

