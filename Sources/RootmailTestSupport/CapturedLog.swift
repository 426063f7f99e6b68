import RootmailKit
import Synchronization

/// Every line logged at debug level and above, as written (nothing redacted): for tests of what
/// must stay out of a log, or of what a log says happened.
public final class CapturedLog: Sendable {
  public let lines = Mutex<[String]>([])

  public init() {}

  /// The lines joined by line feeds.
  public var text: String { lines.withLock { $0 }.joined(separator: "\n") }

  /// A logger at debug level writing into this log.
  public func logger(label: String = "test") -> Logger {
    var logger = Logger(label: label) { _ in Handler(log: self) }
    logger.logLevel = .debug
    return logger
  }

  /// The log handler behind `logger`.
  public struct Handler: LogHandler {
    let log: CapturedLog
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .debug

    public init(log: CapturedLog) { self.log = log }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
      get { metadata[key] }
      set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) { log.lines.withLock { $0.append("\(event.message)") } }
  }
}
