@_spi(RootmailHost) import RootmailKit
import Synchronization

/// Brings the stack to the template through a change set: nothing when the stack already has
/// this template; otherwise the change set's changes are listed, confirmed, executed, and the
/// stack's events stream as progress until it settles. A failure names the failing resource,
/// its reason and the rollback state (exit 1).
struct StackDeployer: Sendable {
  let env: DeployEnvironment
  var cfn: CloudFormation { env.aws.cloudFormation }

  /// Whether the stack differs from the template (read-only): nil when it is up to date, else
  /// what would happen.
  func pendingChange() async throws -> String? {
    guard let stack = try await cfn.stackIfExists(env.stackName) else { return "create stack \(env.stackName)" }
    if Self.replaceable.contains(stack.status) {
      return "replace stack \(env.stackName) (\(stack.status))"
    }
    if stack.status == "UPDATE_ROLLBACK_FAILED" {
      return "continue the rollback of stack \(env.stackName) (UPDATE_ROLLBACK_FAILED), then update it"
    }
    let current = try await cfn.getTemplate(stack: env.stackName)
    if current == env.templateBody && !stack.status.hasSuffix("_FAILED") { return nil }
    return "update stack \(env.stackName)"
  }

  /// States of a stack whose first create failed or never ran: it cannot be updated and holds
  /// nothing, so deploy deletes it and creates it again (after asking).
  static let replaceable: Set<String> = ["ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "REVIEW_IN_PROGRESS"]

  /// What the stack's state means and what deploy does about it (nil: nothing special).
  func stateExplanation() async throws -> String? {
    guard let stack = try await cfn.stackIfExists(env.stackName) else { return nil }
    switch stack.status {
    case "ROLLBACK_COMPLETE", "ROLLBACK_FAILED":
      return
        "stack \(env.stackName) is \(stack.status): its first create failed\(try await failedAt()), so it holds nothing and cannot be updated; deploy deletes it and creates it again"
    case "REVIEW_IN_PROGRESS":
      return
        "stack \(env.stackName) is REVIEW_IN_PROGRESS: a create that failed or was never executed\(try await failedAt()); deploy deletes it and creates it again"
    case "UPDATE_ROLLBACK_FAILED":
      return
        "stack \(env.stackName) is UPDATE_ROLLBACK_FAILED\(try await failedAt()); deploy continues the rollback (ContinueUpdateRollback) and then updates it"
    default:
      return nil
    }
  }

  /// `" (at <resource>: <reason>)"` for the newest failed resource event, or "".
  func failedAt() async throws -> String {
    let events = (try? await cfn.describeStackEvents(env.stackName)) ?? []
    guard let failed = events.first(where: { $0.status.hasSuffix("_FAILED") && $0.logicalID != env.stackName }) else {
      return ""
    }
    return " (at \(failed.logicalID): \(failed.reason ?? failed.status))"
  }

  /// Makes the change set, lists it, asks `confirm` (counting the change set's changes and
  /// the `steps` after it), executes it and follows the stack.
  func apply(confirm: (String) throws -> Void, steps: [String] = []) async throws {
    if let stack = try await cfn.stackIfExists(env.stackName), Self.replaceable.contains(stack.status) {
      try confirm("delete stack \(env.stackName) (\(stack.status), holds nothing) and create it again?")
      try await cfn.deleteStack(env.stackName)
      _ = try await env.wait(.stackSettled(env.stackName, deleting: true, timeout: env.timeout)) {
        try await cfn.stackIfExists(env.stackName)
      }
      env.progress.step(.deleted, "stack \(env.stackName)", "was \(stack.status)")
    }
    if let stack = try await cfn.stackIfExists(env.stackName), stack.status == "UPDATE_ROLLBACK_FAILED" {
      try confirm("continue the rollback of stack \(env.stackName) (ContinueUpdateRollback)?")
      let seen = Set(try await cfn.describeStackEvents(env.stackName).map(\.id))
      try await cfn.continueUpdateRollback(env.stackName)
      try await follow(seen: seen, outcome: .updated)
    }
    let existing = try await cfn.stackIfExists(env.stackName)
    if let existing, existing.status.hasSuffix("_IN_PROGRESS") {
      env.progress.note("stack \(env.stackName) is \(existing.status); waiting for it first")
      _ = try? await env.wait(.stackSettled(env.stackName, timeout: env.timeout)) { try await cfn.stackIfExists(env.stackName) }
    }
    let name = "rootmail-\(String(UInt64.random(in: 1...UInt64.max), radix: 36))"
    try await cfn.createChangeSet(
      stack: env.stackName, name: name, templateBody: env.templateBody, type: existing == nil ? "CREATE" : "UPDATE",
      clientToken: name)
    let changeSet = try await env.wait(.changeSetReady(name, timeout: env.timeout)) {
      try await cfn.describeChangeSet(stack: env.stackName, name: name)
    }
    if changeSet.status == "FAILED" {
      try? await cfn.deleteChangeSet(stack: env.stackName, name: name)
      let reason = changeSet.statusReason ?? ""
      if reason.contains("didn't contain changes") || reason.contains("No updates") {
        env.progress.step(.unchanged, "stack \(env.stackName)")
        return
      }
      throw CLIError("change set for stack \(env.stackName) failed: \(reason)")
    }
    env.progress.note("change set \(name) for stack \(env.stackName):")
    for change in changeSet.changes { env.progress.note("    \(change)") }
    let total = changeSet.changes.count + steps.count
    let then = steps.isEmpty ? "" : "; then: " + steps.joined(separator: "; ")
    do {
      try confirm(
        "apply these \(total) changes (\(changeSet.changes.count) to stack \(env.stackName)\(then))?")
    } catch {
      try? await cfn.deleteChangeSet(stack: env.stackName, name: name)
      if existing == nil { try? await cfn.deleteStack(env.stackName) }
      throw error
    }
    let started = try await cfn.describeStackEvents(env.stackName).map(\.id)
    do {
      try await cfn.executeChangeSet(stack: env.stackName, name: name)
    } catch let error as AWSError {
      let state = try await cfn.stackIfExists(env.stackName)?.status ?? "deleted"
      throw CLIError(
        "stack \(env.stackName) failed at ExecuteChangeSet: \(error.code): \(error.message); the stack is now \(state)")
    }
    try await follow(seen: Set(started), outcome: existing == nil ? .created : .updated)
  }

  /// Streams new stack events until the stack settles; a failure becomes one error line.
  func follow(seen initial: Set<String>, outcome: Progress.Outcome, deleting: Bool = false) async throws {
    let seen = EventLog(seen: initial)
    let stackName = env.stackName
    let cfn = self.cfn
    let progress = env.progress
    let printEvents: @Sendable () async -> Void = {
      guard let events = try? await cfn.describeStackEvents(stackName) else { return }
      for e in seen.fresh(events).reversed() {
        progress.note("    \(e.logicalID) \(e.resourceType) \(e.status)\(e.reason.map { " — \($0)" } ?? "")")
      }
    }
    do {
      _ = try await env.wait(.stackSettled(stackName, deleting: deleting, timeout: env.timeout)) {
        await printEvents()
        return try await cfn.stackIfExists(stackName)
      }
      await printEvents()
      progress.step(outcome, "stack \(stackName)")
    } catch let error as AWSWaiterError {
      await printEvents()
      throw try await failure(after: error, seen: initial)
    }
  }

  /// The first failed resource since the change began, its reason, and the stack's state.
  func failure(after error: AWSWaiterError, seen: Set<String>) async throws -> CLIError {
    if case .timedOut = error { return CLIError(error.description, status: .unavailable) }
    let events = try await cfn.describeStackEvents(env.stackName).filter { !seen.contains($0.id) }
    let state = try await cfn.stackIfExists(env.stackName)?.status ?? "deleted"
    return Self.failure(stack: env.stackName, events: events, state: state)
  }

  /// The error for a stack that failed: the first resource that failed (events come newest
  /// first), its reason, and the state the stack rolled back to.
  static func failure(stack: String, events: [CloudFormation.StackEvent], state: String) -> CLIError {
    let failed = events.reversed().first { $0.status.hasSuffix("_FAILED") && $0.logicalID != stack }
    guard let failed else { return CLIError("stack \(stack) failed; it is now \(state)") }
    return CLIError(
      "stack \(stack) failed at \(failed.logicalID) (\(failed.resourceType)): \(failed.reason ?? "no reason given"); the stack is now \(state)"
    )
  }
}

/// The stack events already printed, shared by the polls of one wait.
final class EventLog: Sendable {
  private let seen: Mutex<Set<String>>
  init(seen: Set<String>) { self.seen = Mutex(seen) }

  /// The events not printed yet (newest first, as CloudFormation lists them); marks them seen.
  func fresh(_ events: [CloudFormation.StackEvent]) -> [CloudFormation.StackEvent] {
    seen.withLock { s in
      let new = events.filter { !s.contains($0.id) }
      s.formUnion(new.map(\.id))
      return new
    }
  }
}
