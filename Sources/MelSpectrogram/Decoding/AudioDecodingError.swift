/// Why a file could not be turned into samples. Every case names the file.
public enum AudioDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing exists at the path.
    case fileNotFound(path: String)
    /// The path is a directory or another non-regular file.
    case notARegularFile(path: String)
    /// The file has zero bytes.
    case emptyFile(path: String)
    /// The file is larger than `DecodeLimits.maxFileBytes`.
    case fileTooLarge(path: String, bytes: Int, limit: Int)
    /// FFmpeg cannot open or probe the file: it is not a media file it knows.
    case notAudio(path: String, reason: String)
    /// The container holds no audio stream.
    case noAudioStream(path: String)
    /// The audio codec has no decoder in this FFmpeg build, or the decoder refused the stream.
    case unsupportedCodec(path: String, codec: String)
    /// The audio is longer than `DecodeLimits.maxDurationSeconds`.
    case tooLong(path: String, seconds: Double, limit: Double)
    /// The file ends well before the duration its header declares.
    case truncated(path: String, declaredSeconds: Double, decodedSeconds: Double)
    /// Too many packets failed to decode, or the stream changed format mid-way.
    case corrupt(path: String, reason: String)
    /// The stream decoded to zero samples.
    case noAudioData(path: String)
    /// The resampler could not be set up (for example, FFmpeg built without libsoxr).
    case resampler(path: String, reason: String)

    /// The file the error is about.
    public var path: String {
        switch self {
        case .fileNotFound(let p), .notARegularFile(let p), .emptyFile(let p), .noAudioStream(let p),
            .noAudioData(let p):
            return p
        case .fileTooLarge(let p, _, _), .notAudio(let p, _), .unsupportedCodec(let p, _),
            .tooLong(let p, _, _), .truncated(let p, _, _), .corrupt(let p, _), .resampler(let p, _):
            return p
        }
    }

    /// The reason alone, without the path.
    public var reason: String {
        switch self {
        case .fileNotFound: return "no such file"
        case .notARegularFile: return "not a regular file"
        case .emptyFile: return "empty file (0 bytes)"
        case .fileTooLarge(_, let bytes, let limit): return "file too large: \(bytes) bytes > limit \(limit)"
        case .notAudio(_, let reason): return "not an audio file FFmpeg can read (\(reason))"
        case .noAudioStream: return "no audio stream in the file"
        case .unsupportedCodec(_, let codec): return "unsupported audio codec \(codec)"
        case .tooLong(_, let s, let limit):
            return "audio too long: \(Self.seconds(s)) s > limit \(Self.seconds(limit)) s"
        case .truncated(_, let declared, let decoded):
            return "truncated: header declares \(Self.seconds(declared)) s, only \(Self.seconds(decoded)) s decoded"
        case .corrupt(_, let reason): return "corrupt audio: \(reason)"
        case .noAudioData: return "the audio stream holds no samples"
        case .resampler(_, let reason): return "cannot set up the soxr resampler: \(reason)"
        }
    }

    public var description: String { "\(path): \(reason)" }

    private static func seconds(_ s: Double) -> String {
        (s * 10).rounded() / 10 == s.rounded() ? String(Int(s.rounded())) : String((s * 10).rounded() / 10)
    }
}
