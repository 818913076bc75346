import Foundation

/// An exclusive `flock` on `<service root>/lifecycle.lock`, held while a command starts, joins,
/// leaves or stops a managed server, so two commands never initialise, start or stop it at once.
///
/// `flock` belongs to the open file description: the kernel drops it when the holder exits, even
/// by SIGKILL, and the child processes we spawn do not inherit it (`ChildProcess` closes every
/// descriptor above 2), so an orphaned `initdb` cannot keep it.
package struct LifecycleLock: ~Copyable {
    private let descriptor: Int32

    /// Waits up to `timeout` for the lock on `directory/lifecycle.lock` (the folder is created).
    package init(directory: String, timeout: Duration = .seconds(180)) throws(LocalServerError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw LocalServerError("cannot create \(directory): \(error.localizedDescription)")
        }
        let path = directory + "/lifecycle.lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw LocalServerError("cannot open \(path): \(String(cString: strerror(errno)))") }
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now < deadline else {
                close(descriptor)
                throw LocalServerError("another atlas command has held \(path) for more than \(timeout) while starting or stopping the server; if none is running, remove the file")
            }
            usleep(50_000)
        }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }
}
