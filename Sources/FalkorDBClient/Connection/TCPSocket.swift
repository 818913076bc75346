import Foundation

/// A non-blocking TCP socket with deadline-bounded connect, send and receive (poll(2)), so no
/// call can hang on a silent server.
final class TCPSocket {
    private var descriptor: Int32
    private let endpoint: String
    /// Receive buffer, reused across reads (a large reply arrives in many of them).
    private var chunk = [UInt8](repeating: 0, count: 65536)

    private init(descriptor: Int32, endpoint: String) {
        self.descriptor = descriptor
        self.endpoint = endpoint
    }

    deinit { close() }

    /// Connects to `host:port`, trying each resolved address until one answers within `timeout`.
    static func connect(host: String, port: Int, endpoint: String, timeout: Duration) throws(FalkorError) -> TCPSocket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw FalkorError.unreachable(endpoint: endpoint, reason: "cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var lastReason = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            entry = address.pointee.ai_next
            let fd = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            guard fd >= 0 else {
                lastReason = String(cString: strerror(errno))
                continue
            }
            let socket = TCPSocket(descriptor: fd, endpoint: endpoint)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            if Glibc.connect(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 { return socket }
            guard errno == EINPROGRESS else {
                lastReason = String(cString: strerror(errno))
                continue
            }
            switch socket.wait(for: Int16(POLLOUT), until: deadline) {
            case .ready:
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
                if error == 0 { return socket }
                lastReason = String(cString: strerror(error))
            case .timedOut:
                lastReason = "no answer within \(timeout)"
            case .failed(let reason):
                lastReason = reason
            }
        }
        throw FalkorError.unreachable(endpoint: endpoint, reason: lastReason)
    }

    /// Sends all of `bytes` before `deadline`.
    func send(_ bytes: [UInt8], until deadline: Deadline, operation: String) throws(FalkorError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { buffer in
                Glibc.send(descriptor, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                offset += sent
                continue
            }
            guard sent < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else {
                throw FalkorError.connectionLost(endpoint: endpoint, reason: "send failed: \(String(cString: strerror(errno)))")
            }
            try waitOrThrow(Int16(POLLOUT), until: deadline, operation: operation)
        }
    }

    /// Appends at least one received byte to `buffer`, waiting until `deadline`.
    func receive(into buffer: inout [UInt8], until deadline: Deadline, operation: String) throws(FalkorError) {
        while true {
            let received = chunk.withUnsafeMutableBytes { Glibc.recv(descriptor, $0.baseAddress!, $0.count, 0) }
            if received > 0 {
                buffer.append(contentsOf: chunk[0 ..< received])
                return
            }
            if received == 0 { throw FalkorError.connectionLost(endpoint: endpoint, reason: "the server closed the connection") }
            guard errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else {
                throw FalkorError.connectionLost(endpoint: endpoint, reason: "receive failed: \(String(cString: strerror(errno)))")
            }
            try waitOrThrow(Int16(POLLIN), until: deadline, operation: operation)
        }
    }

    /// Closes the socket (idempotent).
    func close() {
        guard descriptor >= 0 else { return }
        Glibc.close(descriptor)
        descriptor = -1
    }

    private enum WaitResult { case ready, timedOut, failed(String) }

    private func waitOrThrow(_ events: Int16, until deadline: Deadline, operation: String) throws(FalkorError) {
        switch wait(for: events, until: deadline.instant) {
        case .ready: return
        case .timedOut:
            throw FalkorError.timedOut(endpoint: endpoint, operation: operation, seconds: deadline.seconds)
        case .failed(let reason):
            throw FalkorError.connectionLost(endpoint: endpoint, reason: reason)
        }
    }

    private func wait(for events: Int16, until deadline: ContinuousClock.Instant) -> WaitResult {
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { return .timedOut }
            let (seconds, attoseconds) = remaining.components
            let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let result = poll(&entry, 1, milliseconds)
            if result > 0 {
                // POLLHUP/POLLERR are reported as ready: the following call returns the real error.
                return .ready
            }
            if result == 0 { continue }
            guard errno == EINTR else { return .failed("poll failed: \(String(cString: strerror(errno)))") }
        }
    }
}

/// A point in time by which an operation must finish, with the allowance it came from (for
/// messages).
struct Deadline {
    /// When the time is up.
    let instant: ContinuousClock.Instant
    /// The allowance in seconds.
    let seconds: Double

    /// `timeout` from now.
    init(_ timeout: Duration) {
        instant = ContinuousClock.now.advanced(by: timeout)
        let (whole, fraction) = timeout.components
        seconds = Double(whole) + Double(fraction) / 1e18
    }
}
