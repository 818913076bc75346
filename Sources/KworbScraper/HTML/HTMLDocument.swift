internal import CLibXML2
import Foundation
import Synchronization

/// A parsed HTML page: libxml2's error-tolerant HTML parser (real-world markup, unclosed tags,
/// entities) with XPath for locating things and direct DOM walking for speed. Elements keep the
/// document alive; no libxml2 pointer leaves this file's types.
///
/// `@unchecked Sendable`: the libxml2 tree is never modified after parsing, reading it from
/// several threads is safe, and the one stateful operation (XPath) is serialised by a lock.
package final class HTMLDocument: @unchecked Sendable {
    /// Where the page came from (URL or path), for error messages.
    package let source: String
    private let document: xmlDocPtr
    private let xpathLock = Mutex(())

    private static let initialise: Void = { xmlInitParser() }()

    /// Parses `data` as UTF-8 HTML. Fails only if libxml2 cannot build any document at all.
    package init(data: Data, source: String) throws(HTMLError) {
        _ = Self.initialise
        self.source = source
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        let parsed = data.withUnsafeBytes { raw -> htmlDocPtr? in
            guard let base = raw.bindMemory(to: CChar.self).baseAddress, raw.count > 0 else { return nil }
            return htmlReadMemory(base, Int32(raw.count), source, "UTF-8", options)
        }
        guard let parsed else { throw .unparsable(source: source) }
        document = parsed
    }

    deinit { xmlFreeDoc(document) }

    /// The `<html>` element (or whatever the root is).
    package var root: HTMLElement? { xmlDocGetRootElement(document).map { HTMLElement(node: $0, owner: self) } }

    /// Elements matching the XPath expression `expression`, evaluated from `context` (default: the
    /// document).
    package func elements(matching expression: String, from context: HTMLElement? = nil) throws(HTMLError) -> [HTMLElement] {
        // An XPath context is not thread-safe; one document is queried by one thread at a time.
        return try xpathLock.withLock { _ throws(HTMLError) in
            guard let xpath = xmlXPathNewContext(document) else { throw .xpath(expression: expression, source: source) }
            defer { xmlXPathFreeContext(xpath) }
            if let context { xpath.pointee.node = context.node }
            guard let result = xmlXPathEvalExpression(expression, xpath) else { throw .xpath(expression: expression, source: source) }
            defer { xmlXPathFreeObject(result) }
            guard let set = result.pointee.nodesetval else { return [] }
            var out: [HTMLElement] = []
            for i in 0..<Int(set.pointee.nodeNr) {
                if let node = set.pointee.nodeTab[i], node.pointee.type == XML_ELEMENT_NODE {
                    out.append(HTMLElement(node: node, owner: self))
                }
            }
            return out
        }
    }
}

/// An element of an `HTMLDocument`.
///
/// `@unchecked Sendable` for the same reason as its document: a read-only node of a tree it keeps
/// alive.
package struct HTMLElement: @unchecked Sendable {
    let node: xmlNodePtr
    /// Keeps the document (and so `node`) alive.
    let owner: HTMLDocument

    /// The tag name in lower case (`td`, `a`, …).
    package var name: String { String(cString: node.pointee.name) }

    /// The value of attribute `name`, if present.
    package func attribute(_ name: String) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { clibxml2_free(value) }
        return String(cString: value)
    }

    /// The text of the element and all its descendants, entities decoded (BeautifulSoup's `.text`).
    package var text: String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { clibxml2_free(content) }
        return String(cString: content)
    }

    /// The element children, in document order.
    package var children: [HTMLElement] {
        var out: [HTMLElement] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { out.append(HTMLElement(node: current, owner: owner)) }
            child = current.pointee.next
        }
        return out
    }

    /// Whether the element is named `name` (compared in C, without building a String).
    package func isNamed(_ name: String) -> Bool { name.withCString { xmlStrEqual(node.pointee.name, $0) != 0 } }

    /// Element children named `name`.
    package func children(named name: String) -> [HTMLElement] {
        name.withCString { wanted in
            var out: [HTMLElement] = []
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE, xmlStrEqual(current.pointee.name, wanted) != 0 {
                    out.append(HTMLElement(node: current, owner: owner))
                }
                child = current.pointee.next
            }
            return out
        }
    }

    /// Whether any element child is named `name`.
    package func hasChild(named name: String) -> Bool {
        name.withCString { wanted in
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE, xmlStrEqual(current.pointee.name, wanted) != 0 { return true }
                child = current.pointee.next
            }
            return false
        }
    }

    /// Descendant elements named `name`, in document order.
    package func descendants(named name: String) -> [HTMLElement] {
        name.withCString { wanted in
            var out: [HTMLElement] = []
            func walk(_ start: xmlNodePtr?) {
                var child = start
                while let current = child {
                    if current.pointee.type == XML_ELEMENT_NODE {
                        if xmlStrEqual(current.pointee.name, wanted) != 0 { out.append(HTMLElement(node: current, owner: owner)) }
                        walk(current.pointee.children)
                    }
                    child = current.pointee.next
                }
            }
            walk(node.pointee.children)
            return out
        }
    }

    /// The first descendant element named `name`, if any (stops at the first match).
    package func firstDescendant(named name: String) -> HTMLElement? {
        name.withCString { wanted in
            func walk(_ start: xmlNodePtr?) -> xmlNodePtr? {
                var child = start
                while let current = child {
                    if current.pointee.type == XML_ELEMENT_NODE {
                        if xmlStrEqual(current.pointee.name, wanted) != 0 { return current }
                        if let found = walk(current.pointee.children) { return found }
                    }
                    child = current.pointee.next
                }
                return nil
            }
            return walk(node.pointee.children).map { HTMLElement(node: $0, owner: owner) }
        }
    }

    /// Elements matching `expression` relative to this element.
    package func elements(matching expression: String) throws(HTMLError) -> [HTMLElement] {
        try owner.elements(matching: expression, from: self)
    }

    /// The space-separated classes of the element.
    package var classes: [String] { (attribute("class") ?? "").split(separator: " ").map(String.init) }
}

/// libxml2 could not parse a page or evaluate an expression.
package enum HTMLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No document could be built (empty input).
    case unparsable(source: String)
    /// An XPath expression failed.
    case xpath(expression: String, source: String)

    package var description: String {
        switch self {
        case .unparsable(let source): return "\(source): not parseable as HTML (empty?)"
        case .xpath(let expression, let source): return "\(source): XPath '\(expression)' failed"
        }
    }
}
