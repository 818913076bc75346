import FalkorDBClient
import Foundation
import GraphQueries
import Pipeline
import XCTest

/// How `atlas graph query` prints typed results: the table cell and JSON forms of nodes, edges,
/// paths, dates and nested values (FalkorDB's own values come from the live tests' decoder).
final class GraphResultRendererTests: XCTestCase {
    private func sample() -> GraphResult {
        let node = GraphNode(id: 0, labels: ["Artist"], properties: [
            GraphProperty(name: "artist_id", value: .string("a1")), GraphProperty(name: "artist_name", value: .string("A \"quoted\"")),
            GraphProperty(name: "popularity", value: .integer(90)), GraphProperty(name: "is_main", value: .boolean(true)),
        ])
        let other = GraphNode(id: 1, labels: ["Artist"], properties: [GraphProperty(name: "artist_id", value: .string("a2"))])
        let edge = GraphEdge(id: 0, type: "REL_ART", source: 0, destination: 1, properties: [GraphProperty(name: "weight", value: .double(0.5))])
        return GraphResult(columns: ["a", "e", "p", "date('2020-01-02')", "l"],
                           rows: [[.node(node), .edge(edge), .path(GraphPath(nodes: [node, other], edges: [edge])),
                                   .date(seconds: 1_577_923_200), .list([.integer(1), .string("x")])]],
                           statistics: GraphStatistics(lines: []))
    }

    func testTableShowsNodesWithLabelsAndPropertiesAndDatesAsISO() {
        let table = GraphResultRenderer.table(sample())
        XCTAssertTrue(table.contains("(:Artist {artist_id: \"a1\", artist_name: \"A \\\"quoted\\\"\", popularity: 90, is_main: true})"), table)
        XCTAssertTrue(table.contains("2020-01-02"), table)
        XCTAssertTrue(table.contains("(1 row)"), table)
    }

    func testJSONIsValidAndKeepsLabelsAndStrings() throws {
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(GraphResultRenderer.json(sample()).utf8)) as? [[String: Any]])
        let artist = try XCTUnwrap(json.first?["a"] as? [String: Any])
        XCTAssertEqual(artist["labels"] as? [String], ["Artist"])
        XCTAssertEqual((artist["properties"] as? [String: Any])?["artist_name"] as? String, "A \"quoted\"")
        XCTAssertEqual(json.first?["date('2020-01-02')"] as? String, "2020-01-02")
        XCTAssertEqual(json.first?["l"] as? [AnyHashable], [1, "x"])
    }
}
