import AtlasStore
import AudioFingerprint
import Foundation
import Pipeline
import MelSpectrogram
import ObjectStorage
import ResearchDataset
import YTFetch

/// Does one claimed job. Each job's results (a `track_url` row, the next stage's job) and its
/// completion commit together, and completion is fenced by the lease: if another worker took the
/// job over meanwhile, this worker's results roll back, so nothing is written twice.
struct MediaJobHandler {
    let configuration: WorkerConfiguration
    let connection: PostgresConnection
    let queue: JobQueue
    let renderer: SongRenderer
    /// The `spectrogram_recipe` of `renderer` (spectrogram stages only).
    let recipeID: Int64?
    /// The worker slot (`host:pid:slot`), recorded with what it stores.
    let worker: String
    /// This worker renders spectrograms too: it keeps the audio it uploaded for that job.
    var keepsAudio = false

    /// What became of a job.
    enum Result {
        case done(String)
        case failed(YTDLPError)
        case fenced
    }

    /// Does `job`; returns what became of it and where its time went.
    func handle(_ job: Job) -> (result: Result, phases: JobPhases) {
        var phases = JobPhases()
        do {
            switch job.kind {
            case "search": return (try search(job, &phases), phases)
            case "download": return (try download(job, &phases), phases)
            case "spectrogram": return (try spectrogram(job, &phases), phases)
            default: return (.failed(YTDLPError(kind: .other, message: "unknown job kind \(job.kind)")), phases)
            }
        } catch let failure as YTDLPError {
            return (.failed(failure), phases)
        } catch {
            return (.failed(YTDLPError(kind: .other, message: "\(error)")), phases)
        }
    }

    /// Commits `body` with the job's completion, or rolls it back when the lease is gone.
    private func completing(_ job: Job, _ body: () throws -> Void) throws -> Bool {
        struct Fenced: Error {}
        do {
            try connection.transaction("finish job \(job.id)") {
                try body()
                guard try queue.complete(job) else { throw Fenced() }
            }
            return true
        } catch is Fenced {
            return false
        }
    }

    private func search(_ job: Job, _ phases: inout JobPhases) throws -> Result {
        let payload = try SearchJobPayload.decode(job.payload)
        let query = VideoSearch.query(title: payload.title, artist: payload.artist)
        let candidates = try phases.measure("yt-dlp") {
            try VideoSearch(ytdlp: configuration.ytdlp, source: configuration.searchSource).candidates(for: query)
        }
        let track = TrackQuery(title: payload.title, artists: [payload.artist], duration: payload.durationMS.map { Double($0) / 1000 })
        let noMatch = "no match among \(candidates.count) results"
        let chosen: (candidate: VideoCandidate, score: Double?)?
        let reasons: String
        if configuration.mode == .seed2020 {
            chosen = SeedTitleMatcher.first(candidates, for: track).map { ($0, nil) }
            reasons = chosen == nil ? noMatch : "seed2020 title rules"
        } else {
            let best = CandidateScorer(threshold: configuration.threshold).best(candidates, for: track)
            chosen = best.match.map { ($0.candidate, $0.score) }
            reasons = best.match?.reasons.joined(separator: ", ")
                ?? "no match: " + best.all.map { "\($0.candidate.title): \($0.rejected ?? String(format: "%.0f", $0.score))" }.joined(separator: "; ")
        }
        let stored = try phases.measure("record") { try completing(job) {
            try connection.execute("""
                INSERT INTO track_url (track_id, query, video_id, url, views, score, reasons) VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (track_id) DO UPDATE SET query = EXCLUDED.query, video_id = EXCLUDED.video_id, url = EXCLUDED.url,
                    views = EXCLUDED.views, score = EXCLUDED.score, reasons = EXCLUDED.reasons, updated_at = now()
                """, [payload.trackID, query, chosen?.candidate.id, chosen?.candidate.url, chosen?.candidate.views.map(String.init),
                      chosen?.score.map { String($0) }, reasons], purpose: "store the video of \(payload.trackID)")
            if let chosen {
                try queue.enqueue(kind: "download", jobs: [(key: payload.trackID, payload: DownloadJobPayload(trackID: payload.trackID, url: chosen.candidate.url).encoded())])
            }
        } }
        guard stored else { return .fenced }
        return .done(chosen.map { "matched \($0.candidate.title)" } ?? noMatch)
    }

