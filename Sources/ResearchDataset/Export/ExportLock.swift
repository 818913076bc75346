import Foundation

/// An exclusive `flock` on `<output>.lock`, held while an export writes `output`: a second export
/// to the same folder is refused at once instead of sharing (and deleting) the first one's
/// staging folder.
///
/// The file is removed when the export ends. A waiting export that locked a file which was
/// removed meanwhile notices (the path no longer names the file it holds) and starts over, so two
/// exports never both hold the lock. The kernel drops a `flock` when its holder dies, even by
/// SIGKILL; the file it leaves is simply locked and removed by the next export.
final class ExportLock {
    private var descriptor: Int32
    private let path: String

    /// Takes the lock for `output` (without a trailing slash), or throws `DatasetError.busy`.
    init(output: String) throws(DatasetError) {
        path = output + ".lock"
        while true {
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw .invalid("cannot create \(path): \(String(cString: strerror(errno)))") }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                close(descriptor)
                throw .busy(output)
            }
            var held = stat(), named = stat()
            if fstat(descriptor, &held) == 0, stat(path, &named) == 0, held.st_ino == named.st_ino, held.st_dev == named.st_dev {
                self.descriptor = descriptor
                return
            }
            // Its holder finished and removed it between our open and our lock: try again.
            close(descriptor)
        }
    }

    /// Removes the file and drops the lock (once; the deinitialiser does it if nobody did).
    func release() {
        guard descriptor >= 0 else { return }
        unlink(path)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
