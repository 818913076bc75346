extension Array {
    /// The array in consecutive pieces of at most `size` elements (the batches a step commits).
    package func chunks(of size: Int) -> [[Element]] {
        let size = Swift.max(1, size)
        return stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min(count, $0 + size)]) }
    }
}
