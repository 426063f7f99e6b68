@_spi(RootmailHost) import RootmailKit

extension AWSWaiter where Output == AccountCreationStatus {
  /// Organizations to finish creating an account: `SUCCEEDED` or `FAILED` both end the wait
  /// (the caller records either in the mapping).
  public static func accountCreated(_ requestId: String, interval: Duration, timeout: Duration) -> AWSWaiter {
    AWSWaiter(
      "account creation \(requestId)", acceptors: [.output(.success) { $0.state != .inProgress }],
      minDelay: interval, maxDelay: interval * 6, timeout: timeout)
  }
}
