import Foundation

/// Runs a program to completion with `posix_spawn` and `waitpid`, output appended to a file.
///
/// Used for the local servers' tools (PostgreSQL's `pg_ctl`, FalkorDB's daemonising
/// `redis-server`) instead of Foundation's `Process`: those leave a daemon behind, and
/// `Process.waitUntilExit()` was seen never to return after `pg_ctl start` (the server was up in
/// 0.1 s; the call hung until killed).
enum ChildProcess {
    /// Runs `executable` with `arguments`; stdin is /dev/null, stdout and stderr go to `output`.
    /// Returns the exit status (128 + signal if it was killed).
    static func run(_ executable: String, _ arguments: [String], output: String) throws(LocalServerError) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else is inherited: a daemon the child leaves behind (postmaster, redis-server)
        // would otherwise keep our other descriptors open — such as the pipes a parent process
        // reads our output from, which then never reach end-of-file.
        // (glibc's closefrom action is not visible to Swift; closing a listed descriptor that has
        // since closed is not an error for posix_spawn.)
        for descriptor in Self.openDescriptors() where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Start the child with default signal handling and an empty mask, whatever ours are.
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) }
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = (argv + [nil]).withUnsafeBufferPointer { buffer in
            posix_spawn(&pid, executable, &actions, &attributes, UnsafeMutablePointer(mutating: buffer.baseAddress!), environ)
        }
        guard spawned == 0 else {
            throw LocalServerError("cannot run \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Sends SIGKILL to every process whose command line contains `argument` (an orphaned tool
    /// still working on a folder a killed command left), and to their descendants (`initdb`'s
    /// bootstrap backend does not name the folder), then waits up to 10 s for them to be gone.
    static func killProcesses(mentioning argument: String) {
        let mine = getpid()
        var parents: [pid_t: pid_t] = [:], matches: Set<pid_t> = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(name), pid != mine else { continue }
            if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")"),
                let parent = stat[stat.index(after: close)...].split(separator: " ").dropFirst().first.flatMap({ pid_t($0) }) {
                parents[pid] = parent   // fields after "(comm)": state, ppid, …
            }
            if let data = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")),
                data.split(separator: 0).contains(where: { String(decoding: $0, as: UTF8.self) == argument }) {
                matches.insert(pid)
            }
        }
        var victims = matches
        var grew = true
        while grew {
            let before = victims.count
            for (pid, parent) in parents where victims.contains(parent) && pid != mine { victims.insert(pid) }
            grew = victims.count > before
        }
        for pid in victims { kill(pid, SIGKILL) }
        // A killed child of another process stays a zombie until reaped; its cmdline is then
        // empty, which is as good as gone here.
        let deadline = Date().addingTimeInterval(10)
        func alive(_ pid: pid_t) -> Bool { !((try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()).isEmpty }
        while Date() < deadline, victims.contains(where: alive) { usleep(20_000) }
    }

    /// Our open file descriptors (`/proc/self/fd`).
    static func openDescriptors() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
    }
}
