internal import CFFmpeg

/// Mono → mono resampling with swresample's **soxr** engine at precision 20, which is libsoxr's
/// `soxr_hq`: librosa's default resampler, reproduced bit for bit (DSP-NOTES §2). Both decoders
/// (FFmpeg's and libsndfile's) feed their downmixed samples through one of these.
final class SoxrResampler {
    private var context: OpaquePointer?
    private let path: String

    init(path: String, sourceRate: Int, targetRate: Int) throws(AudioDecodingError) {
        self.path = path
        var mono = AVChannelLayout()
        av_channel_layout_default(&mono, 1)
        var monoOut = mono
        var soxr: OpaquePointer?
        let status = swr_alloc_set_opts2(
            &soxr, &monoOut, AV_SAMPLE_FMT_FLT, Int32(targetRate), &mono, AV_SAMPLE_FMT_FLT, Int32(sourceRate), 0, nil)
        context = soxr
        guard status >= 0, let soxr else { throw .resampler(path: path, reason: ffmpegErrorText(status)) }
        let engine = av_opt_set(UnsafeMutableRawPointer(soxr), "resampler", "soxr", 0)
        guard engine >= 0 else { throw .resampler(path: path, reason: ffmpegErrorText(engine)) }
        av_opt_set_double(UnsafeMutableRawPointer(soxr), "precision", 20.0, 0)
        let initStatus = swr_init(soxr)
        guard initStatus >= 0 else { throw .resampler(path: path, reason: ffmpegErrorText(initStatus)) }
    }

    deinit { swr_free(&context) }

    /// Resamples `count` samples and appends the result to `output`.
    func resample(_ samples: UnsafePointer<Float>, count: Int, into output: MonoBuffer) throws(AudioDecodingError) {
        let capacity = Int(swr_get_out_samples(context, Int32(count))) + 16
        var input: UnsafePointer<UInt8>? = UnsafeRawPointer(samples).assumingMemoryBound(to: UInt8.self)
        let made = output.appendWith(capacity: capacity) { destination in
            var out: UnsafeMutablePointer<UInt8>? = UnsafeMutableRawPointer(destination)
                .assumingMemoryBound(to: UInt8.self)
            return swr_convert(context, &out, Int32(capacity), &input, Int32(count))
        }
        guard made >= 0 else { throw .resampler(path: path, reason: ffmpegErrorText(made)) }
    }

    /// Flushes the filter's delay line into `output` (`swr_convert(…, NULL, 0)` until empty).
    func drain(into output: MonoBuffer) throws(AudioDecodingError) {
        while true {
            let capacity = 65_536
            let made = output.appendWith(capacity: capacity) { destination in
                var out: UnsafeMutablePointer<UInt8>? = UnsafeMutableRawPointer(destination)
                    .assumingMemoryBound(to: UInt8.self)
                return swr_convert(context, &out, Int32(capacity), nil, 0)
            }
            if made < 0 { throw .resampler(path: path, reason: ffmpegErrorText(made)) }
            if made == 0 { return }
        }
    }
}

/// Where a decoder puts its downmixed samples: straight into the output at the source rate, or
/// through a `SoxrResampler`; `finish` drains it and applies librosa's length fix.
final class ResampledMonoOutput {
    private let buffer = MonoBuffer()
    private let resampler: SoxrResampler?
    private let sourceRate: Int
    private let targetRate: Int

    init(path: String, sourceRate: Int, targetRate: Int) throws(AudioDecodingError) {
        self.sourceRate = sourceRate
        self.targetRate = targetRate
        // librosa skips resampling at equal rates.
        resampler = sourceRate == targetRate
            ? nil : try SoxrResampler(path: path, sourceRate: sourceRate, targetRate: targetRate)
    }

    func append(_ mono: UnsafePointer<Float>, count: Int) throws(AudioDecodingError) {
        guard let resampler else { return buffer.append(mono, count: count) }
        try resampler.resample(mono, count: count, into: buffer)
    }

    /// The samples, after `inputSamples` source samples went in: drained, then padded or trimmed
    /// to `int(np.ceil(n * (target / source)))` as `librosa.resample(fix=True)` does.
    func finish(inputSamples: Int) throws(AudioDecodingError) -> [Float] {
        try resampler?.drain(into: buffer)
        let wanted = targetRate == sourceRate
            ? inputSamples
            : Int((Double(inputSamples) * (Double(targetRate) / Double(sourceRate))).rounded(.up))
        buffer.fix(length: wanted)
        return buffer.samples
    }
}
