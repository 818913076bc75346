/// The graph as GraphML, readable by Gephi, networkx (`read_graphml`) and yEd. Node ids are
/// `artist:<id>`, `track:<id>`, `genre:<name>`; every edge carries its type (`ART_TR`, `REL_ART`,
/// `GEN_ART`) and source. Text is XML-escaped, and characters XML 1.0 cannot hold (control
/// characters) become U+FFFD rather than producing a file no parser accepts.
public enum GraphMLExport {
    /// The GraphML document.
    public static func document(_ graph: ArtistGraph) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
              <key id="kind" for="node" attr.name="kind" attr.type="string"/>
              <key id="label" for="node" attr.name="label" attr.type="string"/>
              <key id="is_main" for="node" attr.name="is_main" attr.type="boolean"/>
              <key id="popularity" for="node" attr.name="popularity" attr.type="int"/>
              <key id="streams" for="node" attr.name="streams" attr.type="long"/>
              <key id="peak_date" for="node" attr.name="peak_date" attr.type="string"/>
              <key id="type" for="edge" attr.name="type" attr.type="string"/>
              <key id="source" for="edge" attr.name="source" attr.type="string"/>
              <key id="weight" for="edge" attr.name="weight" attr.type="double"/>
              <graph id="musicatlas" edgedefault="directed">

            """
        for (index, artist) in graph.artists.enumerated() {
            xml += "    <node id=\"\(escape("artist:" + artist.id))\"><data key=\"kind\">Artist</data>"
            xml += "<data key=\"label\">\(escape(artist.name))</data><data key=\"is_main\">\(artist.isMain)</data>"
            if let popularity = graph.popularity[index]?.popularity { xml += "<data key=\"popularity\">\(popularity)</data>" }
            xml += "</node>\n"
        }
        for track in graph.tracks {
            xml += "    <node id=\"\(escape("track:" + track.id))\"><data key=\"kind\">Track</data>"
            xml += "<data key=\"label\">\(escape(track.name))</data><data key=\"streams\">\(track.streams)</data>"
            xml += "<data key=\"peak_date\">\(escape(track.peakDate))</data></node>\n"
        }
        for genre in graph.genres {
            xml += "    <node id=\"\(escape("genre:" + genre))\"><data key=\"kind\">Genre</data>"
            xml += "<data key=\"label\">\(escape(genre))</data></node>\n"
        }
        for link in graph.links {
            xml += edge("artist:" + link.artistID, "track:" + link.trackID, type: "ART_TR", source: nil, weight: nil)
        }
        for relation in graph.relations {
            xml += edge("artist:" + relation.from, "artist:" + relation.to, type: "REL_ART", source: relation.source.rawValue, weight: relation.weight)
        }
        for assignment in graph.genreAssignments {
            xml += edge("genre:" + assignment.genre, "artist:" + assignment.artistID, type: "GEN_ART", source: assignment.source.rawValue, weight: nil)
        }
        return xml + "  </graph>\n</graphml>\n"
    }

    /// Writes `graph.graphml` into `directory`; returns its path.
    public static func write(_ graph: ArtistGraph, to directory: String) throws -> [String] {
        try ExportFiles.write([("graph.graphml", document(graph))], to: directory)
    }

    private static func edge(_ from: String, _ to: String, type: String, source: String?, weight: Double?) -> String {
        var xml = "    <edge source=\"\(escape(from))\" target=\"\(escape(to))\"><data key=\"type\">\(type)</data>"
        if let source { xml += "<data key=\"source\">\(source)</data>" }
        if let weight { xml += "<data key=\"weight\">\(weight)</data>" }
        return xml + "</edge>\n"
    }

    /// XML 1.0 text: the five entities escaped, disallowed characters replaced by U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out += "&#\(scalar.value);"
            default:
                let v = scalar.value
                let allowed = (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000
                out.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return out
    }
}
