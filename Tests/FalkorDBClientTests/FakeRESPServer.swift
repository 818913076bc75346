import Foundation
import TestSupport

/// A one-connection TCP server on 127.0.0.1 that answers the first request with fixed bytes (or
/// never, or by closing), for failures a real server does not produce on demand.
final class FakeRESPServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let thread: Thread

    /// `reply` nil: accept and stay silent; `closeAfterRequest`: close after reading the request.
    init(reply: [UInt8]?, closeAfterRequest: Bool = false) throws {
        let (listener, port) = LoopbackListener.open(backlog: 4)
        self.listener = listener
        self.port = port
        thread = Thread {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 4096)
            _ = recv(client, &buffer, buffer.count, 0)
            if closeAfterRequest {
                close(client)
                return
            }
            if let reply { _ = reply.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } }
            // Hold the connection open until the listener goes away.
            _ = recv(client, &buffer, buffer.count, 0)
            close(client)
        }
        thread.start()
    }

    /// Closes the listener (the accepted connection closes when the client disconnects).
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }
}
