@_spi(RootmailHost) import RootmailKit

/// The deploy plugin's `rootmail doctor` check: the stack `rootmail` is in a settled state and
/// its state record (`/rootmail/deploy/<stack>/state`) has no change begun and not finished.
enum DeployDoctor {
  static let stackName = DeployOptions.defaultStackName

  static let checks: [DoctorCheck] = [DoctorCheck("deploy") { run in try await state(run.context) }]

  static func state(_ context: CommandContext) async throws -> DoctorResult {
    let aws = try context.aws()
    guard let stack = try await aws.cloudFormation.stackIfExists(stackName) else {
      return .warning(
        "no stack \(stackName) in \(aws.region): nothing deployed here",
        fix: "rootmail deploy makes it (deploy --status shows what exists)")
    }
    guard stack.status.hasSuffix("_COMPLETE"), !stack.status.contains("ROLLBACK") else {
      return .failed(
        "stack \(stackName) is \(stack.status)",
        fix: "rootmail deploy --status explains it; run rootmail deploy again when it settles")
    }
    let name = DeployState.parameterName(stack: stackName)
    guard let parameter = try await aws.ssm.getParameter(name) else {
      return .ok("stack \(stackName) \(stack.status); no state record (nothing changed outside the stack)")
    }
    guard let list = (try? JSONValue.parse(parameter.value))?["entries"]?.arrayValue else {
      return .failed("SSM \(name) is not deploy's state record", fix: "look at it with aws ssm get-parameter")
    }
    let unfinished = list.compactMap(DeployState.Entry.init).filter { !$0.done }.map(\.key)
    guard unfinished.isEmpty else {
      return .failed(
        "stack \(stackName) \(stack.status); \(name): begun, not finished: \(unfinished.joined(separator: ", "))",
        fix: "run rootmail deploy to finish them")
    }
    return .ok("stack \(stackName) \(stack.status); \(name): \(list.count) entries, all done")
  }
}
