/// Runs `body` for every element concurrently (a batch's pages or API calls); results in input
/// order, each a success or the error it threw.
package func concurrently<Element: Sendable, Value: Sendable>(
    _ elements: [Element], _ body: @escaping @Sendable (Element) async throws -> Value
) async -> [Result<Value, any Error>] {
    await withTaskGroup(of: (Int, Result<Value, any Error>).self) { group in
        for (index, element) in elements.enumerated() {
            group.addTask {
                do { return (index, .success(try await body(element))) } catch { return (index, .failure(error)) }
            }
        }
        var out: [Result<Value, any Error>?] = Array(repeating: nil, count: elements.count)
        for await (index, result) in group { out[index] = result }
        return out.map { $0! }
    }
}
