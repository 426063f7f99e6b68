@_spi(RootmailHost) import RootmailKit
import Synchronization

/// Log lines kept by `CapturingHandler`, as written (nothing redacted).
final class Captured: Sendable {
  let lines = Mutex<[String]>([])
}

/// A log handler that keeps every message at debug level and above in `captured`.
struct CapturingHandler: LogHandler {
  let captured: Captured
  var metadata: Logger.Metadata = [:]
  var logLevel: Logger.Level = .debug
  subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }
  func log(event: LogEvent) { captured.lines.withLock { $0.append("\(event.message)") } }
}