    private func download(_ job: Job, _ phases: inout JobPhases) throws -> Result {
        let payload = try DownloadJobPayload.decode(job.payload)
        let storage = configuration.storage
        // With a bucket, the audio may be there already: a worker that uploaded it and died
        // before committing. It is used as it is, not downloaded and sent again.
        if !storage.isLocalFolder, let existing = try phases.measure("store", { try storedAudio(of: payload.trackID) }) {
            return try phases.measure("record") { try finishDownload(job, payload: payload, object: existing, file: nil) }
        }
        let downloader = AudioDownloader(
            ytdlp: configuration.ytdlp, quality: configuration.mode == .seed2020 ? .worst : .best, maxBytes: configuration.maxBytes,
            maxDuration: configuration.maxDuration,
            // The archive lives beside the files it vouches for: only in a data folder that keeps them.
            archive: storage.isLocalFolder ? (configuration.dataDirectory as NSString).appendingPathComponent("audio/.download-archive") : nil)
        let file = try phases.measure("yt-dlp") {
            try downloader.downloadWithDetails(url: payload.url, trackID: payload.trackID, into: configuration.audioDirectory)
        }
        let relative = "audio/" + (file.path as NSString).lastPathComponent
        let object: StoredObject
        do { object = try phases.measure("store") { try storage.store(relative) } } catch {
            return .failed(YTDLPError(kind: .other, message: "store \(relative) in \(storage.location): \(error)"))
        }
        return try phases.measure("record") { try finishDownload(job, payload: payload, object: object, file: file) }
    }

    /// The audio object of `trackID` already in the bucket (`audio/<track>.<ext>`), if any.
    private func storedAudio(of trackID: String) throws -> StoredObject? {
        let storage = configuration.storage
        do {
            guard let listed = try storage.list("audio/\(trackID).").first(where: { !$0.path.hasSuffix(".part") }) else { return nil }
            return try storage.describe(listed.path).flatMap { $0.sha256 == nil ? nil : $0 }
        } catch {
            throw YTDLPError(kind: .other, message: "look for the audio of \(trackID) in \(storage.location): \(error)")
        }
    }

    /// Records the audio (provenance and stored object) and queues its spectrogram job, in the
    /// transaction that completes the download; the scratch copy goes once that has committed.
    private func finishDownload(_ job: Job, payload: DownloadJobPayload, object: StoredObject, file: AudioDownloader.Downloaded?) throws -> Result {
        let storage = configuration.storage
        // The data folder keeps absolute paths (as before); a bucket is addressed by relative path.
        let path = storage.isLocalFolder ? storage.workingPath(object.path) : object.path
        let fenced = try !completing(job, {
            try connection.execute("""
                INSERT INTO audio_file (track_id, path, bytes, ytdlp_version, format_id, codec, sample_rate, duration_s, storage, sha256)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                ON CONFLICT (track_id) DO UPDATE SET path = EXCLUDED.path, bytes = EXCLUDED.bytes,
                    ytdlp_version = coalesce(EXCLUDED.ytdlp_version, audio_file.ytdlp_version),
                    format_id = coalesce(EXCLUDED.format_id, audio_file.format_id), codec = coalesce(EXCLUDED.codec, audio_file.codec),
                    sample_rate = coalesce(EXCLUDED.sample_rate, audio_file.sample_rate),
                    duration_s = coalesce(EXCLUDED.duration_s, audio_file.duration_s), storage = EXCLUDED.storage, sha256 = EXCLUDED.sha256,
                    downloaded_at = now()
                """, [payload.trackID, path, String(object.bytes), file == nil ? nil : configuration.ytdlpVersion, file?.formatID, file?.codec,
                      file?.sampleRate.map(String.init), file?.duration.map { String($0) }, storage.location, object.sha256],
                purpose: "record the audio of \(payload.trackID)")
            try StoredObjectLedger(storage: storage.location).record([object], trackID: payload.trackID, worker: worker, on: connection)
            try queue.enqueue(kind: "spectrogram", jobs: [(key: payload.trackID, payload: SpectrogramJobPayload(
                trackID: payload.trackID, path: path, sha256: storage.isLocalFolder ? nil : object.sha256).encoded())])
        })
        // With a bucket, the copy just uploaded is kept for this worker's own spectrogram job
        // (most often the next it takes), a few at most; otherwise it goes at once.
        if keepsAudio, !storage.isLocalFolder, !fenced { AudioCopies.prune(storage.workingPath("audio"), keeping: 4) } else { storage.release(object.path) }
        if fenced { return .fenced }
        let name = (object.path as NSString).lastPathComponent
        return .done(file == nil ? "\(name) already in \(storage.location)" : "downloaded \(name)" + (storage.isLocalFolder ? "" : " to \(storage.location)"))
    }

