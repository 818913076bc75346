// swift-tools-version:6.0
//
// MusicAtlas: a Swift library suite (plus thin command-line tools) that builds a music research
// dataset. See Docs/architecture.md for the layout; ../shared/docs/DESIGN.md for the rationale.
import PackageDescription

let package = Package(
    name: "MusicAtlas",
    products: [
        .library(name: "MelSpectrogram", targets: ["MelSpectrogram"]),
        .library(name: "MusicGraph", targets: ["MusicGraph"]),
        .library(name: "KworbScraper", targets: ["KworbScraper"]),
        .library(name: "SpotifyClient", targets: ["SpotifyClient"]),
        .library(name: "YTFetch", targets: ["YTFetch"]),
        .library(name: "FalkorDBClient", targets: ["FalkorDBClient"]),
        .library(name: "SimilarArtists", targets: ["SimilarArtists"]),
        .executable(name: "melspec", targets: ["melspec"]),
        .executable(name: "musicgraph", targets: ["musicgraph"]),
        .executable(name: "kworb", targets: ["kworb"]),
        .executable(name: "spotify", targets: ["spotify"]),
        .executable(name: "atlas", targets: ["atlas"]),
        .executable(name: "similar", targets: ["similar"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.0"),
        // SHA-256 of spectrogram windows and dataset shards.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // kworb pages, streamed with backpressure (Linux URLSession reads ahead without any).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // `make docs` (swift package generate-documentation); no code depends on it.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        // MARK: System-library shims (one module.modulemap + shim.h each, found by pkg-config).
        .systemLibrary(
            name: "CFFTW", path: "Sources/CFFTW", pkgConfig: "fftw3f",
            providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(
            name: "CFFmpeg", path: "Sources/CFFmpeg", pkgConfig: "libavformat",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libswresample-dev", "libavutil-dev"])]),
        .systemLibrary(
            name: "CSndFile", path: "Sources/CSndFile", pkgConfig: "sndfile",
            providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(
            name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]),
        .systemLibrary(
            name: "CChromaprint", path: "Sources/CChromaprint", pkgConfig: "libchromaprint",
            providers: [.apt(["libchromaprint-dev"])]),
        .systemLibrary(
            name: "CLibPNG", path: "Sources/CLibPNG", pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]),

        // MARK: C code of our own: what Swift cannot say (the x86 SHA extensions; loops compiled
        // for AVX2 and for the baseline, chosen at run time).
        .target(
            name: "CSHA256Lanes",
            path: "Sources/CSHA256Lanes"),
        .target(
            name: "CMelKernels",
            path: "Sources/CMelKernels"),

        // MARK: Libraries (the products do not import each other).
        .target(
            name: "Redaction",
            path: "Sources/Redaction"),
        .target(
            name: "NumPyFormat",
            path: "Sources/NumPyFormat"),
        .target(
            name: "PNGEncoding",
            dependencies: ["CZlib"],
            path: "Sources/PNGEncoding"),
        .target(
            name: "MelSpectrogram",
            dependencies: ["CFFTW", "CFFmpeg", "CMelKernels", "CSndFile", "CLibPNG", "NumPyFormat", "PNGEncoding"],
            path: "Sources/MelSpectrogram"),

        .target(
            name: "MusicGraph",
            dependencies: ["NumPyFormat"],
            path: "Sources/MusicGraph"),
        .target(
            name: "SpotifyClient",
            dependencies: ["Redaction"],
            path: "Sources/SpotifyClient"),
        .target(
            name: "YTFetch",
            path: "Sources/YTFetch"),
        .target(
            name: "FalkorDBClient",
            dependencies: ["Redaction"],
            path: "Sources/FalkorDBClient"),
        .target(
            name: "SimilarArtists",
            dependencies: ["Redaction"],
            path: "Sources/SimilarArtists"),
        .target(
            name: "KworbScraper",
            dependencies: ["CLibXML2", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            path: "Sources/KworbScraper"),

        // MARK: Internal layers (not products): the store, local services, identity across catalogues,
        // the pipeline that composes the products, and the offline demo.
        .target(
            name: "AtlasStore",
            dependencies: ["CLibPQ", "Redaction"],
            path: "Sources/AtlasStore"),
        .target(
            name: "LocalServices",
            dependencies: ["AtlasStore", "FalkorDBClient"],
            path: "Sources/LocalServices"),
        .target(
            name: "CatalogMatching",
            dependencies: ["SpotifyClient", "SimilarArtists", "MusicGraph"],
            path: "Sources/CatalogMatching"),
        .target(
            name: "SimilarArtistCollection",
            dependencies: ["AtlasStore", "CatalogMatching", "SimilarArtists", "SpotifyClient", "MusicGraph"],
            path: "Sources/SimilarArtistCollection"),
        .target(
            name: "AudioFingerprint",
            dependencies: ["CChromaprint"],
            path: "Sources/AudioFingerprint"),
        .target(
            name: "ResearchDataset",
            dependencies: ["AtlasStore", "AudioFingerprint", "CSHA256Lanes", "MusicGraph", "MelSpectrogram", "NumPyFormat", "ObjectStorage",
                           .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/ResearchDataset"),
        .target(
            name: "Pipeline",
            dependencies: [
                "AtlasStore", "LocalServices", "CatalogMatching", "SimilarArtistCollection", "Redaction", "ObjectStorage",
                "MelSpectrogram", "MusicGraph", "SpotifyClient", "SimilarArtists", "KworbScraper", "YTFetch", "FalkorDBClient", "ResearchDataset", "AudioFingerprint",
            ],
            path: "Sources/Pipeline"),
        // S3-compatible object storage (SigV4 signer, S3 client) and the local folder, behind one
        // small interface the workers and exports write through.
        .target(
            name: "ObjectStorage",
            dependencies: [
                "Redaction",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Sources/ObjectStorage"),
        // `atlas worker`: the job handlers (search, download, spectrogram) and the pool that runs them.
        .target(
            name: "MediaWorkers",
            dependencies: ["Pipeline", "AtlasStore", "ObjectStorage", "Redaction", "MelSpectrogram", "YTFetch", "ResearchDataset", "AudioFingerprint", "MusicGraph"],
            path: "Sources/MediaWorkers"),
        .target(
            name: "GraphQueries",
            dependencies: ["FalkorDBClient"],
            path: "Sources/GraphQueries"),
        .target(
            name: "Readiness",
            dependencies: ["AtlasStore", "LocalServices", "Redaction", "MelSpectrogram", "SpotifyClient", "YTFetch", "FalkorDBClient"],
            path: "Sources/Readiness"),
        .target(
            name: "AtlasDemo",
            dependencies: [
                "Pipeline", "MediaWorkers", "ObjectStorage", "AtlasStore", "LocalServices", "GraphQueries", "MelSpectrogram", "SpotifyClient", "SimilarArtists", "YTFetch", "FalkorDBClient", "ResearchDataset",
                .product(name: "FlyingFox", package: "FlyingFox"),
            ],
            path: "Sources/AtlasDemo"),

        // MARK: Command-line tools (argument parsing and output only).
        .executableTarget(
            name: "melspec",
            dependencies: [
                "MelSpectrogram",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Tools/melspec"),
        .executableTarget(
            name: "musicgraph",
            dependencies: [
                "MusicGraph",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Tools/musicgraph"),
        .executableTarget(
            name: "kworb",
            dependencies: [
                "KworbScraper",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Tools/kworb"),
        .executableTarget(
            name: "spotify",
            dependencies: [
                "SpotifyClient", "CatalogMatching", "MusicGraph", "Redaction",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Tools/spotify"),
        .executableTarget(
            name: "similar",
            dependencies: [
                "SimilarArtists", "SpotifyClient", "CatalogMatching", "Redaction",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Tools/similar"),
        .executableTarget(
            name: "atlas",
            dependencies: [
                "Pipeline", "MediaWorkers", "ObjectStorage", "AtlasDemo", "AtlasStore", "LocalServices", "Readiness", "GraphQueries", "ResearchDataset", "FalkorDBClient", "MusicGraph", "Redaction",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Tools/atlas"),

        // MARK: Tests mirror the modules.
        .target(
            name: "TestSupport",
            dependencies: [.product(name: "FlyingFox", package: "FlyingFox")],
            path: "Tests/TestSupport",
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "MelSpectrogramTests",
            dependencies: ["TestSupport", "MelSpectrogram"],
            path: "Tests/MelSpectrogramTests",
            exclude: ["Reference"]),
        .testTarget(
            name: "PNGEncodingTests",
            dependencies: ["PNGEncoding", "MelSpectrogram"],
            path: "Tests/PNGEncodingTests"),
        .testTarget(
            name: "MusicGraphTests",
            dependencies: ["TestSupport", "MusicGraph", "NumPyFormat", "ResearchDataset"],
            path: "Tests/MusicGraphTests",
            exclude: ["Reference"]),
        .testTarget(
            name: "KworbScraperTests",
            dependencies: ["TestSupport", "KworbScraper", .product(name: "FlyingFox", package: "FlyingFox")],
            path: "Tests/KworbScraperTests",
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "SpotifyClientTests",
            dependencies: ["TestSupport", "SpotifyClient", .product(name: "FlyingFox", package: "FlyingFox")],
            path: "Tests/SpotifyClientTests",
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "YTFetchTests",
            dependencies: ["TestSupport", "YTFetch", .product(name: "FlyingFox", package: "FlyingFox")],
            path: "Tests/YTFetchTests",
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "FalkorDBClientTests",
            dependencies: ["TestSupport", "FalkorDBClient"],
            path: "Tests/FalkorDBClientTests"),
        .testTarget(
            name: "SimilarArtistsTests",
            dependencies: ["TestSupport", "SimilarArtists", .product(name: "FlyingFox", package: "FlyingFox")],
            path: "Tests/SimilarArtistsTests"),
        .testTarget(
            name: "AudioFingerprintTests",
            dependencies: ["TestSupport", "AudioFingerprint", "AtlasDemo", "MelSpectrogram", "ResearchDataset"],
            path: "Tests/AudioFingerprintTests"),
        .testTarget(
            name: "ResearchDatasetTests",
            dependencies: ["ResearchDataset", .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/ResearchDatasetTests"),
        .testTarget(
            name: "RedactionTests",
            dependencies: ["Redaction"],
            path: "Tests/RedactionTests"),
        .target(
            name: "StoreTestSupport",
            dependencies: ["AtlasStore", "LocalServices"],
            path: "Tests/StoreTestSupport"),
        .testTarget(
            name: "AtlasStoreTests",
            dependencies: ["TestSupport", "StoreTestSupport", "AtlasStore"],
            path: "Tests/AtlasStoreTests"),
        .testTarget(
            name: "CatalogMatchingTests",
            dependencies: ["TestSupport", "CatalogMatching", "MusicGraph", "SpotifyClient", "SimilarArtists", .product(name: "FlyingFox", package: "FlyingFox")],
            path: "Tests/CatalogMatchingTests"),
        .testTarget(
            name: "AtlasDemoTests",
            dependencies: ["TestSupport", "AtlasDemo", "MelSpectrogram"],
            path: "Tests/AtlasDemoTests"),
        .testTarget(
            name: "PipelineTests",
            dependencies: [
                "TestSupport", "StoreTestSupport", "Pipeline", "MediaWorkers", "ObjectStorage", "AtlasDemo", "AtlasStore", "LocalServices", "GraphQueries", "ResearchDataset", "NumPyFormat",
                "MelSpectrogram", "MusicGraph", "SpotifyClient", "SimilarArtists", "CatalogMatching", "FalkorDBClient", "YTFetch",
            ],
            path: "Tests/PipelineTests"),
        .testTarget(
            name: "ObjectStorageTests",
            dependencies: ["TestSupport", "ObjectStorage", "Redaction", .product(name: "FlyingFox", package: "FlyingFox")],
            path: "Tests/ObjectStorageTests",
            exclude: ["Reference"],
            resources: [.copy("Fixtures")]),
    ]
)
