import RootmailKit
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
    if stack.status == "ROLLBACK_COMPLETE" || stack.status == "REVIEW_IN_PROGRESS" {
      return "replace stack \(env.stackName) (\(stack.status))"
    }
    let current = try await cfn.getTemplate(stack: env.stackName)
    if current == env.templateBody && !stack.status.hasSuffix("_FAILED") { return nil }
    return "update stack \(env.stackName)"
  }

  /// Makes the change set, lists it, asks `confirm`, executes it and follows the stack.
  func apply(confirm: (String) throws -> Void) async throws {
    if let stack = try await cfn.stackIfExists(env.stackName),
      stack.status == "ROLLBACK_COMPLETE" || stack.status == "REVIEW_IN_PROGRESS"
    {
      // A stack whose creation failed (or was never executed) cannot be updated; it holds nothing.
      try await cfn.deleteStack(env.stackName)
      _ = try await env.wait(.stackSettled(env.stackName, deleting: true, timeout: env.timeout)) {
        try await cfn.stackIfExists(env.stackName)
      }
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
    do {
      try confirm("apply these \(changeSet.changes.count) changes to stack \(env.stackName)?")
    } catch {
      try? await cfn.deleteChangeSet(stack: env.stackName, name: name)
      if existing == nil { try? await cfn.deleteStack(env.stackName) }
      throw error
    }
    let started = try await cfn.describeStackEvents(env.stackName).map(\.id)
    try await cfn.executeChangeSet(stack: env.stackName, name: name)
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
