import ArgumentParser
import Foundation
import Redaction
import Pipeline

/// `atlas`: builds the MusicAtlas dataset.
@main
struct Atlas: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "atlas",
        abstract: "Build the MusicAtlas dataset: charts, artists, genres, audio and spectrogram windows.",
        discussion: """
            Environment: DATABASE_URL (unset: a private PostgreSQL cluster under DATA/pg), MUSICATLAS_DATA (default ./atlas-data),
            SPOTIFY_CLIENT_ID / SPOTIFY_CLIENT_SECRET, SPOTIFY_API_BASE / SPOTIFY_ACCOUNTS_BASE, KWORB_BASE_URL, YTDLP (default: .venv/bin/yt-dlp, then PATH),
            FALKORDB_URL (unset: a private FalkorDB under DATA/falkordb), FALKORDB_BIN,
            DEEZER_API_BASE, LASTFM_API_KEY / LASTFM_API_BASE (similar artists; see `atlas run --help`).
            """,
        subcommands: [Demo.self, DemoSite.self, Run.self, Worker.self, Status.self, Storage.self, DoctorCommand.self, Graph.self, Dataset.self, BenchQueue.self, Database.self, Migrate.self, ImportSeed.self])

    /// Registers the environment's credentials with `Redaction` before any command runs, so no
    /// error, log line or stored message can carry them.
    static func main() async {
        Redaction.registerSecrets()
        await main(nil)
    }
}
