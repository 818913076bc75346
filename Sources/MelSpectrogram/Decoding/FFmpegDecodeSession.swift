internal import CFFmpeg
import Foundation

/// One open input: demuxer, decoder and the two swresample contexts. Owns every FFmpeg object it
/// allocates and frees them in `deinit`, so no error path leaks. Not shared between threads.
final class FFmpegDecodeSession {
    private let path: String
    private var format: UnsafeMutablePointer<AVFormatContext>?
    private var codec: UnsafeMutablePointer<AVCodecContext>?
    private var toPlanarFloat: OpaquePointer?
    private var packet: UnsafeMutablePointer<AVPacket>?
    private var frame: UnsafeMutablePointer<AVFrame>?
    private let streamIndex: Int32
    private let channels: Int
    private let sourceRate: Int

    init(path: String) throws(AudioDecodingError) {
        self.path = path
        var opened: UnsafeMutablePointer<AVFormatContext>?
        let openStatus = avformat_open_input(&opened, path, nil, nil)
        guard openStatus >= 0, let opened else {
            throw .notAudio(path: path, reason: ffmpegErrorText(openStatus))
        }
        format = opened
        let infoStatus = avformat_find_stream_info(opened, nil)
        guard infoStatus >= 0 else { throw .notAudio(path: path, reason: ffmpegErrorText(infoStatus)) }
        let index = av_find_best_stream(opened, AVMEDIA_TYPE_AUDIO, -1, -1, nil, 0)
        guard index >= 0, let stream = opened.pointee.streams[Int(index)],
            let parameters = stream.pointee.codecpar
        else { throw .noAudioStream(path: path) }
        streamIndex = index
        let codecName = String(cString: avcodec_get_name(parameters.pointee.codec_id))
        guard let decoder = avcodec_find_decoder(parameters.pointee.codec_id),
            let context = avcodec_alloc_context3(decoder)
        else { throw .unsupportedCodec(path: path, codec: codecName) }
        codec = context
        guard avcodec_parameters_to_context(context, parameters) >= 0,
            avcodec_open2(context, decoder, nil) >= 0
        else { throw .unsupportedCodec(path: path, codec: codecName) }
        channels = Int(context.pointee.ch_layout.nb_channels)
        sourceRate = Int(context.pointee.sample_rate)
        guard channels > 0, sourceRate > 0 else {
            throw .corrupt(path: path, reason: "stream declares \(channels) channels at \(sourceRate) Hz")
        }
        packet = av_packet_alloc()
        frame = av_frame_alloc()
    }

    deinit {
        av_frame_free(&frame)
        av_packet_free(&packet)
        swr_free(&toPlanarFloat)
        avcodec_free_context(&codec)
        avformat_close_input(&format)
    }

    /// Duration the container declares, when it is not a bitrate guess (those are unreliable for
    /// VBR files and would make truncation checks cry wolf).
    private var declaredSeconds: Double? {
        guard let format else { return nil }
        let duration = format.pointee.duration
        guard duration > 0, format.pointee.duration_estimation_method != AVFMT_DURATION_FROM_BITRATE else {
            return nil
        }
        return Double(duration) / Double(cffmpeg_time_base())
    }

