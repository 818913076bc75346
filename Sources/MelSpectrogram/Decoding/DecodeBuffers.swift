/// Growable mono output of the decoder. Raw memory rather than an `[Float]` so that handing
/// swresample room to write into costs nothing (an array would have to zero-fill it first).
final class MonoBuffer {
    private var base: UnsafeMutablePointer<Float>
    private var capacity: Int
    private var count = 0

    init(capacity: Int = 1 << 16) {
        base = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    deinit { base.deallocate() }

    /// The samples written so far.
    var samples: [Float] { Array(UnsafeBufferPointer(start: base, count: count)) }

    func append(_ source: UnsafePointer<Float>, count added: Int) {
        reserve(added)
        (base + count).initialize(from: source, count: added)
        count += added
    }

    /// Lets `body` write up to `room` samples at the end; keeps as many as it reports.
    func appendWith(capacity room: Int, _ body: (UnsafeMutablePointer<Float>) -> Int32) -> Int32 {
        reserve(room)
        let made = body(base + count)
        count += min(room, max(0, Int(made)))
        return made
    }

    /// librosa's `fix_length`: zero-pad or trim to exactly `length` samples.
    func fix(length: Int) {
        if count < length {
            reserve(length - count)
            (base + count).initialize(repeating: 0, count: length - count)
        }
        count = length
    }

    private func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let grown = max(capacity * 2, count + extra)
        let fresh = UnsafeMutablePointer<Float>.allocate(capacity: grown)
        fresh.moveInitialize(from: base, count: count)
        base.deallocate()
        base = fresh
        capacity = grown
    }
}

/// Per-channel planar float scratch space plus the downmix buffer, reused across frames.
final class PlanarScratch {
    private var planes: [UnsafeMutablePointer<Float>] = []
    private var mix: UnsafeMutablePointer<Float>
    private var capacity = 0
    /// The plane pointers in the form `swr_convert` writes to.
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>
    private let channels: Int

    init(channels: Int) {
        self.channels = channels
        pointers = .allocate(capacity: channels)
        mix = .allocate(capacity: 1)
        reserve(1)
    }

    deinit {
        planes.forEach { $0.deallocate() }
        mix.deallocate()
        pointers.deallocate()
    }

    /// Makes every plane hold at least `count` samples.
    func reserve(_ count: Int) {
        guard count > capacity else { return }
        planes.forEach { $0.deallocate() }
        mix.deallocate()
        planes = (0..<channels).map { _ in .allocate(capacity: count) }
        mix = .allocate(capacity: count)
        for (index, plane) in planes.enumerated() {
            pointers[index] = UnsafeMutableRawPointer(plane).assumingMemoryBound(to: UInt8.self)
        }
        capacity = count
    }

    /// `numpy.mean(y, axis=0)` for float32: channels summed in order, then divided by their count.
    func downmix(count: Int) -> UnsafePointer<Float> {
        if channels == 1 {
            mix.update(from: planes[0], count: count)
            return UnsafePointer(mix)
        }
        let divisor = Float(channels)
        if channels == 2 {
            let left = planes[0], right = planes[1]
            for i in 0..<count { mix[i] = (left[i] + right[i]) / divisor }
            return UnsafePointer(mix)
        }
        for i in 0..<count {
            var sum = planes[0][i]
            for c in 1..<channels { sum += planes[c][i] }
            mix[i] = sum / divisor
        }
        return UnsafePointer(mix)
    }
}
