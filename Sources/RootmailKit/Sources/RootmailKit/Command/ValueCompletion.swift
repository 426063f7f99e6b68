import Synchronization

/// Shell completion of values (mail ids, account names, addresses) through a command's own
/// listing, as swift-argument-parser's custom completions call it: at most
/// `maximumCandidates` candidates, and none at all when the listing takes longer than
/// `deadline` (a shell must never wait on a slow store).
public enum ValueCompletion {
  public static let maximumCandidates = 200
  public static let deadline: Duration = .milliseconds(100)

  /// The values `produce` lists that start with `prefix`, each once, at most
  /// `maximumCandidates`; empty when `produce` fails or outlasts `deadline`.
  public static func bounded(
    prefix: String, within deadline: Duration = deadline, _ produce: @Sendable @escaping () async throws -> [String]
  ) async -> [String] {
    let answer = FirstAnswer()
    return await withCheckedContinuation { continuation in
      answer.wait(continuation)
      // Neither task is awaited: whichever ends first answers, the other is left to the
      // process's end (a blocking store call cannot be cancelled).
      Task {
        let values = (try? await produce()) ?? []
        var seen = Set<String>()
        answer.give(Array(values.filter { $0.hasPrefix(prefix) && seen.insert($0).inserted }.prefix(maximumCandidates)))
      }
      Task {
        try? await Task.sleep(for: deadline)
        answer.give([])
      }
    }
  }

  /// A continuation resumed once, by whichever answer comes first.
  private final class FirstAnswer: Sendable {
    private let waiting = Mutex<CheckedContinuation<[String], Never>?>(nil)

    func wait(_ continuation: CheckedContinuation<[String], Never>) { waiting.withLock { $0 = continuation } }

    func give(_ values: [String]) {
      waiting.withLock { continuation in
        continuation?.resume(returning: values)
        continuation = nil
      }
    }
  }

  /// The command context completion closures list with: the configuration as a command run
  /// now would read it (environment and config file), no flags.
  public static func context() throws -> CommandContext {
    try CommandContext.make(global: GlobalOptions.parse([]), host: HostSession())
  }

  /// Full account names and addresses of the mapping store (for `--account`, `mappings get`).
  public static func accounts(prefix: String) async -> [String] {
    await bounded(prefix: prefix) {
      let records = try await context().openStore().list(MappingFilter())
      return records.map(\.fullAccountName).filter { !$0.isEmpty } + records.map(\.accountEmail)
    }
  }
}
