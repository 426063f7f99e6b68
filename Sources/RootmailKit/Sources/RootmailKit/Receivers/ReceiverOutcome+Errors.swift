/// Turning what a receiver's work threw into an outcome, the same way for every receiver.
extension ReceiverOutcome {
  /// `.failed` for `error` while `doing` something (`SES SendRawEmail to owner@…`): retryable
  /// when a later try may help (throttling, a 5xx, no answer: exit status 69), not when it
  /// cannot (access denied, a validation error, a configuration error). The text is one line
  /// with control characters escaped.
  public static func failure(_ error: any Error, doing: String) -> ReceiverOutcome {
    let retryable = (error as? any RootmailError)?.exitStatus == .unavailable
    let text = TerminalSafe.quoted("\(doing): \(error)", limit: 400)
    return .failed(text, retryable: retryable)
  }
}
