import Foundation
import ResearchDataset

/// The small music world the offline fixture site serves: a handful of artists (some only on a
/// country chart, some only findable through Spotify search), their songs with featurings, and
/// the audio of each song. Names are deliberately awkward — quotes, a semicolon, a backslash,
/// emoji, right-to-left text — because real chart data has all of them.
package struct DemoCatalogue: Sendable {
    /// An artist of the demo world.
    package struct Artist: Sendable, Hashable {
        /// Spotify-style id (22 base-62 characters).
        package var id: String
        /// Name, verbatim.
        package var name: String
        /// Where kworb lists the artist.
        package var listing: Listing
        /// Spotify genres.
        package var genres: [String]
    }

    /// Where an artist appears.
    package enum Listing: Sendable, Hashable {
        /// On kworb's global artist list.
        case global
        /// Only as a lead artist on the country chart.
        case countryChart
        /// Not on kworb; found by Spotify name search.
        case searchOnly
    }

    /// A song.
    package struct Song: Sendable, Hashable {
        /// Spotify-style track id.
        package var id: String
        /// Title.
        package var title: String
        /// Indices into `artists`: lead first, then features.
        package var artists: [Int]
        /// All-time streams (kworb).
        package var streams: Int64
        /// Audio length in seconds.
        package var seconds: Double
        /// Album release day.
        package var released: String
    }

    /// The artists.
    package var artists: [Artist]
    /// The songs.
    package var songs: [Song]
    /// Names given to the pipeline as extra artists (some match, one does not).
    package var extraNames: [String]
    /// What Deezer and Last.fm say about these artists.
    package var similarity: DemoSimilarity = .standard

    /// The ISRC of song `index` (`QZMA1` + year + number: 12 characters, as the standard says).
    package func isrc(ofSong index: Int) -> String {
        "QZMA1" + String(songs[index].released.prefix(4).suffix(2)) + String(format: "%05d", index + 1)
    }

    /// Songs an artist appears on, lead or featured, most streamed first.
    package func songs(of artistIndex: Int) -> [Song] {
        songs.filter { $0.artists.contains(artistIndex) }.sorted { $0.streams > $1.streams }
    }

    /// A stable 22-character base-62 id derived from `seed` (FNV-1a + SplitMix64).
    package static func id(_ seed: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in seed.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        var random = SeededRandom(seed: hash)
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        return String((0..<22).map { _ in alphabet[Int(random.next() % 62)] })
    }

    /// The built-in demo world.
    package static let standard: DemoCatalogue = {
        func artist(_ name: String, _ listing: Listing, _ genres: [String]) -> Artist {
            Artist(id: id("artist:" + name), name: name, listing: listing, genres: genres)
        }
        let artists = [
            artist("Nova Lux", .global, ["synthpop", "dance pop"]),                          // 0
            artist("Royce \"Da\" 5'9", .global, ["hip hop", "detroit hip hop"]),              // 1
            artist("Backslash \\ Semicolon; Band", .global, []),               // 2
            artist("Fairuz فيروز", .global, ["arabic pop"]),                                 // 3
            artist("Emoji Kid 🎧", .global, ["dance pop", "electropop"]),                     // 4
            artist("Lax'n'Busto", .countryChart, ["rock catala"]),                            // 5
            artist("Mägo de Oz", .searchOnly, ["spanish folk metal", "spanish metal"]),     // 6
        ]
        func song(_ title: String, _ members: [Int], _ streams: Int64, _ seconds: Double, _ released: String) -> Song {
            Song(id: id("track:" + title), title: title, artists: members, streams: streams, seconds: seconds, released: released)
        }
        let songs = [
            song("Midnight Signal", [0], 912_334_120, 95, "2019-03-01"),
            song("Glass Hearts (feat. Emoji Kid 🎧)", [0, 4], 640_100_220, 62, "2020-06-12"),
            song("Detroit; Again", [1], 505_003_301, 50, "2018-10-05"),
            song("Quote \"Unquote\"", [1, 0], 301_442_876, 41, "2021-01-15"),
            song("C:\\Songs\\Backslash", [2], 120_777_777, 37, "2017-07-07"),
            song("Sabah الصباح", [3], 98_000_001, 48, "2016-04-22"),
            song("Headphones 🎧 On", [4, 2], 77_450_999, 44, "2022-02-02"),
            song("L'Empordà", [5], 45_100_000, 39, "2015-05-05"),
        ]
        let extraSongs = [
            song("Fiesta Pagana", [6], -1, 42, "2000-09-26"),
            song("La Costa del Silencio", [6], -1, 36, "2000"),
        ]
        return DemoCatalogue(artists: artists, songs: songs + extraSongs, extraNames: ["Mägo de Oz", "Nonexistent Band"])
    }()

    /// A plain generated world of `songs` songs of `seconds` each by five artists, every title two
    /// words no other title shares — for load and fleet runs, where the awkward names of
    /// `standard` are not the point and every search must find exactly its song.
    package static func generated(songs count: Int, seconds: Double = 35) -> DemoCatalogue {
        let names = ["Cobalt Parade", "Velvet Orchard", "Northern Lanterns", "Paper Comets", "Silver Static"]
        let artists = names.map { Artist(id: id("generated artist:" + $0), name: $0, listing: .global, genres: ["generated pop"]) }
        let first = ["Amber", "Brisk", "Crimson", "Dusty", "Electric", "Frozen", "Golden", "Hollow", "Ivory", "Jagged", "Lunar", "Misty",
                     "Neon", "Opal", "Quiet", "Rustic", "Scarlet", "Tidal", "Umber", "Vivid", "Wild", "Young", "Zealous", "Ashen"]
        let second = ["Harbor", "Meadow", "Signal", "Canyon", "Mirror", "Engine", "Garden", "Lantern", "Voyage", "Thunder", "Window", "River",
                      "Compass", "Feather", "Glacier", "Orbit", "Prairie", "Ember", "Summit", "Tunnel", "Valley", "Whistle", "Beacon", "Cascade"]
        let songs = (0..<max(0, count)).map { index -> Song in
            // Index i takes word i mod 24 and word (i / 24 + i) mod 24: distinct pairs for up to 576 songs.
            let title = first[index % first.count] + " " + second[(index / second.count + index) % second.count] + (index >= 576 ? " \(index)" : "")
            return Song(id: id("generated track:\(index)"), title: title, artists: [index % artists.count], streams: Int64(10_000_000 - index * 1000),
                        seconds: seconds, released: "2024-01-01")
        }
        return DemoCatalogue(artists: artists, songs: songs, extraNames: [], similarity: .standard)
    }
}
