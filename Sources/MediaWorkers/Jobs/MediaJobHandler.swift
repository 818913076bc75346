import AtlasStore
import AudioFingerprint
import Foundation
import Pipeline
import MelSpectrogram
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

    /// What became of a job.
    enum Result {
        case done(String)
        case failed(YTDLPError)
        case fenced
    }

    func handle(_ job: Job) -> Result {
        do {
            switch job.kind {
            case "search": return try search(job)
            case "download": return try download(job)
            case "spectrogram": return try spectrogram(job)
            default: return .failed(YTDLPError(kind: .other, message: "unknown job kind \(job.kind)"))
            }
        } catch let failure as YTDLPError {
            return .failed(failure)
        } catch {
            return .failed(YTDLPError(kind: .other, message: "\(error)"))
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

    private func search(_ job: Job) throws -> Result {
        let payload = try SearchJobPayload.decode(job.payload)
        let query = VideoSearch.query(title: payload.title, artist: payload.artist)
        let candidates = try VideoSearch(ytdlp: configuration.ytdlp, source: configuration.searchSource).candidates(for: query)
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
        let stored = try completing(job) {
            try connection.execute("""
                INSERT INTO track_url (track_id, query, video_id, url, views, score, reasons) VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (track_id) DO UPDATE SET query = EXCLUDED.query, video_id = EXCLUDED.video_id, url = EXCLUDED.url,
                    views = EXCLUDED.views, score = EXCLUDED.score, reasons = EXCLUDED.reasons, updated_at = now()
                """, [payload.trackID, query, chosen?.candidate.id, chosen?.candidate.url, chosen?.candidate.views.map(String.init),
                      chosen?.score.map { String($0) }, reasons], purpose: "store the video of \(payload.trackID)")
            if let chosen {
                try queue.enqueue(kind: "download", jobs: [(key: payload.trackID, payload: DownloadJobPayload(trackID: payload.trackID, url: chosen.candidate.url).encoded())])
            }
        }
        guard stored else { return .fenced }
        return .done(chosen.map { "matched \($0.candidate.title)" } ?? noMatch)
    }

    private func download(_ job: Job) throws -> Result {
        let payload = try DownloadJobPayload.decode(job.payload)
        let downloader = AudioDownloader(
            ytdlp: configuration.ytdlp, quality: configuration.mode == .seed2020 ? .worst : .best, maxBytes: configuration.maxBytes,
            maxDuration: configuration.maxDuration,
            archive: (configuration.dataDirectory as NSString).appendingPathComponent("audio/.download-archive"))
        let file = try downloader.downloadWithDetails(url: payload.url, trackID: payload.trackID, into: configuration.audioDirectory)
        let path = file.path
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int64
        guard try completing(job, {
            // Provenance, in the same transaction as the job's completion.
            try connection.execute("""
                INSERT INTO audio_file (track_id, path, bytes, ytdlp_version, format_id, codec, sample_rate, duration_s)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (track_id) DO UPDATE SET path = EXCLUDED.path, bytes = EXCLUDED.bytes,
                    ytdlp_version = coalesce(EXCLUDED.ytdlp_version, audio_file.ytdlp_version),
                    format_id = coalesce(EXCLUDED.format_id, audio_file.format_id), codec = coalesce(EXCLUDED.codec, audio_file.codec),
                    sample_rate = coalesce(EXCLUDED.sample_rate, audio_file.sample_rate),
                    duration_s = coalesce(EXCLUDED.duration_s, audio_file.duration_s), downloaded_at = now()
                """, [payload.trackID, path, bytes.map(String.init), configuration.ytdlpVersion, file.formatID, file.codec,
                      file.sampleRate.map(String.init), file.duration.map { String($0) }], purpose: "record the audio of \(payload.trackID)")
            try queue.enqueue(kind: "spectrogram", jobs: [(key: payload.trackID, payload: SpectrogramJobPayload(trackID: payload.trackID, path: path).encoded())])
        }) else { return .fenced }
        return .done("downloaded \((path as NSString).lastPathComponent)")
    }

    private func spectrogram(_ job: Job) throws -> Result {
        let payload = try SpectrogramJobPayload.decode(job.payload)
        // Decoded once: the windows and the track's audio fingerprint (duplicate recordings) come
        // from the same samples.
        let report: RenderReport, fingerprint: [UInt32]
        do {
            let options = renderer.options
            let audio = try AudioDecoder(targetSampleRate: options.parameters.sampleRate, limits: options.limits).decode(contentsOf: payload.path)
            fingerprint = (try? AudioFingerprinter().fingerprint(samples: audio.samples, sampleRate: audio.sampleRate)) ?? []
            report = try renderer.render(audio: audio, input: payload.path, stem: payload.trackID, into: configuration.spectrogramDirectory)
        } catch {
            return .failed(YTDLPError(kind: .other, message: "render \(payload.path): \(error)"))
        }
        // Each window's float values (the .npy just written) and their SHA-256, recorded with the
        // job's completion; paths are relative to DATA so a shared folder reads the same anywhere.
        guard let recipeID else { return .failed(YTDLPError(kind: .other, message: "no spectrogram recipe registered")) }
        let recorder = WindowRecorder(recipeID: recipeID, dataDirectory: configuration.dataDirectory)
        let rows: [[String?]]
        do { rows = try recorder.rows(trackID: payload.trackID, windows: report.windows, folder: configuration.spectrogramDirectory) } catch {
            return .failed(YTDLPError(kind: .other, message: "render \(payload.path): \(error)"))
        }
        guard try completing(job, {
            try recorder.store(rows, trackID: payload.trackID, on: connection)
            try recorder.store(fingerprint: fingerprint, trackID: payload.trackID, on: connection)
        }) else { return .fenced }
        return .done("\(report.windows.count) windows")
    }
}
