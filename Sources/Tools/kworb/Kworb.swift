import ArgumentParser
import Foundation
import KworbScraper

/// `kworb`: parse and fetch kworb.net pages.
@main
struct Kworb: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kworb",
        abstract: "Parse kworb.net Spotify pages (2020 and today's layouts) and fetch them politely.",
        subcommands: [Parse.self, Fetch.self])
}

extension KworbMode: ExpressibleByArgument {}

/// Writes one line to standard error.
func printError(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

/// One CSV line (quotes only where needed).
func csvLine(_ fields: [String]) -> String {
    fields.map { field in
        field.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 })
            ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }.joined(separator: ",")
}