    func decode(targetRate: Int, limits: DecodeLimits) throws(AudioDecodingError) -> DecodedAudio {
        guard let format, let codec, let packet, let frame else {
            throw .corrupt(path: path, reason: "FFmpeg could not allocate its buffers")
        }
        let duration = DurationCheck(path: path, sourceRate: sourceRate, limits: limits, declaredSeconds: declaredSeconds)
        try duration.checkDeclared()
        try checkWaveLength()
        try makeConverter()
        let output = try ResampledMonoOutput(path: path, sourceRate: sourceRate, targetRate: targetRate)
        let codecName = String(cString: codec.pointee.codec.pointee.name)

        let planes = PlanarScratch(channels: channels)
        var inputSamples = 0
        var goodPackets = 0
        var badPackets = 0
        var lastError: Int32 = 0
        var finished = false
        let eagain = cffmpeg_error_eagain()

        while !finished {
            let readStatus = av_read_frame(format, packet)
            if readStatus < 0 {
                avcodec_send_packet(codec, nil)  // enter draining mode
                finished = true
            } else if packet.pointee.stream_index != streamIndex {
                av_packet_unref(packet)
                continue
            } else {
                let sent = avcodec_send_packet(codec, packet)
                av_packet_unref(packet)
                if sent < 0 && sent != eagain {
                    badPackets += 1
                    lastError = sent
                } else {
                    goodPackets += 1
                }
            }
            while true {
                let received = avcodec_receive_frame(codec, frame)
                if received == eagain || received == cffmpeg_error_eof() { break }
                if received < 0 {
                    badPackets += 1
                    lastError = received
                    break
                }
                defer { av_frame_unref(frame) }
                guard frame.pointee.ch_layout.nb_channels == Int32(channels),
                    frame.pointee.sample_rate == Int32(sourceRate)
                else {
                    throw .corrupt(path: path, reason: "the stream changes channel count or sample rate mid-way")
                }
                let count = Int(frame.pointee.nb_samples)
                inputSamples += count
                try duration.checkRunning(samples: inputSamples)
                try downmixAndResample(frame: frame, count: count, planes: planes, into: output)
            }
        }

        if badPackets > max(3, goodPackets / 100) {
            throw .corrupt(
                path: path,
                reason: "\(badPackets) of \(badPackets + goodPackets) packets failed to decode (\(ffmpegErrorText(lastError)))")
        }
        guard inputSamples > 0 else { throw .noAudioData(path: path) }
        try duration.checkComplete(samples: inputSamples)
        return DecodedAudio(
            samples: try output.finish(inputSamples: inputSamples), sampleRate: targetRate, sourceSampleRate: sourceRate,
            sourceChannels: channels, sourceCodec: codecName)
    }

    /// A WAV whose data chunk runs past the end of the file was cut off (FFmpeg would silently
    /// decode the part that is there).
    private func checkWaveLength() throws(AudioDecodingError) {
        guard let name = format?.pointee.iformat?.pointee.name, String(cString: name) == "wav",
            let header = RIFFWaveHeader(path: path),
            let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber
        else { return }
        let present = max(0, size.intValue - header.dataOffset)
        if present < header.declaredDataBytes {
            throw .truncated(
                path: path, declaredSeconds: header.declaredSeconds,
                decodedSeconds: Double(present) / Double(header.byteRate))
        }
    }

    private func makeConverter() throws(AudioDecodingError) {
        guard let codec else { return }
        // Use a default layout of the right width: files with an "unspecified" layout would make
        // swresample refuse the native one.
        var layout = AVChannelLayout()
        av_channel_layout_default(&layout, Int32(channels))
        var layoutOut = layout
        var converter: OpaquePointer?
        let status = swr_alloc_set_opts2(
            &converter, &layoutOut, AV_SAMPLE_FMT_FLTP, Int32(sourceRate),
            &layout, codec.pointee.sample_fmt, Int32(sourceRate), 0, nil)
        toPlanarFloat = converter
        guard status >= 0, swr_init(converter) >= 0 else {
            throw .corrupt(path: path, reason: "cannot convert sample format \(codec.pointee.sample_fmt.rawValue)")
        }
    }

    private func downmixAndResample(
        frame: UnsafeMutablePointer<AVFrame>, count: Int, planes: PlanarScratch, into output: ResampledMonoOutput
    ) throws(AudioDecodingError) {
        planes.reserve(count)
        let extended = UnsafeMutableRawPointer(frame.pointee.extended_data)!
            .assumingMemoryBound(to: UnsafePointer<UInt8>?.self)
        let converted = swr_convert(toPlanarFloat, planes.pointers, Int32(count), extended, Int32(count))
        guard converted >= 0 else {
            throw .corrupt(path: path, reason: "sample conversion failed (\(ffmpegErrorText(converted)))")
        }
        try output.append(planes.downmix(count: Int(converted)), count: Int(converted))
    }
}
