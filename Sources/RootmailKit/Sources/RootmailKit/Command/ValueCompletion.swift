import Synchronization

/// Shell completion of values (mail ids, account names, addresses) through a command's own
/// listing, as swift-argument-parser's custom completions call it: at most
/// `maximumCandidates` candidates, and none at all when the listing takes longer than
/// `deadline` (a shell must never wait on a slow store; `ROOTMAIL_COMPLETION_TIMEOUT` in
/// milliseconds changes it).
@_spi(RootmailHost) public enum ValueCompletion {
  public static let maximumCandidates = 200
  /// 100 ms, or `ROOTMAIL_COMPLETION_TIMEOUT` milliseconds (for a slow store, or a busy machine).
  public static var deadline: Duration {
    let configured = ProcessEnvironment.current()["ROOTMAIL_COMPLETION_TIMEOUT"].flatMap { Int($0) }
    return .milliseconds(max(1, min(configured ?? 100, 60_000)))
  }

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
        let offered = values.filter { value in
          value.hasPrefix(prefix) && isInert(value) && seen.insert(value).inserted
        }
        answer.give(Array(offered.prefix(maximumCandidates)))
      }
      Task {
        try? await Task.sleep(for: deadline)
        answer.give([])
      }
    }
  }

  /// Whether `value` may be offered to a shell: not empty, and only letters, digits (of any
  /// script, but no control or bidi character) and `@ . _ + - / ,`. A stored value may be a
  /// stranger's, and the shells do not take candidates as plain text: bash's `compgen -W`,
  /// which the generated script calls, expands each word (`$(…)`, `${…}`, backquotes,
  /// braces, `~`), zsh's `_describe` reads a `:` as the start of a description, and every
  /// shell reads one candidate a line. A value with anything else is still typed by hand; it
  /// is only not offered.
  public static func isInert(_ value: String) -> Bool {
    !value.isEmpty
      && value.unicodeScalars.allSatisfy { scalar in
        if scalar.isASCII {
          let c = UInt8(scalar.value)
          return (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || Self.inertPunctuation.contains(c)
        }
        let properties = scalar.properties
        return (properties.isAlphabetic || properties.numericType != nil) && !TerminalSafe.isUnsafe(scalar)
      }
  }

  /// The ASCII punctuation no shell acts on inside a word: `@ . _ + - / ,`.
  private static let inertPunctuation: Set<UInt8> = Set("@._+-/,".utf8)

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

  /// The completion of an account (`--account`, `mappings get`): `accounts(prefix:)`.
  public static let accountCompletion = CompletionKind.custom { _, _, prefix in await accounts(prefix: prefix) }

  /// Full account names and addresses of the mapping store (for `--account`, `mappings get`).
  public static func accounts(prefix: String) async -> [String] {
    await bounded(prefix: prefix) {
      let records = try await context().openStore().list(MappingFilter())
      return records.map(\.fullAccountName).filter { !$0.isEmpty } + records.map(\.accountEmail)
    }
  }

  /// Whether a `---completion` request is one swift-argument-parser would trap on (a negative
  /// or non-numeric index): such a request gets exit 64 instead of a crash.
  public static func malformedRequest(_ arguments: [String]) -> Bool {
    guard arguments.first == "---completion", let dashes = arguments.firstIndex(of: "--") else { return false }
    let info = Array(arguments[(dashes + 1)...])
    guard info.count >= 3, let argument = Int(info[1]), let cursor = Int(info[2]), argument >= 0, cursor >= 0 else {
      return true
    }
    if info[0].hasPrefix("positional@"), (Int(info[0].dropFirst("positional@".count)) ?? -1) < 0 { return true }
    let words = info.dropFirst(3)
    return argument > words.count || (argument < words.count && cursor > words[words.startIndex + argument].count)
  }
}
