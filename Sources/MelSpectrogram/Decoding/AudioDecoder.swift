internal import CFFmpeg
import Foundation

/// Decodes any file FFmpeg reads (WAV, MP3, Ogg Vorbis, Opus/WebM, M4A/AAC, FLAC, …) to mono
/// Float32 at a target rate, matching `librosa.load(path, sr=target, mono=True)`.
///
/// Which library decodes what:
/// - **MP3 and Ogg (Vorbis, Opus): libsndfile**, which drives libmpg123 / libvorbis / libopus
///   exactly as python-soundfile does under `librosa.load`, so the samples are librosa's own (at
///   about the speed of FFmpeg's `mp3float`, not faster);
/// - **everything else: FFmpeg** — WAV and FLAC (lossless, so both libraries give the same
///   samples), Opus in WebM, AAC in M4A/MP4, video containers.
///
/// The recipe after decoding is the one DSP-NOTES §2 measured bit-exact against librosa:
/// 1. convert to float at the native rate (PCM16 becomes `x / 32768`);
/// 2. downmix ourselves, `(c0 + c1 + …) / n` in Float, as numpy's `mean` does — not swresample's
///    rematrix, which is +3 dB and resamples before mixing;
/// 3. resample mono → mono with swresample's **soxr** engine at precision 20 (= `soxr_hq`,
///    librosa's default), drain it, then pad or trim to `ceil(n · target / source)` samples.
///
/// Decoding streams packet by packet: only the decoded mono output is kept in memory.
public struct AudioDecoder: Sendable {
    /// Output sample rate in Hz.
    public var targetSampleRate: Int
    /// Size and duration limits checked before and during decoding.
    public var limits: DecodeLimits

    /// Creates a decoder producing `targetSampleRate` Hz mono audio under `limits`.
    public init(targetSampleRate: Int = 16_000, limits: DecodeLimits = DecodeLimits()) {
        self.targetSampleRate = targetSampleRate
        self.limits = limits
    }

    /// Decodes the file at `path`.
    public func decode(contentsOf path: String) throws(AudioDecodingError) -> DecodedAudio {
        try checkFile(path)
        if let session = SndFileDecodeSession(path: path) {
            return try session.decode(targetRate: targetSampleRate, limits: limits)
        }
        FFmpegLogging.silence()
        let session = try FFmpegDecodeSession(path: path)
        return try session.decode(targetRate: targetSampleRate, limits: limits)
    }

    private func checkFile(_ path: String) throws(AudioDecodingError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .fileNotFound(path: path)
        }
        guard !isDirectory.boolValue else { throw .notARegularFile(path: path) }
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        guard size > 0 else { throw .emptyFile(path: path) }
        if let limit = limits.maxFileBytes, size > limit {
            throw .fileTooLarge(path: path, bytes: size, limit: limit)
        }
    }
}

/// FFmpeg prints warnings for every damaged packet; the decoder reports typed errors instead.
enum FFmpegLogging {
    private static let once: Void = { av_log_set_level(AV_LOG_QUIET) }()
    static func silence() { _ = once }
}

/// The text FFmpeg gives for an error code.
func ffmpegErrorText(_ code: Int32) -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    av_strerror(code, &buffer, buffer.count)
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

extension AudioDecoder {
    /// The FFmpeg libraries this build decodes with (`av_version_info()`, e.g. `5.1.9-0+deb12u1`).
    public static var ffmpegVersion: String { String(cString: av_version_info()) }
}
