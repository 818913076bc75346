import Foundation
import ResearchDataset

/// A deterministic, song-like stereo signal for the offline demo: a bass line, a melody with
/// harmonics and decaying notes, hi-hat noise bursts and a kick, in 4/4 at 120 bpm, with a quiet
/// bridge — enough structure for the spectrogram windows to show something worth looking at.
package struct DemoSong: Sendable {
    /// Length in seconds.
    package var seconds: Double
    /// Sample rate in Hz.
    package var sampleRate: Int
    /// Seed of the note and noise generator.
    package var seed: UInt64

    /// A demo song; the defaults give 95 s at 44.1 kHz (five windows in `seed2020` mode).
    package init(seconds: Double = 95, sampleRate: Int = 44_100, seed: UInt64 = 2020) {
        self.seconds = seconds
        self.sampleRate = sampleRate
        self.seed = seed
    }

    /// Interleaved stereo samples in [−1, 1].
    package func stereoSamples() -> [Float] {
        let count = Int(seconds * Double(sampleRate))
        var random = SeededRandom(seed: seed)
        let beat = sampleRate / 2  // 120 bpm
        let scale = [0, 2, 4, 7, 9, 12, 14, 16]
        var left = [Float](repeating: 0, count: count), right = left
        let rate = Float(sampleRate)
        var start = 0, bar = 0
        while start < count {
            let length = min(beat, count - start)
            let bridge = (bar / 16) % 3 == 2
            let melody = 220 * pow(2, Float(scale[Int(random.next() % UInt64(scale.count))]) / 12)
            let bass = 55 * pow(2, Float(scale[(bar / 4) % 4]) / 12)
            let pan = Float(random.next() % 100) / 100
            for i in 0..<length {
                let t = Float(i) / rate
                let decay = exp(-4 * t)
                var tone: Float = 0
                for harmonic in 1...4 { tone += sin(2 * .pi * melody * Float(harmonic) * t) / Float(harmonic) }
                let low = 0.5 * sin(2 * .pi * bass * t)
                let kick = bar % 2 == 0 ? 0.8 * exp(-30 * t) * sin(2 * .pi * 60 * t * (1 - t)) : 0
                let hat = (Float(random.next() % 2001) / 1000 - 1) * 0.15 * exp(-60 * t)
                let level: Float = bridge ? 0.15 : 0.45
                let voice = level * decay * tone
                left[start + i] = voice * (1 - pan) + low * 0.4 + kick + hat
                right[start + i] = voice * pan + low * 0.4 + kick + hat * 0.8
            }
            start += length
            bar += 1
        }
        let peak = max(left.map(abs).max() ?? 1, right.map(abs).max() ?? 1)
        var interleaved = [Float](repeating: 0, count: 2 * count)
        for i in 0..<count {
            interleaved[2 * i] = left[i] / peak * 0.8
            interleaved[2 * i + 1] = right[i] / peak * 0.8
        }
        return interleaved
    }

    /// The song as 16-bit PCM stereo WAV bytes.
    package func waveData() -> Data {
        WaveFileWriter.pcm16(interleaved: stereoSamples(), channels: 2, sampleRate: sampleRate)
    }
}

