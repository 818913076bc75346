import Foundation
import TestSupport
import XCTest

/// Hosts on one machine: Linux network namespaces joined by veth pairs to a bridge in a
/// "storage" namespace, on a private /24 that no route leaves (`10.213.N.0/24`), plus one veth
/// from the test's own namespace so the test can watch. Made and removed by the test itself.
final class TestNetwork: @unchecked Sendable {
    /// Namespace names: the storage host, then the worker hosts.
    let storage: String
    let workers: [String]
    /// `10.213.N`.
    let subnet: String
    private let tag: String

    /// The storage host's address.
    var storageAddress: String { subnet + ".1" }

    /// Builds the network, or skips the test saying why namespaces are not available.
    init(workers count: Int) throws {
        guard getuid() == 0 else { throw XCTSkip("network namespaces need root: the multi-host test is skipped here (it runs in CI as root)") }
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip") else { throw XCTSkip("iproute2 (ip) is not installed: the multi-host test is skipped") }
        let id = Int(getpid()) % 200 + 20
        let tag = "ma\(id)"
        self.tag = tag
        subnet = "10.213.\(id)"
        storage = tag + "s"
        workers = (1...count).map { "\(tag)w\($0)" }
        Self.ip(["netns", "del", storage], check: false)
        for worker in workers { Self.ip(["netns", "del", worker], check: false) }
        Self.ip(["link", "del", tag + "r"], check: false)
        let probe = Self.ip(["netns", "add", storage], check: false)
        guard probe.status == 0 else { throw XCTSkip("network namespaces are not permitted here (ip netns add: \(probe.stderr.trimmingCharacters(in: .whitespacesAndNewlines))): the multi-host test is skipped") }
        do {
            try Self.run(["-n", storage, "link", "set", "lo", "up"])
            try Self.run(["-n", storage, "link", "add", "br0", "type", "bridge"])
            try Self.run(["-n", storage, "addr", "add", storageAddress + "/24", "dev", "br0"])
            try Self.run(["-n", storage, "link", "set", "br0", "up"])
            for (index, worker) in workers.enumerated() {
                try Self.run(["netns", "add", worker])
                try Self.run(["-n", worker, "link", "set", "lo", "up"])
                try attach(namespace: worker, inside: "\(tag)v\(index)", bridgeSide: "\(tag)b\(index)", address: "\(subnet).\(11 + index)")
            }
            // The test's own host, to watch the store and the bucket.
            try Self.run(["link", "add", tag + "r", "type", "veth", "peer", "name", tag + "h"])
            try Self.run(["link", "set", tag + "h", "netns", storage])
            try Self.run(["-n", storage, "link", "set", tag + "h", "master", "br0"])
            try Self.run(["-n", storage, "link", "set", tag + "h", "up"])
            try Self.run(["addr", "add", "\(subnet).254/24", "dev", tag + "r"])
            try Self.run(["link", "set", tag + "r", "up"])
        } catch {
            remove()
            throw error
        }
    }

    private func attach(namespace: String, inside: String, bridgeSide: String, address: String) throws {
        try Self.run(["link", "add", inside, "type", "veth", "peer", "name", bridgeSide])
        try Self.run(["link", "set", inside, "netns", namespace])
        try Self.run(["link", "set", bridgeSide, "netns", storage])
        try Self.run(["-n", storage, "link", "set", bridgeSide, "master", "br0"])
        try Self.run(["-n", storage, "link", "set", bridgeSide, "up"])
        try Self.run(["-n", namespace, "addr", "add", address + "/24", "dev", inside])
        try Self.run(["-n", namespace, "link", "set", inside, "up"])
    }

    /// The pids of every process in `namespace`.
    func pids(in namespace: String) -> [Int32] {
        Self.ip(["netns", "pids", namespace], check: false).stdout.split(whereSeparator: \.isNewline).compactMap { Int32($0) }
    }

    /// SIGKILL to every process of `namespace` (a host losing power); returns how many there were.
    @discardableResult
    func killEverything(in namespace: String) -> Int {
        let pids = pids(in: namespace)
        for pid in pids { kill(pid, SIGKILL) }
        return pids.count
    }

    /// Removes the namespaces (their veth ends go with them) and the test's own veth.
    func remove() {
        for namespace in [storage] + workers {
            killEverything(in: namespace)
            Self.ip(["netns", "del", namespace], check: false)
        }
        Self.ip(["link", "del", tag + "r"], check: false)
    }

    /// `ip netns exec NS` + `command`.
    func exec(_ namespace: String, _ command: [String]) -> [String] { ["/usr/sbin/ip", "netns", "exec", namespace] + command }

    @discardableResult
    private static func ip(_ arguments: [String], check: Bool) -> ProcessRunner.Outcome { ProcessRunner.run("/usr/sbin/ip", arguments) }

    private static func run(_ arguments: [String]) throws {
        let outcome = ip(arguments, check: true)
        guard outcome.status == 0 else {
            throw NSError(domain: "TestNetwork", code: Int(outcome.status), userInfo: [NSLocalizedDescriptionKey: "ip \(arguments.joined(separator: " ")): \(outcome.stderr)"])
        }
    }

    /// Waits until `address`:`port` accepts a TCP connection from this host.
    static func waitListening(_ address: String, _ port: Int, seconds: Double = 30) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var target = sockaddr_in()
            target.sin_family = sa_family_t(AF_INET)
            target.sin_port = UInt16(port).bigEndian
            target.sin_addr.s_addr = inet_addr(address)
            let ok = withUnsafePointer(to: &target) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } } == 0
            close(fd)
            if ok { return true }
            usleep(100_000)
        }
        return false
    }
}
