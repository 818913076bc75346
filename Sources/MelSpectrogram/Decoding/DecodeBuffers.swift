/// Growable mono output of the decoder. A raw buffer rather than an `[Float]` so that handing
/// swresample room to write into costs nothing (an array would have to zero-fill it first).
struct MonoBuffer {
    private final class Storage {
        var base: UnsafeMutablePointer<Float>
        var capacity: Int
        var count = 0
        init(capacity: Int) {
            base = .allocate(capacity: capacity)
            self.capacity = capacity
        }
        deinit { base.deallocate() }

        func reserve(_ extra: Int) {
            guard count + extra > capacity else { return }
            let grown = max(capacity * 2, count + extra)
            let fresh = UnsafeMutablePointer<Float>.allocate(capacity: grown)
            fresh.moveInitialize(from: base, count: count)
            base.deallocate()
            base = fresh
            capacity = grown
        }
    }

    private let storage = Storage(capacity: 1 << 16)

    /// The samples written so far.
    var samples: [Float] { Array(UnsafeBufferPointer(start: storage.base, count: storage.count)) }

    func append(_ source: UnsafePointer<Float>, count: Int) {
        storage.reserve(count)
        (storage.base + storage.count).initialize(from: source, count: count)
        storage.count += count
    }

    /// Lets `body` write up to `capacity` samples at the end; keeps as many as it reports.
    func appendWith(capacity: Int, _ body: (UnsafeMutablePointer<Float>) -> Int32) -> Int32 {
        storage.reserve(capacity)
        let made = body(storage.base + storage.count)
        storage.count += min(capacity, max(0, Int(made)))
        return made
    }

    /// librosa's `fix_length`: zero-pad or trim to exactly `length` samples.
    func fix(length: Int) {
        if storage.count < length {
            storage.reserve(length - storage.count)
            (storage.base + storage.count).initialize(repeating: 0, count: length - storage.count)
        }
        storage.count = length
    }
}

/// Per-channel planar float scratch space plus the downmix buffer, reused across frames.
struct PlanarScratch {
    private var channels: [UnsafeMutablePointer<Float>]
    private var mix: UnsafeMutablePointer<Float>
    private var capacity = 0
    /// The plane pointers in the form `swr_convert` writes to.
    private(set) var pointers: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>
    private let owner: Owner

    /// Frees the raw buffers when the last copy goes away.
    private final class Owner {
        var release: () -> Void = {}
        deinit { release() }
    }

    init(channels count: Int) {
        channels = (0..<count).map { _ in .allocate(capacity: 1) }
        mix = .allocate(capacity: 1)
        pointers = .allocate(capacity: count)
        owner = Owner()
        capacity = 1
        bindRelease()
    }

    private mutating func bindRelease() {
        let planes = channels, mixBuffer = mix, table = pointers
        for (index, plane) in planes.enumerated() {
            table[index] = UnsafeMutableRawPointer(plane).assumingMemoryBound(to: UInt8.self)
        }
        owner.release = {
            planes.forEach { $0.deallocate() }
            mixBuffer.deallocate()
            table.deallocate()
        }
    }

    /// Makes every plane hold at least `count` samples.
    mutating func reserve(_ count: Int) {
        guard count > capacity else { return }
        owner.release()
        let width = channels.count
        channels = (0..<width).map { _ in .allocate(capacity: count) }
        mix = .allocate(capacity: count)
        pointers = .allocate(capacity: width)
        capacity = count
        bindRelease()
    }

    /// `numpy.mean(y, axis=0)` for float32: channels summed in order, then divided by their count.
    func downmix(count: Int) -> UnsafePointer<Float> {
        if channels.count == 1 {
            mix.update(from: channels[0], count: count)
            return UnsafePointer(mix)
        }
        let divisor = Float(channels.count)
        if channels.count == 2 {
            let left = channels[0], right = channels[1]
            for i in 0..<count { mix[i] = (left[i] + right[i]) / divisor }
            return UnsafePointer(mix)
        }
        for i in 0..<count {
            var sum = channels[0][i]
            for c in 1..<channels.count { sum += channels[c][i] }
            mix[i] = sum / divisor
        }
        return UnsafePointer(mix)
    }
}
