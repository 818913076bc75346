import Foundation

/// Writes 16-bit PCM RIFF/WAVE files — the format of the demo's generated audio.
package enum WaveFileWriter {
    /// Encodes interleaved samples in [−1, 1] (clipped) as 16-bit PCM WAV bytes.
    package static func pcm16(interleaved samples: [Float], channels: Int, sampleRate: Int) -> Data {
        precondition(channels > 0 && samples.count % channels == 0, "sample count must be a multiple of channels")
        var data = Data()
        func append32(_ value: Int) { withUnsafeBytes(of: UInt32(value).littleEndian) { data.append(contentsOf: $0) } }
        func append16(_ value: Int) { withUnsafeBytes(of: UInt16(value).littleEndian) { data.append(contentsOf: $0) } }
        let dataBytes = samples.count * 2
        data.append(contentsOf: Array("RIFF".utf8))
        append32(36 + dataBytes)
        data.append(contentsOf: Array("WAVEfmt ".utf8))
        append32(16)
        append16(1)  // PCM
        append16(channels)
        append32(sampleRate)
        append32(sampleRate * channels * 2)
        append16(channels * 2)
        append16(16)
        data.append(contentsOf: Array("data".utf8))
        append32(dataBytes)
        data.reserveCapacity(data.count + dataBytes)
        for sample in samples {
            let clipped = max(-1, min(1, sample))
            let value = Int16((clipped * 32767).rounded())
            withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }
}
