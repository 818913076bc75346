import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The few XML documents S3 answers with, read into a small element tree (namespaces ignored):
/// `Error`, `ListBucketResult`, `InitiateMultipartUploadResult`,
/// `CompleteMultipartUploadResult`.
struct S3XMLElement: Sendable {
    var name: String
    var text: String
    var children: [S3XMLElement]

    /// The first child named `name`.
    func child(_ name: String) -> S3XMLElement? { children.first { $0.name == name } }
    /// All children named `name`.
    func all(_ name: String) -> [S3XMLElement] { children.filter { $0.name == name } }
    /// The text of the first child named `name`.
    subscript(_ name: String) -> String? { child(name)?.text }

    /// Parses `data`; `nil` when it is not XML.
    static func parse(_ data: Data) -> S3XMLElement? {
        guard !data.isEmpty else { return nil }
        let builder = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else { return nil }
        return root
    }

    /// `<Error><Code>…</Code><Message>…</Message></Error>` (S3 may send one inside an HTTP 200
    /// answer to CompleteMultipartUpload).
    static func error(in data: Data) -> (code: String?, message: String?)? {
        guard let root = parse(data), root.name == "Error" else { return nil }
        return (root["Code"], root["Message"])
    }

    private final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack: [S3XMLElement] = []
        var root: S3XMLElement?

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            stack.append(S3XMLElement(name: local, text: "", children: []))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += string
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            guard let element = stack.popLast() else { return }
            if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
        }
    }
}

/// XML text escaping for the one document the client sends (CompleteMultipartUpload).
enum XMLText {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
