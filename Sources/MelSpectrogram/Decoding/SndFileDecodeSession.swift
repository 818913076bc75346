internal import CSndFile
import Foundation

/// One file opened with libsndfile: the decoder for MP3 (libsndfile drives libmpg123 with float
/// output, gapless trimming and no resampling) and Ogg (libvorbis, libopus).
///
/// Why not FFmpeg for these: `librosa.load` reads through python-soundfile, i.e. libsndfile, so
/// this path gives librosa's own samples (FFmpeg's `mp3float` differs by up to 6e-6, DSP-NOTES §2).
/// It is not faster: on 3-minute MP3s libmpg123 took 199–219 ms a song in-process against
/// FFmpeg's 182–198 ms. Everything libsndfile does not identify as MPEG or Ogg goes to
/// `FFmpegDecodeSession`.
final class SndFileDecodeSession {
    private let path: String
    private var file: OpaquePointer?
    private let info: SF_INFO
    private let codecName: String

    /// Frames read per call; 16 Ki frames of stereo float is 128 KiB, well inside L2.
    private static let blockFrames = 16_384

    /// Opens `path` when libsndfile reads it as MPEG or Ogg; `nil` for anything else (FFmpeg's
    /// turn, which also gives the better error for a file that is not audio at all).
    init?(path: String) {
        var info = SF_INFO()
        guard let opened = sf_open(path, Int32(SFM_READ), &info) else { return nil }
        let major = info.format & Int32(SF_FORMAT_TYPEMASK)
        let minor = info.format & Int32(SF_FORMAT_SUBMASK)
        let name: String?
        switch (major, minor) {
        case (Int32(SF_FORMAT_MPEG), Int32(SF_FORMAT_MPEG_LAYER_III)): name = "libmpg123 (mp3)"
        case (Int32(SF_FORMAT_MPEG), _): name = "libmpg123 (mp2)"
        case (Int32(SF_FORMAT_OGG), Int32(SF_FORMAT_VORBIS)): name = "libvorbis"
        case (Int32(SF_FORMAT_OGG), Int32(SF_FORMAT_OPUS)): name = "libopus"
        default: name = nil
        }
        guard let name, info.channels > 0, info.samplerate > 0 else {
            sf_close(opened)
            return nil
        }
        self.path = path
        self.file = opened
        self.info = info
        codecName = name
    }

    deinit { sf_close(file) }

    /// Frames the stream declares (libmpg123's length from the Xing/Info header, or a scan);
    /// `nil` when libsndfile does not know (`SF_COUNT_MAX`).
    private var declaredFrames: Int? {
        info.frames > 0 && info.frames < Int64.max ? Int(info.frames) : nil
    }

    func decode(targetRate: Int, limits: DecodeLimits) throws(AudioDecodingError) -> DecodedAudio {
        let channels = Int(info.channels), sourceRate = Int(info.samplerate)
        let duration = DurationCheck(
            path: path, sourceRate: sourceRate, limits: limits,
            declaredSeconds: declaredFrames.map { Double($0) / Double(sourceRate) })
        try duration.checkDeclared()
        let output = try ResampledMonoOutput(path: path, sourceRate: sourceRate, targetRate: targetRate)
        let block = Self.blockFrames
        let interleaved = UnsafeMutablePointer<Float>.allocate(capacity: block * channels)
        let mono = UnsafeMutablePointer<Float>.allocate(capacity: block)
        defer {
            interleaved.deallocate()
            mono.deallocate()
        }
        var inputSamples = 0
        while true {
            let read = Int(sf_readf_float(file, interleaved, sf_count_t(block)))
            if read <= 0 { break }
            inputSamples += read
            try duration.checkRunning(samples: inputSamples)
            Self.downmix(interleaved, channels: channels, frames: read, into: mono)
            try output.append(mono, count: read)
        }
        try duration.checkComplete(samples: inputSamples)
        let status = sf_error(file)
        if status != 0 {
            throw .corrupt(path: path, reason: String(cString: sf_error_number(status)))
        }
        guard inputSamples > 0 else { throw .noAudioData(path: path) }
        return DecodedAudio(
            samples: try output.finish(inputSamples: inputSamples), sampleRate: targetRate,
            sourceSampleRate: sourceRate, sourceChannels: channels, sourceCodec: codecName)
    }

    /// `numpy.mean(y, axis=0)` over interleaved float32 frames: channels summed in order, then
    /// divided by their count — the same arithmetic as `PlanarScratch.downmix`.
    private static func downmix(
        _ frames: UnsafePointer<Float>, channels: Int, frames count: Int, into mono: UnsafeMutablePointer<Float>
    ) {
        switch channels {
        case 1:
            mono.update(from: frames, count: count)
        case 2:
            for i in 0..<count { mono[i] = (frames[2 &* i] + frames[2 &* i &+ 1]) / 2 }
        default:
            let divisor = Float(channels)
            for i in 0..<count {
                let base = frames + i &* channels
                var sum = base[0]
                for c in 1..<channels { sum += base[c] }
                mono[i] = sum / divisor
            }
        }
    }
}

extension AudioDecoder {
    /// The libsndfile this build reads MP3 and Ogg with (`sf_version_string()`, e.g. `libsndfile-1.2.0`).
    public static var libsndfileVersion: String { String(cString: sf_version_string()) }
}
