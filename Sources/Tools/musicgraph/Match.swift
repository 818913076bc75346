import ArgumentParser
import Foundation
import MusicGraph

/// `musicgraph match`: which candidate artist a name refers to.
struct Match: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Match an artist name against the artists of a Spotify search response.",
        discussion: """
            --candidates takes a Spotify search response (tracks and/or artists) or a JSON array of \
            {"id", "name"} objects. Prints {"id", "name", "score"}; exits 1 when nothing matches.
            """)

    @Argument(help: "The artist name searched for.")
    var name: String

    @Option(help: "JSON file with the candidates.")
    var candidates: String

    @Option(help: "seed2020 (first hit under 0.1) or default (ranked).")
    var mode: GraphMode = .standard

    @Flag(help: "Print every candidate with its score (default-mode scoring).")
    var all = false

    func run() throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: candidates)) } catch {
            throw ValidationError("cannot read \(candidates): \(error.localizedDescription)")
        }
        let list: [ArtistCandidate]
        do { list = try SearchCandidates.parse(data) } catch {
            throw ValidationError("\(candidates): \(error)")
        }
        let matcher = ArtistMatcher(mode: mode)
        if all {
            for match in matcher.ranked(name, in: list) { print(json(match)) }
            return
        }
        guard let match = matcher.match(name, in: list) else {
            printError("musicgraph: no candidate matches '\(name)' (\(list.count) candidates, mode \(mode.rawValue))")
            throw ExitCode(1)
        }
        print(json(match))
    }

    private func json(_ match: ArtistMatch) -> String {
        let object: [String: Any] = ["id": match.id, "name": match.name, "score": match.score]
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
