@_spi(RootmailHost) import RootmailKit
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
  /// Whether the outcome labels are coloured (stderr a colour terminal).
  let color: Bool

  init(
    color: Bool = false,
    write: @escaping @Sendable (String) -> Void = {
      StandardStream.writeErr(TerminalSafe.escapedLines(Redactor.shared.redactSecrets($0)) + "\n")
    }
  ) {
    self.color = color
    self.write = write
  }

  /// `  <outcome>  <what>: <detail>`, the outcome coloured on a colour terminal: changes green,
  /// deletions yellow, drift and missing parts red, the rest dim.
  func step(_ outcome: Outcome, _ what: String, _ detail: String = "") {
    if [.created, .updated, .deleted].contains(outcome) { changes.withLock { $0 += 1 } }
    let style: TextStyle =
      switch outcome {
      case .created, .updated, .ok: .good
      case .deleted, .waiting: .warning
      case .missing, .drifted: .bad
      case .unchanged, .kept: .dim
      }
    let label = outcome.rawValue.padding(9)
    let rest = "\(Validation.escaped(what))\(detail.isEmpty ? "" : ": " + Validation.escaped(detail))"
    guard color else { return write("  \(label) \(rest)") }
    // The rest is escaped and redacted here, so that only the label's own SGR sequence reaches
    // the terminal unescaped (padded before it is coloured, so columns stay aligned).
    let safe = TerminalSafe.escapedLines(Redactor.shared.redactSecrets(rest))
    StandardStream.writeErr("  \(style.apply(label, enabled: true)) \(safe)\n")
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
