import Synchronization

/// Sends swift-log output to stderr, one line an entry, with every secret redacted.
@_spi(RootmailHost) public enum LogSetup {
  private static let done = Mutex(false)

  /// Installs the handler once per process; later calls only change nothing.
  public static func bootstrap(level: Logger.Level) {
    let first = done.withLock { d -> Bool in
      defer { d = true }
      return !d
    }
    guard first else { return }
    LoggingSystem.bootstrap { label in
      var handler = RedactingStderrLogHandler(label: label)
      handler.logLevel = level
      return handler
    }
  }
}

/// A log handler that writes `level: message key=value` to stderr after redaction.
@_spi(RootmailHost) public struct RedactingStderrLogHandler: LogHandler {
  public var metadata: Logger.Metadata = [:]
  public var logLevel: Logger.Level = .warning
  public let label: String

  public init(label: String) { self.label = label }

  public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  public func log(event: LogEvent) {
    let merged = metadata.merging(event.metadata ?? [:]) { $1 }
    let meta =
      merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    let line = Redactor.shared.redact("\(event.level): \(event.message)\(meta)")
    StandardStream.writeErr(CommandContext.terminalSafe(line) + "\n")
  }
}
