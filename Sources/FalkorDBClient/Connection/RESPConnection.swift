/// One RESP2 connection to a Redis-protocol server (FalkorDB), used from one thread at a time.
///
/// Every wait is bounded: connecting by `connectTimeout`, each reply by `replyTimeout`. A timeout
/// or broken stream closes the connection, because the position in the reply stream is then
/// unknown; later calls fail with `connectionLost` instead of reading a stale reply.
public final class RESPConnection {
    /// Where this connection goes.
    public let endpoint: RedisEndpoint
    /// How long a reply may take.
    public var replyTimeout: Duration

    private var socket: TCPSocket?
    private var buffer: [UInt8] = []
    private var scanner = RESPFrameScanner()
    private var closedReason: String?
    /// Replies still owed for commands sent with `send` (pipelining).
    public private(set) var pendingReplies = 0

    /// Connects (and logs in when the endpoint has a password).
    public init(endpoint: RedisEndpoint, connectTimeout: Duration = .seconds(5), replyTimeout: Duration = .seconds(120)) throws(FalkorError) {
        self.endpoint = endpoint
        self.replyTimeout = replyTimeout
        socket = try TCPSocket.connect(host: endpoint.host, port: endpoint.port, endpoint: endpoint.description, timeout: connectTimeout)
        if let password = endpoint.password {
            let login = endpoint.username.map { RESPCommand("AUTH", $0, password) } ?? RESPCommand("AUTH", password)
            if case .error(let message) = try call(login) {
                close()
                throw FalkorError.unreachable(endpoint: endpoint.description, reason: "login refused: \(message)")
            }
        }
    }

    deinit { socket?.close() }

    /// Sends `command` and returns its reply. An error reply is returned as `.error`, not thrown:
    /// the caller knows what the command was for.
    public func call(_ command: RESPCommand, timeout: Duration? = nil) throws(FalkorError) -> RESPValue {
        try send(command)
        return try receive(timeout: timeout, operation: command.name)
    }

    /// Sends `command` without waiting for its reply (read it later with `receive`, in order).
    public func send(_ command: RESPCommand) throws(FalkorError) {
        let socket = try openSocket()
        do {
            try socket.send(command.bytes, until: Deadline(replyTimeout), operation: command.name)
        } catch {
            fail(error)
            throw error
        }
        pendingReplies += 1
    }

    /// The reply to the oldest command sent and not yet answered.
    public func receive(timeout: Duration? = nil, operation: String = "a command") throws(FalkorError) -> RESPValue {
        let socket = try openSocket()
        let deadline = Deadline(timeout ?? replyTimeout)
        do throws(FalkorError) {
            while true {
                let outcome: RESPFrameScanner.Outcome
                do { outcome = try scanner.scan(buffer) } catch {
                    throw FalkorError.malformedReply(endpoint: endpoint.description, detail: "\(error.detail) at byte \(error.offset) of the reply to \(operation)")
                }
                if case .complete(let end) = outcome {
                    let value: RESPValue
                    do { value = try RESPDecoder.decode(buffer, end: end) } catch {
                        throw FalkorError.malformedReply(endpoint: endpoint.description, detail: "\(error.detail) at byte \(error.offset) of the reply to \(operation)")
                    }
                    buffer.removeFirst(end)
                    scanner.reset()
                    pendingReplies -= 1
                    return value
                }
                try socket.receive(into: &buffer, until: deadline, operation: operation)
            }
        } catch {
            fail(error)
            throw error
        }
    }

    /// Whether the connection can still be used.
    public var isOpen: Bool { socket != nil }

    /// Closes the connection (idempotent).
    public func close() {
        socket?.close()
        socket = nil
        if closedReason == nil { closedReason = "the connection was closed" }
    }

    private func openSocket() throws(FalkorError) -> TCPSocket {
        guard let socket else {
            throw FalkorError.connectionLost(endpoint: endpoint.description, reason: closedReason ?? "the connection was closed")
        }
        return socket
    }

    private func fail(_ error: FalkorError) {
        socket?.close()
        socket = nil
        closedReason = "closed after an earlier error (\(error))"
    }
}
