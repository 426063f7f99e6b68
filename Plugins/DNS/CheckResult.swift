@_spi(RootmailHost) import RootmailKit

/// The groups of `dns check`, in the order they are reported.
public enum CheckGroup: String, Sendable, CaseIterable {
  case delegation, child, mail, ses, receiving, timing

  public var title: String {
    switch self {
    case .delegation: "Delegation (asked of the parent zone's servers, no recursion)"
    case .child: "Child zone (asked of each delegated server)"
    case .mail: "Mail exchanger"
    case .ses: "SES identity"
    case .receiving: "SES receiving"
    case .timing: "Timing"
    }
  }
}

/// One line of the checklist: what was checked, what was expected and found, and how to fix it.
public struct CheckResult: Sendable, Equatable {
  public enum Status: String, Sendable {
    /// Proven right.
    case pass
    /// Wrong, or could not be proven: `dns check` exits 1.
    case fail
    /// Worth knowing, not failing (how long a fix may take to be seen).
    case warn

    public var symbol: String {
      switch self {
      case .pass: "✓"
      case .fail: "✗"
      case .warn: "!"
      }
    }
  }

  /// Stable id (`delegation.referral.ns1.example.com`, `mail.mx`), for scripts and `--wait`.
  public var id: String
  public var group: CheckGroup
  public var status: Status
  /// What was checked, in words.
  public var check: String
  public var expected: String
  public var found: String
  /// What to do (empty when it passed).
  public var fix: String

  public init(
    _ id: String, _ group: CheckGroup, _ status: Status, check: String, expected: String, found: String, fix: String = ""
  ) {
    self.id = id
    self.group = group
    self.status = status
    self.check = TerminalSafe.escaped(check)
    self.expected = TerminalSafe.escaped(expected)
    self.found = TerminalSafe.escaped(found)
    self.fix = status == .pass ? "" : TerminalSafe.escaped(fix)
  }

  /// `✗ MX of aws.example.com: expected …; found …; fix: …`.
  public var line: String { line(color: false) }

  /// The line with its symbol coloured (✓ green, ✗ red, ! yellow) when `color`.
  public func line(color: Bool) -> String {
    let style: TextStyle = status == .pass ? .good : status == .fail ? .bad : .warning
    var text = "\(style.apply(status.symbol, enabled: color)) \(check): "
    if status == .pass {
      text += found
    } else {
      text += "expected \(expected); found \(found)"
      if !fix.isEmpty { text += "; fix: \(fix)" }
    }
    return text
  }

  public var json: JSONValue {
    .object([
      ("id", .string(id)), ("group", .string(group.rawValue)), ("status", .string(status.rawValue)),
      ("check", .string(check)), ("expected", .string(expected)), ("found", .string(found)), ("fix", .string(fix)),
    ])
  }
}

/// Every result of one run of the checks.
public struct CheckReport: Sendable {
  public var results: [CheckResult]
  public var elapsed: Duration

  public init(results: [CheckResult], elapsed: Duration) {
    self.results = results
    self.elapsed = elapsed
  }

  public var failures: [CheckResult] { results.filter { $0.status == .fail } }
  public var passed: Bool { failures.isEmpty }

  /// Grouped lines under each group's title, and a summary line.
  public func text(headings: Bool = true, color: Bool = false) -> String {
    var out = ""
    for group in CheckGroup.allCases {
      let lines = results.filter { $0.group == group }
      guard !lines.isEmpty else { continue }
      if headings { out += group.title + "\n" }
      for r in lines { out += (headings ? "  " : "") + r.line(color: color) + "\n" }
    }
    let failed = failures.count
    out +=
      failed == 0
      ? "all \(results.count) checks passed\n" : "\(failed) of \(results.count) checks failed\n"
    return out
  }

  public var json: JSONValue { .array(results.map(\.json)) }
}
