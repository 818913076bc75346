import Foundation

/// Renders songs into spectrogram windows: decode → dB mel → windows → median gate → files.
///
/// For an input with stem `S` it writes into the output directory:
/// - `S.npy` (when `.npy` is selected): the whole song's dB matrix, before any filtering;
/// - `S__<win>__<ini>__<fin>.png` / `.npy`: each window after the median gate;
/// - `S.windows.csv` last, `win,ini,fin,rows,cols`, one line per window written — its presence
///   means the song is complete.
/// Every file is written atomically (temporary file + rename), so an interrupted render never
/// leaves a half-written file behind. A renderer is `Sendable`; share one across threads.
public final class SongRenderer: Sendable {
    /// The options every render uses.
    public let options: RenderOptions
    /// The analyser (filterbank, window, FFT plan) shared by all renders.
    public let analyzer: MelSpectrogramAnalyzer
    private let decoder: AudioDecoder

    /// Creates a renderer, validating the options and building the analyser once.
    public init(options: RenderOptions = RenderOptions()) throws(RenderError) {
        self.options = options
        do {
            analyzer = try MelSpectrogramAnalyzer(parameters: options.parameters)
        } catch {
            throw .parameters(error)
        }
        decoder = AudioDecoder(targetSampleRate: options.parameters.sampleRate, limits: options.limits)
    }

    /// The output stem of an input path: its file name without the last extension.
    public static func stem(of path: String) -> String {
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    /// Decodes and renders the file at `path` into `directory`.
    public func render(file path: String, into directory: String, stem: String? = nil) throws(RenderError) -> RenderReport {
        let started = Date()
        let audio: DecodedAudio
        do {
            audio = try decoder.decode(contentsOf: path)
        } catch {
            throw .decoding(error)
        }
        let decodeSeconds = Date().timeIntervalSince(started)
        var report = try render(audio: audio, input: path, stem: stem ?? Self.stem(of: path), into: directory)
        report.timings.decode = decodeSeconds
        return report
    }

    /// The gated windows of the file at `path`, in memory: the values `render` would write as
    /// `.npy` files, with the same mode (the seed2020 overlap behaviour included).
    public func windows(ofFile path: String) throws(RenderError) -> [MelWindow] {
        let audio: DecodedAudio
        do {
            audio = try decoder.decode(contentsOf: path)
        } catch {
            throw .decoding(error)
        }
        return try windows(of: audio, input: path)
    }

    /// The gated windows of decoded audio (at the analyser's sample rate), in memory.
    public func windows(of audio: DecodedAudio, input: String = "audio") throws(RenderError) -> [MelWindow] {
        guard audio.sampleRate == options.parameters.sampleRate else {
            throw .sampleRateMismatch(input: input, audio: audio.sampleRate, expected: options.parameters.sampleRate)
        }
        let song = analyzer.decibels(of: audio.samples)
        return MelWindow.gated(options.windowPlan.windows(wholeSeconds: audio.wholeSeconds, mode: options.mode), of: song, mode: options.mode)
    }

    /// Renders already decoded audio into `directory` under `stem`.
    public func render(audio: DecodedAudio, input: String, stem: String, into directory: String) throws(RenderError) -> RenderReport {
        guard audio.sampleRate == options.parameters.sampleRate else {
            throw .sampleRateMismatch(input: input, audio: audio.sampleRate, expected: options.parameters.sampleRate)
        }
        let dspStart = Date()
        let song = analyzer.decibels(of: audio.samples)
        let windows = options.windowPlan.windows(wholeSeconds: audio.wholeSeconds, mode: options.mode)
        let gated = MelWindow.gated(windows, of: song, mode: options.mode)
        let dspSeconds = Date().timeIntervalSince(dspStart)

        let outputStart = Date()
        let output = OutputDirectory(path: directory)
        try output.create()
        var files: [String] = []
        if options.formats.contains(.npy) {
            files.append(try output.write(NumPyArray(song).npyData(), named: "\(stem).npy"))
        }
        var csv = "win,ini,fin,rows,cols\n"
        for item in gated {
            let window = item.window, slice = item.values
            let name = window.fileStem(song: stem)
            if options.formats.contains(.png) {
                let png: Data
                do {
                    png = try GrayColormap.image(of: slice).pngData()
                } catch {
                    throw .output(path: output.path(of: "\(name).png"), reason: error.description)
                }
                files.append(try output.write(png, named: "\(name).png"))
            }
            if options.formats.contains(.npy) {
                files.append(try output.write(NumPyArray(slice).npyData(), named: "\(name).npy"))
            }
            csv += "\(window.index),\(window.startSecond),\(window.endSecond),\(slice.rows),\(slice.columns)\n"
        }
        files.append(try output.write(Data(csv.utf8), named: "\(stem).windows.csv"))

        var note: String?
        if windows.isEmpty {
            note = "\(input): \(audio.wholeSeconds) s of audio is shorter than the \(options.windowPlan.length) s window; no window written"
        }
        return RenderReport(
            input: input, stem: stem, durationSeconds: audio.duration, frameCount: song.columns, windows: windows,
            files: files, note: note, timings: (0, dspSeconds, Date().timeIntervalSince(outputStart)))
    }
}

/// The directory renders write into; every write is atomic: the bytes go to
/// `.<name>.partial-<pid>` beside the target, which is renamed over it when complete. A render
/// killed mid-write leaves such a file; the next render into the folder removes every partial
/// whose process is gone (and the `.dat.nosync…` files Foundation's atomic write left before).
struct OutputDirectory {
    let path: String

    func path(of name: String) -> String { (path as NSString).appendingPathComponent(name) }

    func create() throws(RenderError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .output(path: path, reason: error.localizedDescription)
        }
        Self.removeAbandonedPartials(in: path)
    }

    func write(_ data: Data, named name: String) throws(RenderError) -> String {
        let target = path(of: name)
        let partial = path(of: ".\(name).partial-\(getpid())")
        let descriptor = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .output(path: target, reason: String(cString: strerror(errno))) }
        var written = 0
        let failure: Int32? = data.withUnsafeBytes { raw -> Int32? in
            while written < raw.count {
                let n = Glibc.write(descriptor, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += n
            }
            return nil
        }
        close(descriptor)
        if let failure {
            unlink(partial)
            throw .output(path: target, reason: String(cString: strerror(failure)))
        }
        guard rename(partial, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(partial)
            throw .output(path: target, reason: reason)
        }
        return target
    }

    /// Removes `.<name>.partial-<pid>` files of processes that no longer run, and Foundation's
    /// `.dat.nosync…` temporaries older than a minute (no live writer keeps one that long).
    static func removeAbandonedPartials(in folder: String) {
        let files = FileManager.default
        for name in (try? files.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(".") {
            let full = (folder as NSString).appendingPathComponent(name)
            if let marker = name.range(of: ".partial-", options: .backwards), let pid = Int32(name[marker.upperBound...]) {
                if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH { unlink(full) }
            } else if name.hasPrefix(".dat.nosync"),
                let modified = (try? files.attributesOfItem(atPath: full))?[.modificationDate] as? Date,
                Date().timeIntervalSince(modified) > 60 {
                unlink(full)
            }
        }
    }
}
