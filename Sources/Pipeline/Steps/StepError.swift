/// Why a pipeline step stopped. The rows of every committed batch stay; a rerun continues.
package enum StepError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A source page or response could not be used; `items` failed, the others were stored.
    case itemsFailed(step: PipelineStep, failed: Int, of: Int, first: String)
    /// A page every later item depends on could not be fetched or parsed.
    case sourceUnavailable(step: PipelineStep, what: String, reason: String)
    /// The step needs rows an earlier step writes.
    case missingInput(step: PipelineStep, reason: String)
    /// Writing an export failed.
    case export(path: String, reason: String)

    package var description: String {
        switch self {
        case .itemsFailed(let step, let failed, let of, let first):
            return "\(step.rawValue): \(failed) of \(of) items failed (first: \(first)); the rest is stored — rerun to retry them"
        case .sourceUnavailable(let step, let what, let reason): return "\(step.rawValue): \(what) unavailable: \(reason)"
        case .missingInput(let step, let reason): return "\(step.rawValue): \(reason)"
        case .export(let path, let reason): return "export: cannot write \(path): \(reason)"
        }
    }
}
