/// Why a song could not be rendered. Every case names the file.
public enum RenderError: Error, Sendable, CustomStringConvertible {
    /// The audio could not be decoded.
    case decoding(AudioDecodingError)
    /// An output file could not be written.
    case output(path: String, reason: String)
    /// The render options are unusable.
    case parameters(SpectrogramParameterError)
    /// The decoded audio's rate differs from the analyser's.
    case sampleRateMismatch(input: String, audio: Int, expected: Int)

    public var description: String {
        switch self {
        case .decoding(let error): return error.description
        case .output(let path, let reason): return "\(path): cannot write output: \(reason)"
        case .parameters(let error): return error.description
        case .sampleRateMismatch(let input, let audio, let expected):
            return "\(input): audio at \(audio) Hz given to an analyser for \(expected) Hz"
        }
    }
}
