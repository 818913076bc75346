/// Versioned, idempotent schema migrations. Each migration runs once, in a transaction, under an
/// advisory lock so two processes migrating at once do not race; `schema_migrations` records them.
package enum SchemaMigrator {
    /// A migration: its version, name and statements.
    package struct Migration: Sendable {
        package let version: Int
        package let name: String
        package let statements: [String]
    }

    /// Every migration, oldest first.
    package static let migrations: [Migration] = [
        Migration(version: 1, name: "dataset tables", statements: [
            """
            CREATE TABLE master_artist (
                artist_id   varchar(64) PRIMARY KEY,
                artist_name text NOT NULL,
                is_main     boolean NOT NULL,
                ordinal     bigint GENERATED ALWAYS AS IDENTITY)
            """,
            """
            CREATE TABLE master_track (
                track_id   varchar(64) PRIMARY KEY,
                track_name text NOT NULL,
                peak_date  date,
                streams    bigint NOT NULL,
                ordinal    bigint GENERATED ALWAYS AS IDENTITY)
            """,
            """
            CREATE TABLE rel_artist_track (
                artist_id varchar(64) NOT NULL REFERENCES master_artist,
                track_id  varchar(64) NOT NULL REFERENCES master_track,
                PRIMARY KEY (artist_id, track_id))
            """,
            "CREATE INDEX rel_artist_track_track ON rel_artist_track (track_id)",
            """
            CREATE TABLE rel_artist_artist (
                query_artist   varchar(64) NOT NULL,
                related_artist varchar(64) NOT NULL,
                genre          text NOT NULL,
                popularity     smallint,
                PRIMARY KEY (query_artist, related_artist, genre))
            """,
            """
            CREATE TABLE related_artist_edge (
                artist_id  varchar(64) NOT NULL REFERENCES master_artist,
                related_id varchar(64) NOT NULL REFERENCES master_artist,
                source     text NOT NULL DEFAULT 'spotify' CHECK (source IN ('spotify', 'kworb-cofeature')),
                weight     double precision NOT NULL DEFAULT 0,
                PRIMARY KEY (artist_id, related_id))
            """,
            """
            CREATE TABLE master_genre (
                artist_id varchar(64) NOT NULL REFERENCES master_artist,
                genre     text NOT NULL,
                source    text NOT NULL CHECK (source IN ('direct', 'voted', 'undefined')),
                PRIMARY KEY (artist_id, genre))
            """,
            """
            CREATE TABLE artist_popularity (
                artist_id  varchar(64) PRIMARY KEY REFERENCES master_artist,
                popularity smallint,
                source     text NOT NULL CHECK (source IN ('direct', 'inferred', 'none')))
            """,
            """
            CREATE TABLE track_url (
                track_id   varchar(64) PRIMARY KEY REFERENCES master_track,
                query      text NOT NULL,
                video_id   text,
                url        text,
                views      bigint,
                score      double precision,
                reasons    text,
                updated_at timestamptz NOT NULL DEFAULT now())
            """,
            """
            CREATE TABLE step_log (
                id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                step        text NOT NULL,
                started_at  timestamptz NOT NULL DEFAULT now(),
                finished_at timestamptz,
                status      text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
                rows        bigint,
                detail      text)
            """,
        ]),
        Migration(version: 2, name: "job queue", statements: [
            """
            CREATE TABLE jobs (
                id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                kind          text NOT NULL,
                key           text NOT NULL,
                payload       text NOT NULL DEFAULT '',
                state         text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'dead')),
                attempts      int NOT NULL DEFAULT 0,
                max_attempts  int NOT NULL DEFAULT 5,
                run_after     timestamptz NOT NULL DEFAULT now(),
                lease_owner   text,
                lease_expires timestamptz,
                last_error    text,
                created_at    timestamptz NOT NULL DEFAULT now(),
                updated_at    timestamptz NOT NULL DEFAULT now(),
                UNIQUE (kind, key))
            """,
            "CREATE INDEX jobs_ready ON jobs (kind, run_after) WHERE state = 'queued'",
            "CREATE INDEX jobs_leases ON jobs (lease_expires) WHERE state = 'running'",
        ]),
        Migration(version: 3, name: "pipeline step state", statements: [
            // Every artist–track appearance a source showed us (a kworb song page row, a Spotify
            // album track's artist list); the `links` step derives rel_artist_track from it.
            """
            CREATE TABLE track_source (
                artist_id varchar(64) NOT NULL,
                track_id  varchar(64) NOT NULL,
                source    text NOT NULL CHECK (source IN ('kworb', 'spotify')),
                featured  boolean NOT NULL DEFAULT false,
                PRIMARY KEY (artist_id, track_id, source))
            """,
            // Items a resumable step has finished (committed with the rows they produced).
            """
            CREATE TABLE step_item (
                step    text NOT NULL,
                item    text NOT NULL,
                outcome text NOT NULL DEFAULT 'done',
                done_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (step, item))
            """,
            // An artist's own Spotify profile (genres; popularity where the app still gets it).
            """
            CREATE TABLE spotify_artist_profile (
                artist_id  varchar(64) PRIMARY KEY REFERENCES master_artist,
                popularity smallint,
                genres     text[] NOT NULL DEFAULT '{}')
            """,
            "ALTER TABLE master_track ADD COLUMN duration_ms integer",
            // Genre rows keep the inference's order (the seed exports list them in that order).
            "ALTER TABLE master_genre ADD COLUMN ordinal bigint GENERATED ALWAYS AS IDENTITY",
            // Who finished a job, for per-worker throughput in `atlas status`.
            "ALTER TABLE jobs ADD COLUMN finished_by text",
            // The claim orders by (run_after, id): with the id in the index, a claim reads only
            // the rows it takes instead of sorting every queued job with the same run_after.
            "DROP INDEX jobs_ready",
            "CREATE INDEX jobs_ready ON jobs (kind, run_after, id) WHERE state = 'queued'",
        ]),
        Migration(version: 4, name: "download provenance and worker stops", statements: [
            // What each downloaded file is and what made it (yt-dlp changes every few weeks).
            """
            CREATE TABLE audio_file (
                track_id      varchar(64) PRIMARY KEY,
                path          text NOT NULL,
                bytes         bigint,
                ytdlp_version text,
                format_id     text,
                codec         text,
                sample_rate   integer,
                duration_s    double precision,
                downloaded_at timestamptz NOT NULL DEFAULT now())
            """,
            // Why a worker stopped taking downloads (bot checks, a missing JavaScript runtime).
            """
            CREATE TABLE worker_stop (
                id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                worker     text NOT NULL,
                reason     text NOT NULL,
                stopped_at timestamptz NOT NULL DEFAULT now())
            """,
        ]),
        Migration(version: 5, name: "similar-artist sources", statements: [
            // Deezer and Last.fm edges beside Spotify's and the co-feature fallback; a pair may
            // come from several sources, each its own row with its own weight.
            "ALTER TABLE related_artist_edge DROP CONSTRAINT related_artist_edge_source_check",
            """
            ALTER TABLE related_artist_edge ADD CONSTRAINT related_artist_edge_source_check
                CHECK (source IN ('spotify', 'deezer', 'lastfm', 'kworb-cofeature'))
            """,
            "ALTER TABLE related_artist_edge DROP CONSTRAINT related_artist_edge_pkey",
            "ALTER TABLE related_artist_edge ADD CONSTRAINT related_artist_edge_pkey PRIMARY KEY (artist_id, related_id, source)",
            // Which Deezer / Last.fm artist each of ours is, how that was decided, and the evidence
            // (a JSON array of lines); an unresolved row has no external id and stops retries.
            """
            CREATE TABLE artist_identity (
                artist_id     varchar(64) NOT NULL REFERENCES master_artist,
                catalogue     text NOT NULL CHECK (catalogue IN ('deezer', 'lastfm')),
                external_id   text,
                external_name text,
                method        text NOT NULL CHECK (method IN ('isrc', 'track-search', 'name-search', 'name', 'mbid', 'unresolved')),
                confidence    double precision NOT NULL,
                threshold     double precision NOT NULL,
                evidence      text NOT NULL,
                resolved_at   timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (artist_id, catalogue),
                CHECK ((external_id IS NULL) = (method = 'unresolved')))
            """,
            // What the other catalogues say about an artist: genres (Last.fm top tags kept as
            // genre-like, Deezer album genres) and Deezer fans (the popularity proxy).
            """
            CREATE TABLE artist_catalog_profile (
                artist_id varchar(64) NOT NULL REFERENCES master_artist,
                catalogue text NOT NULL CHECK (catalogue IN ('deezer', 'lastfm')),
                genres    text[] NOT NULL DEFAULT '{}',
                fans      bigint,
                PRIMARY KEY (artist_id, catalogue))
            """,
            // Where a direct genre's words and a direct popularity come from.
            "ALTER TABLE master_genre ADD COLUMN provider text CHECK (provider IN ('spotify', 'lastfm', 'deezer'))",
            "ALTER TABLE artist_popularity ADD COLUMN provider text CHECK (provider IN ('spotify', 'deezer-fans', 'kworb-streams'))",
        ]),
        Migration(version: 6, name: "research dataset", statements: [
            // The DSP parameters and tool versions windows were made with; `parameters` is their
            // canonical JSON, so one recipe is one row however many workers use it.
            """
            CREATE TABLE spectrogram_recipe (
                recipe_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                parameters text NOT NULL UNIQUE,
                created_at timestamptz NOT NULL DEFAULT now())
            """,
            // Every window a spectrogram job wrote (the seed's status_specto), recorded in the
            // transaction that completes the job; sha256 is of the little-endian float32 values.
            """
            CREATE TABLE spectrogram_window (
                track_id   varchar(64) NOT NULL REFERENCES master_track,
                recipe_id  bigint NOT NULL REFERENCES spectrogram_recipe,
                win        integer NOT NULL,
                ini        integer NOT NULL,
                fin        integer NOT NULL,
                rows       integer NOT NULL,
                cols       integer NOT NULL,
                file       text NOT NULL,
                sha256     text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
                created_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (track_id, recipe_id, win))
            """,
            // Chromaprint's raw fingerprint of each track's audio (hex of the little-endian items).
            """
            CREATE TABLE audio_fingerprint (
                track_id    varchar(64) PRIMARY KEY REFERENCES master_track,
                fingerprint text NOT NULL CHECK (fingerprint ~ '^([0-9a-f]{8})*$'),
                items       integer NOT NULL,
                created_at  timestamptz NOT NULL DEFAULT now())
            """,
            // Tracks that are one recording (same video, or matching fingerprints).
            """
            CREATE TABLE duplicate_group (
                track_id varchar(64) PRIMARY KEY REFERENCES master_track,
                group_id text NOT NULL,
                reason   text NOT NULL CHECK (reason IN ('video_id', 'fingerprint')))
            """,
            // The current split: how it was made, and each artist's and track's side.
            """
            CREATE TABLE dataset_split (
                id         integer PRIMARY KEY CHECK (id = 1),
                method     text NOT NULL CHECK (method IN ('artist', 'track', 'seed2020')),
                ratios     text NOT NULL,
                seed       bigint,
                created_at timestamptz NOT NULL DEFAULT now())
            """,
            """
            CREATE TABLE split_artist (
                artist_id varchar(64) PRIMARY KEY REFERENCES master_artist,
                split     text NOT NULL CHECK (split IN ('train', 'validation', 'test')))
            """,
            """
            CREATE TABLE split_track (
                track_id        varchar(64) PRIMARY KEY REFERENCES master_track,
                split           text NOT NULL CHECK (split IN ('train', 'validation', 'test')),
                cross_split     boolean NOT NULL DEFAULT false,
                duplicate_group text NOT NULL)
            """,
        ]),
        Migration(version: 7, name: "object storage and the fleet", statements: [
            // Every file a worker or an export stored (audio, windows, exports), by its path
            // relative to the data folder (a bucket's key is PREFIX/ + path), with the SHA-256 of
            // its bytes; written in the transaction that completes the job that made it.
            """
            CREATE TABLE stored_object (
                storage   text NOT NULL,
                path      text NOT NULL,
                bytes     bigint NOT NULL CHECK (bytes >= 0),
                sha256    text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
                track_id  varchar(64),
                stored_by text,
                stored_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (storage, path))
            """,
            "CREATE INDEX stored_object_track ON stored_object (track_id)",
            "ALTER TABLE audio_file ADD COLUMN storage text",
            "ALTER TABLE audio_file ADD COLUMN sha256 text",
            // One row per worker process (host + pid): what it runs, where it stores, when it
            // last said it was alive, and why it stopped.
            """
            CREATE TABLE worker_process (
                worker         text PRIMARY KEY,
                host           text NOT NULL,
                pid            integer NOT NULL,
                stage          text NOT NULL,
                storage        text NOT NULL,
                started_at     timestamptz NOT NULL DEFAULT now(),
                last_heartbeat timestamptz NOT NULL DEFAULT now(),
                heartbeat_s    double precision NOT NULL DEFAULT 10 CHECK (heartbeat_s > 0),
                stopped_at     timestamptz,
                stop_reason    text)
            """,
            // Each job a worker finished or failed, for jobs per minute and failures by kind.
            """
            CREATE TABLE job_event (
                id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                worker   text NOT NULL,
                kind     text NOT NULL,
                outcome  text NOT NULL CHECK (outcome IN ('done', 'failed', 'fenced')),
                failure  text,
                at       timestamptz NOT NULL DEFAULT now())
            """,
            "CREATE INDEX job_event_recent ON job_event (at, worker)",
        ]),
        // Where each job's wall time went, phase by phase (`{"yt-dlp": 1.2, "decode": 0.2, …}`).
        Migration(version: 8, name: "job phases", statements: [
            "ALTER TABLE job_event ADD COLUMN phases jsonb",
        ]),
    ]

    /// Applies every migration not yet applied; returns the versions applied now.
    @discardableResult
    package static func migrate(_ connection: PostgresConnection) throws -> [Int] {
        try connection.execute("SELECT pg_advisory_lock(727274)", purpose: "lock migrations")
        defer { _ = try? connection.execute("SELECT pg_advisory_unlock(727274)", purpose: "unlock migrations") }
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
            """, purpose: "create schema_migrations")
        let done = Set(try connection.execute("SELECT version FROM schema_migrations", purpose: "read schema_migrations").rows.compactMap { $0.int("version") })
        var applied: [Int] = []
        for migration in migrations where !done.contains(migration.version) {
            try connection.transaction("migration \(migration.version)") {
                for statement in migration.statements { try connection.execute(statement, purpose: "migration \(migration.version) (\(migration.name))") }
                try connection.execute("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [String(migration.version), migration.name],
                                       purpose: "record migration \(migration.version)")
            }
            applied.append(migration.version)
        }
        return applied
    }
}
