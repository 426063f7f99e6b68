@_spi(RootmailHost) import RootmailKit

/// A one-line progress display on stderr, redrawn in place; silent unless stderr is a terminal.
struct ProgressLine: Sendable {
  let enabled: Bool

  func show(_ text: String) {
    guard enabled else { return }
    StandardStream.writeErr("\r\u{1B}[K" + text)
  }

  func clear() {
    guard enabled else { return }
    StandardStream.writeErr("\r\u{1B}[K")
  }

  /// A duration as seconds with one decimal (`2.4`).
  static func seconds(_ d: Duration) -> String {
    let tenths = Int(d.components.seconds) * 10 + Int(d.components.attoseconds / 100_000_000_000_000_000)
    return "\(tenths / 10).\(tenths % 10)"
  }
}
