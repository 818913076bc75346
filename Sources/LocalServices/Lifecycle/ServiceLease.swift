import Foundation

/// One process's claim on a managed server: a file `<root>/clients/<pid>-<id>.lease` that the
/// process holds an exclusive `flock` on while it uses the server.
///
/// A command that is about to stop a server it started first asks whether anyone else still
/// holds a lease; a lease whose lock can be taken belongs to a process that is gone (the kernel
/// released it on exit, SIGKILL included) and is removed. So a short command never stops the
/// server under a running worker, and a killed command never keeps it up for ever.
package final class ServiceLease: Sendable {
    /// The lease file.
    package let path: String
    private let descriptor: Int32

    /// Takes a new lease in `root/clients`. Call with the service's `LifecycleLock` held.
    package init(root: String) throws(LocalServerError) {
        let folder = root + "/clients"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw LocalServerError("cannot create \(folder): \(error.localizedDescription)")
        }
        path = folder + "/\(getpid())-\(UUID().uuidString.prefix(8)).lease"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw LocalServerError("cannot create \(path): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw LocalServerError("cannot lock \(path): \(String(cString: strerror(errno)))")
        }
        self.descriptor = descriptor
    }

    /// Gives the lease up (idempotent through `deinit`).
    deinit {
        unlink(path)
        close(descriptor)
    }

    /// How many leases in `root/clients` other than `except` belong to live processes; stale
    /// ones are removed on the way. Call with the service's `LifecycleLock` held.
    package static func liveHolders(root: String, except: ServiceLease? = nil) -> Int {
        let folder = root + "/clients"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var live = 0
        for name in names where name.hasSuffix(".lease") {
            let path = folder + "/" + name
            if path == except?.path { continue }
            let descriptor = open(path, O_RDWR | O_CLOEXEC)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0 {
                // Nobody holds it: its process is gone.
                unlink(path)
            } else {
                live += 1
            }
        }
        return live
    }
}
