/// A value handed to `DispatchQueue.concurrentPerform`'s threads that the compiler cannot prove
/// safe to share — raw pointers into memory of which each thread reads or writes only its own
/// part. `@unchecked Sendable` is that promise, made once here rather than per call site.
struct ThreadShared<Value>: @unchecked Sendable {
    let value: Value
}
