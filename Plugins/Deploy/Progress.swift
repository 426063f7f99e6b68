import RootmailKit
import Synchronization

/// One line on stderr per deploy step, saying what it did: `created`, `updated`, `deleted`,
/// `unchanged` or a plain note. Counts the changes, so a run can say it changed nothing.
final class Progress: Sendable {
  /// What a step did.
  enum Outcome: String, Sendable {
    case created, updated, deleted, unchanged, kept, waiting, missing, drifted, ok
  }

  private let changes = Mutex(0)
  let write: @Sendable (String) -> Void

  init(
    write: @escaping @Sendable (String) -> Void = {
      StandardStream.writeErr(TerminalSafe.escapedLines(Redactor.shared.redactSecrets($0)) + "\n")
    }
  ) {
    self.write = write
  }

  /// `  <outcome>  <what>: <detail>`.
  func step(_ outcome: Outcome, _ what: String, _ detail: String = "") {
    if [.created, .updated, .deleted].contains(outcome) { changes.withLock { $0 += 1 } }
    let label = outcome.rawValue.padding(9)
    write("  \(label) \(Validation.escaped(what))\(detail.isEmpty ? "" : ": " + Validation.escaped(detail))")
  }

  /// A line that is not a step's outcome (a heading, a stack event).
  func note(_ text: String) { write(Validation.escaped(text)) }

  /// How many steps changed something.
  var changeCount: Int { changes.withLock { $0 } }
}

extension String {
  /// The string padded with spaces to `width` characters.
  func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
