import SimilarArtists
import XCTest

/// Which Last.fm tags read as genres. The kept examples are Spotify genre names (as in the 2020
/// data: "k-pop", "singer-songwriter", "british invasion"); the refused ones are among Last.fm's
/// most used non-genre tags.
final class LastFMTagTests: XCTestCase {
    func testGenresAreKeptAndOpinionsPlacesAndDecadesAreNot() {
        for genre in ["math rock", "post-rock", "k-pop", "singer-songwriter", "british invasion", "rock catala", "drum and bass", "r&b", "hip hop"] {
            XCTAssertTrue(LastFMTag(name: genre, count: 1).isGenreLike, genre)
        }
        for other in ["seen live", "female vocalists", "favorites", "80s", "2010s", "british", "spanish", "my top albums of all time", "", "100"] {
            XCTAssertFalse(LastFMTag(name: other, count: 1).isGenreLike, other)
        }
    }
}
