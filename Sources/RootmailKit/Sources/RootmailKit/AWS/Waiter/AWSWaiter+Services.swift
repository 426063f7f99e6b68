/// The waits rootmail makes, each one `AWSWaiter` with the acceptors the AWS SDKs use.
@_spi(RootmailHost) extension AWSWaiter where Output == CloudFormation.Stack? {
  /// A stack operation to finish: `*_COMPLETE` (or the stack gone, when deleting) is success;
  /// a rollback or `*_FAILED` is failure.
  public static func stackSettled(_ stack: String, deleting: Bool = false, timeout: Duration) -> AWSWaiter {
    AWSWaiter(
      "stack \(stack) to finish",
      acceptors: [
        .output(.success) { s in
          guard let s else { return deleting }
          if deleting { return s.status == "DELETE_COMPLETE" }
          return s.status == "CREATE_COMPLETE" || s.status == "UPDATE_COMPLETE" || s.status == "IMPORT_COMPLETE"
        },
        .output(.failure) { s in
          guard let s else { return !deleting }
          return s.status.hasSuffix("_FAILED") || s.status == "ROLLBACK_COMPLETE" || s.status == "UPDATE_ROLLBACK_COMPLETE"
        },
      ], minDelay: .seconds(1), maxDelay: .seconds(15), timeout: timeout)
  }
}

@_spi(RootmailHost) extension AWSWaiter where Output == CloudFormation.ChangeSet {
  /// A change set to be computed: `CREATE_COMPLETE` is success, `FAILED` failure (callers
  /// check the reason first: "didn't contain changes" is no failure).
  public static func changeSetReady(_ name: String, timeout: Duration) -> AWSWaiter {
    AWSWaiter(
      "change set \(name)",
      acceptors: [
        .output(.success) { $0.status == "CREATE_COMPLETE" || $0.status == "FAILED" }
      ], minDelay: .milliseconds(500), maxDelay: .seconds(10), timeout: timeout)
  }
}

@_spi(RootmailHost) extension AWSWaiter where Output == Route53.ChangeInfo {
  /// A Route53 change to reach every name server (`INSYNC`).
  public static func inSync(_ changeID: String, timeout: Duration) -> AWSWaiter {
    AWSWaiter(
      "Route53 change \(changeID) to be INSYNC", acceptors: [.output(.success) { $0.status == "INSYNC" }],
      minDelay: .seconds(1), maxDelay: .seconds(15), timeout: timeout)
  }
}

@_spi(RootmailHost) extension AWSWaiter where Output == SES.VerificationAttributes? {
  /// SES to verify an identity (`Success`); `Failed` is failure.
  public static func identityVerified(_ identity: String, timeout: Duration) -> AWSWaiter {
    AWSWaiter(
      "SES to verify \(identity)",
      acceptors: [.output(.success) { $0?.status == "Success" }, .output(.failure) { $0?.status == "Failed" }],
      minDelay: .seconds(5), maxDelay: .seconds(60), timeout: timeout)
  }
}
