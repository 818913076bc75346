/// The duration rules both decoders apply, in one place: refuse audio longer than the limit (from
/// the declared length before decoding, and again as samples arrive), and call a stream that ends
/// well before its declared length truncated.
struct DurationCheck {
    let path: String
    let sourceRate: Int
    let limits: DecodeLimits
    /// The length the container or stream header declares, when it is trustworthy.
    let declaredSeconds: Double?

    /// Before decoding: the declared length against the limit (one second of slack for rounding).
    func checkDeclared() throws(AudioDecodingError) {
        if let limit = limits.maxDurationSeconds, let declaredSeconds, declaredSeconds > limit + 1 {
            throw .tooLong(path: path, seconds: declaredSeconds, limit: limit)
        }
    }

    /// While decoding, after `samples` source samples: stops a stream that runs past the limit.
    func checkRunning(samples: Int) throws(AudioDecodingError) {
        if let limit = limits.maxDurationSeconds, Double(samples) / Double(sourceRate) > limit {
            throw .tooLong(path: path, seconds: Double(samples) / Double(sourceRate), limit: limit)
        }
    }

    /// After decoding `samples` source samples: short of the declared length by more than 0.5 s
    /// and 2 % is a truncated file.
    func checkComplete(samples: Int) throws(AudioDecodingError) {
        let decoded = Double(samples) / Double(sourceRate)
        if let declaredSeconds, decoded < declaredSeconds - max(0.5, 0.02 * declaredSeconds) {
            throw .truncated(path: path, declaredSeconds: declaredSeconds, decodedSeconds: decoded)
        }
    }
}
