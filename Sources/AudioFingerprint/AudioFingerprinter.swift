internal import CChromaprint

/// Chromaprint's raw fingerprint of audio (AcoustID's algorithm, `CHROMAPRINT_ALGORITHM_DEFAULT`):
/// one 32-bit value per ~0.124 s of sound, robust to re-encoding, level and small speed changes,
/// so two uploads of one recording fingerprint alike though their bytes differ.
package struct AudioFingerprinter: Sendable {
    /// A fingerprinter.
    package init() {}

    /// The raw fingerprint of mono `samples` (−1…1) at `sampleRate`; empty for audio too short to
    /// fingerprint (under about 3 s).
    package func fingerprint(samples: [Float], sampleRate: Int) throws(FingerprintError) -> [UInt32] {
        guard let context = chromaprint_new(Int32(CHROMAPRINT_ALGORITHM_DEFAULT.rawValue)) else { throw .library("chromaprint_new failed") }
        defer { chromaprint_free(context) }
        guard chromaprint_start(context, Int32(sampleRate), 1) == 1 else { throw .library("chromaprint_start(\(sampleRate) Hz) failed") }
        // Chromaprint takes 16-bit PCM; feed it in blocks so no second full copy is held.
        var block = [Int16](repeating: 0, count: 65_536)
        var offset = 0
        while offset < samples.count {
            let count = min(block.count, samples.count - offset)
            for i in 0..<count { block[i] = Int16(max(-32768, min(32767, (samples[offset + i] * 32768).rounded()))) }
            let fed = block.withUnsafeBufferPointer { chromaprint_feed(context, $0.baseAddress, Int32(count)) }
            guard fed == 1 else { throw .library("chromaprint_feed failed") }
            offset += count
        }
        guard chromaprint_finish(context) == 1 else { throw .library("chromaprint_finish failed") }
        var raw: UnsafeMutablePointer<UInt32>?
        var size: Int32 = 0
        guard chromaprint_get_raw_fingerprint(context, &raw, &size) == 1 else { return [] }
        defer { chromaprint_dealloc(raw) }
        guard let raw, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: raw, count: Int(size)))
    }
}

/// Why a fingerprint could not be made.
package enum FingerprintError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Chromaprint refused.
    case library(String)

    package var description: String {
        switch self {
        case .library(let what): return "Chromaprint: \(what)"
        }
    }
}
