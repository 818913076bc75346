// The 2020 genre vote: an artist that is someone's related artist keeps its own genres; any other
// artist takes the genre most voted by its related artists; `seed2020` breaks ties as the 2020
// SQL did, `standard` by the voters' popularity. Run: swift run GenreVote
import MusicGraph

// Rows of `rel_artist_artist`: (query artist, related artist, one of the related artist's genres).
let related = [
    // "a" has a tie (one vote each): 2020 takes the genre of the related artist first in byte
    // order ("b"), today's rule the one whose voters are more popular ("c").
    RelatedArtistRow(query: "a", related: "b", genre: "rock", popularity: 20),
    RelatedArtistRow(query: "a", related: "c", genre: "indie pop", popularity: 70),
    RelatedArtistRow(query: "d", related: "e", genre: "jazz", popularity: 80),
    RelatedArtistRow(query: "d", related: "f", genre: "soul", popularity: 10),
]
for mode in [GraphMode.seed2020, .standard] {
    let assignments = GenreInference(mode: mode).infer(artistIDs: ["a", "b", "d", "z"], related: related)
    print(mode.rawValue + ": " + assignments.map { "\($0.artistID) → \($0.genre) (\($0.source))" }.joined(separator: ", "))
}
