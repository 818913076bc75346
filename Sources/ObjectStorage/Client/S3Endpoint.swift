import Foundation

/// Where an S3-compatible service answers and how buckets are addressed: virtual-hosted
/// (`https://BUCKET.s3.REGION.amazonaws.com/KEY`, AWS's default) or path-style
/// (`http://HOST:PORT/BUCKET/KEY`, what MinIO, Ceph, SeaweedFS and moto expect on an IP address).
package struct S3Endpoint: Sendable, Equatable {
    /// `scheme://host[:port]`, no path.
    package var url: URL
    /// The signing region.
    package var region: String
    /// Path-style addressing.
    package var pathStyle: Bool

    /// An endpoint; `pathStyle` `nil` means automatic: path-style when the host is an IP address
    /// or `localhost`.
    package init(url: URL, region: String, pathStyle: Bool? = nil) {
        self.url = url
        self.region = region
        self.pathStyle = pathStyle ?? Self.isAddressOrLocalhost(url.host ?? "")
    }

    /// From the standard variables: `AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL`, else AWS
    /// (`https://s3.REGION.amazonaws.com`); `AWS_REGION`, else `AWS_DEFAULT_REGION`, else
    /// `us-east-1`; `MUSICATLAS_S3_PATH_STYLE=1` forces path-style for a named host.
    package static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(ObjectStorageError) -> S3Endpoint {
        let region = [environment["AWS_REGION"], environment["AWS_DEFAULT_REGION"]].compactMap { $0 }.first { !$0.isEmpty } ?? "us-east-1"
        let configured = [environment["AWS_ENDPOINT_URL_S3"], environment["AWS_ENDPOINT_URL"]].compactMap { $0 }.first { !$0.isEmpty }
        let text = configured ?? "https://s3.\(region).amazonaws.com"
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), let host = url.host, !host.isEmpty else {
            throw .invalidLocation(text, reason: "AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL must be an http(s) URL such as http://127.0.0.1:9000")
        }
        let forced = ["1", "true", "yes"].contains(environment["MUSICATLAS_S3_PATH_STYLE"]?.lowercased() ?? "")
        var root = URLComponents()
        root.scheme = scheme
        root.host = host
        root.port = url.port
        return S3Endpoint(url: root.url!, region: region, pathStyle: forced ? true : nil)
    }

    /// The request target of `key` in `bucket` (or of the bucket itself): URL to send, `Host`
    /// header, and the unencoded path the signer encodes.
    package func address(bucket: String, key: String?) -> (url: String, host: String, path: String) {
        let scheme = url.scheme ?? "https"
        let baseHost = url.host ?? ""
        let port = url.port.map { ":\($0)" } ?? ""
        let host = pathStyle ? baseHost + port : "\(bucket).\(baseHost)\(port)"
        let path = pathStyle ? "/\(bucket)" + (key.map { "/" + $0 } ?? "") : "/" + (key ?? "")
        return ("\(scheme)://\(host)\(URIEncoding.encode(path, keepingSlash: true))", host, path)
    }

    private static func isAddressOrLocalhost(_ host: String) -> Bool {
        if host == "localhost" || host.hasSuffix(".localhost") { return true }
        if host.contains(":") { return true }  // IPv6 literal
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
    }
}
