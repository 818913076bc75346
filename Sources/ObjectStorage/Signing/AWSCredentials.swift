import Foundation
import Redaction

/// An AWS access key: what SigV4 signs with. Its `description` never shows the secret or the
/// session token, and both are registered with `Redaction` as soon as they are read, so no log
/// line, error or stored text can carry them.
package struct AWSCredentials: Sendable, CustomStringConvertible {
    /// The access key id (`AKIA…`, `ASIA…`); not secret, it names the key in errors.
    package var accessKeyID: String
    /// The secret access key.
    package var secretAccessKey: String
    /// The session token of temporary credentials.
    package var sessionToken: String?

    /// Credentials; the secret and token are registered for redaction.
    package init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        Redaction.register(secretAccessKey)
        if let sessionToken { Redaction.register(sessionToken) }
    }

    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`; `nil` when the first
    /// two are not both set.
    package static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> AWSCredentials? {
        guard let id = environment["AWS_ACCESS_KEY_ID"], !id.isEmpty,
              let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else { return nil }
        let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: token)
    }

    package var description: String { "access key \(accessKeyID) (secret not shown)" }
}
