/// A request as SigV4 sees it: what is signed, before any header the signer adds.
package struct SignableRequest: Sendable, Equatable {
    /// `GET`, `PUT`, …
    package var method: String
    /// The path as meant, not percent-encoded (`/bucket/a b/ሴ+c.txt`); the signer encodes it.
    package var path: String
    /// Query parameters, decoded, in any order (the canonical form sorts them).
    package var query: [QueryItem]
    /// Headers to sign, in the order given; a name may repeat.
    package var headers: [Header]
    /// Lower-case hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`.
    package var payloadHash: String

    /// A query parameter.
    package struct QueryItem: Sendable, Equatable {
        /// Name, decoded.
        package var name: String
        /// Value, decoded (empty for `?flag`).
        package var value: String
        /// A parameter.
        package init(_ name: String, _ value: String = "") {
            self.name = name
            self.value = value
        }
    }

    /// A header line.
    package struct Header: Sendable, Equatable {
        /// Name in any case.
        package var name: String
        /// Value as sent.
        package var value: String
        /// A header.
        package init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A request.
    package init(method: String, path: String, query: [QueryItem] = [], headers: [Header] = [], payloadHash: String) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.payloadHash = payloadHash
    }

    /// SHA-256 of the empty body.
    package static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
}
