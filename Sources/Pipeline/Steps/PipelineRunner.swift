import AtlasStore
import Foundation
import Redaction

/// Runs pipeline steps in order, recording each in `step_log` (running → done or failed with
/// the reason). A failed step stops the run: later steps need its rows. Every step is
/// idempotent, so rerunning the same selection continues where the failure or a kill left off.
package struct PipelineRunner {
    /// The context the steps run in.
    package let context: StepContext

    /// A runner.
    package init(context: StepContext) { self.context = context }

    /// What one step did.
    package struct Report: Sendable, Equatable {
        /// The step.
        package var step: PipelineStep
        /// Its outcome.
        package var outcome: StepOutcome
        /// Wall time.
        package var seconds: Double

        /// One line for the user: step, detail, time.
        package var line: String {
            "\(step.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(outcome.detail)" + String(format: " (%.2f s)", seconds)
        }
    }

    /// Runs `steps` (in pipeline order); throws the first failure after logging it. The steps run
    /// on the store thread (`withStoreThread`): their libpq calls block, their fetches await.
    @discardableResult
    package func run(_ steps: [PipelineStep]) async throws -> [Report] {
        try await withStoreThread { try await runSteps(steps) }
    }

    private func runSteps(_ steps: [PipelineStep]) async throws -> [Report] {
        var reports: [Report] = []
        for step in steps.sorted() {
            context.log("== \(step.rawValue): \(step.summary)")
            let started = Date()
            let logID = try context.connection.execute(
                "INSERT INTO step_log (step, status) VALUES ($1, 'running') RETURNING id", [step.rawValue], purpose: "log start of \(step.rawValue)")[0]["id"]
            do {
                let outcome = try await Self.run(step, context)
                // Bulk writes leave the planner's statistics stale until autovacuum runs; the
                // next step's queries would be planned on guesses.
                if outcome.rows > 0 { try context.connection.execute("ANALYZE", purpose: "analyze after \(step.rawValue)") }
                try context.connection.execute("UPDATE step_log SET status = 'done', finished_at = now(), rows = $2, detail = $3 WHERE id = $1",
                                               [logID, String(outcome.rows), Redaction.scrub(outcome.detail)], purpose: "log end of \(step.rawValue)")
                reports.append(Report(step: step, outcome: outcome, seconds: Date().timeIntervalSince(started)))
            } catch {
                _ = try? context.connection.execute("UPDATE step_log SET status = 'failed', finished_at = now(), detail = $2 WHERE id = $1",
                                                    [logID, Redaction.scrub("\(error)")], purpose: "log failure of \(step.rawValue)")
                throw error
            }
        }
        return reports
    }

    static func run(_ step: PipelineStep, _ context: StepContext) async throws -> StepOutcome {
        switch step {
        case .artists: return try await ArtistsStep.run(context)
        case .tracks: return try await TracksStep.run(context)
        case .links: return try LinksStep.run(context)
        case .related: return try await RelatedStep.run(context)
        case .infer: return try InferStep.run(context)
        case .export: return try ExportStep.run(context)
        case .queue: return try QueueStep.run(context)
        }
    }

    /// A step name's position in the pipeline (unknown names last).
    private static func order(_ name: String) -> Int {
        PipelineStep(rawValue: name).flatMap(PipelineStep.allCases.firstIndex) ?? PipelineStep.allCases.count
    }

    /// The latest `step_log` entry per step, in pipeline order (for `atlas status`).
    package static func latest(_ connection: PostgresConnection) throws(PostgresError) -> [(step: String, status: String, finished: String?, rows: Int?, detail: String?)] {
        try connection.execute("""
            SELECT DISTINCT ON (step) step, status, to_char(coalesce(finished_at, started_at), 'YYYY-MM-DD HH24:MI:SS') AS at, rows, detail
            FROM step_log ORDER BY step, id DESC
            """, purpose: "read step log").rows.map { ($0["step"] ?? "", $0["status"] ?? "", $0["at"], $0.int("rows"), $0["detail"]) }
            .sorted { order($0.step) < order($1.step) }
    }
}