    private func spectrogram(_ job: Job, _ phases: inout JobPhases) throws -> Result {
        let payload = try SpectrogramJobPayload.decode(job.payload)
        let storage = configuration.storage
        let input: String
        if storage.isLocalFolder {
            input = payload.path.hasPrefix("/") ? payload.path : storage.workingPath(payload.path)
        } else {
            guard !payload.path.hasPrefix("/") else {
                return .failed(YTDLPError(kind: .other, message: "\(payload.path) is a local path, but this worker stores in \(storage.location)"))
            }
            // A copy this worker kept is claimed by renaming it (atomic: `AudioCopies.prune` may
            // be removing it at the same moment), then checked against the stored SHA-256.
            let kept = storage.workingPath(payload.path)
            let claimed = (kept as NSString).deletingLastPathComponent + "/." + (kept as NSString).lastPathComponent + "." + worker.replacingOccurrences(of: ":", with: "-")
            if let sha256 = payload.sha256, rename(kept, claimed) == 0, (try? FileDigest.sha256(ofFile: claimed).hex) == sha256 {
                input = claimed
            } else {
                try? FileManager.default.removeItem(atPath: claimed)
                do { input = try phases.measure("store") { try storage.retrieve(payload.path) } } catch {
                    return .failed(YTDLPError(kind: .other, message: "fetch \(payload.path) from \(storage.location): \(error)"))
                }
            }
        }
        defer {
            if !storage.isLocalFolder {
                storage.release(payload.path)
                if input != storage.workingPath(payload.path) { try? FileManager.default.removeItem(atPath: input) }
            }
        }
        // Decoded once: the windows and the track's audio fingerprint (duplicate recordings) come
        // from the same samples.
        let report: RenderReport, fingerprint: [UInt32]
        do {
            let options = renderer.options
            let audio = try phases.measure("decode") {
                try AudioDecoder(targetSampleRate: options.parameters.sampleRate, limits: options.limits).decode(contentsOf: input)
            }
            fingerprint = phases.measure("fingerprint") {
                (try? AudioFingerprinter().fingerprint(samples: audio.samples, sampleRate: audio.sampleRate)) ?? []
            }
            report = try renderer.render(audio: audio, input: input, stem: payload.trackID, into: configuration.spectrogramDirectory)
            phases.add("dsp", seconds: report.timings.spectrogram)
            phases.add("output", seconds: report.timings.output)
        } catch {
            return .failed(YTDLPError(kind: .other, message: "render \(payload.path): \(error)"))
        }
        // Each window's float values (the .npy just written) and their SHA-256, recorded with the
        // job's completion; paths are relative to DATA so any machine reads them the same.
        guard let recipeID else { return .failed(YTDLPError(kind: .other, message: "no spectrogram recipe registered")) }
        let recorder = WindowRecorder(recipeID: recipeID, dataDirectory: storage.workingDirectory)
        let rows: [[String?]]
        let files = report.files.map { relativePath($0) }
        defer { if !storage.isLocalFolder { for file in files { storage.release(file) } } }
        let objects: [StoredObject]
        do {
            rows = try phases.measure("record") {
                try recorder.rows(trackID: payload.trackID, windows: report.windows, folder: configuration.spectrogramDirectory)
            }
            objects = try phases.measure("store") { try storage.store(files) }
        } catch {
            return .failed(YTDLPError(kind: .other, message: "render \(payload.path): \(error)"))
        }
        guard try phases.measure("record", { try completing(job, {
            try recorder.store(rows, trackID: payload.trackID, on: connection)
            try recorder.store(fingerprint: fingerprint, trackID: payload.trackID, on: connection)
            try StoredObjectLedger(storage: storage.location).record(objects, trackID: payload.trackID, worker: worker, on: connection)
        }) }) else { return .fenced }
        let sent = objects.filter(\.uploaded).count
        return .done("\(report.windows.count) windows" + (storage.isLocalFolder ? "" : ", \(sent) of \(objects.count) files sent to \(storage.location)"))
    }

    /// `file` relative to the working folder (files the renderer wrote are below it).
    private func relativePath(_ file: String) -> String {
        let root = configuration.storage.workingDirectory
        return file.hasPrefix(root + "/") ? String(file.dropFirst(root.count + 1)) : file
    }
}

/// The audio copies a worker keeps in its scratch folder for its own spectrogram jobs.
enum AudioCopies {
    /// Removes all but the `keeping` newest files of `folder` (not the hidden ones: copies a
    /// spectrogram job has claimed).
    static func prune(_ folder: String, keeping: Int) {
        let manager = FileManager.default
        let files = ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.map { (folder as NSString).appendingPathComponent($0) }
        let dated = files.map { ($0, ((try? manager.attributesOfItem(atPath: $0))?[.modificationDate] as? Date) ?? .distantPast) }
        for (file, _) in dated.sorted(by: { $0.1 > $1.1 }).dropFirst(keeping) { try? manager.removeItem(atPath: file) }
    }
}
