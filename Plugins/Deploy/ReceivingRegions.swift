@_spi(RootmailHost) import RootmailKit

/// Where SES receives mail. The list is what AWS documents; the list grows, so for a region not
/// on it SES itself is asked (a receipt-rule call answers "Unavailable Operation" where receiving
/// is not offered) before deploy refuses.
enum ReceivingRegions {
  static let known: [String] = [
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2",
    "ap-northeast-1", "ap-southeast-1", "ap-southeast-2",
  ]

  /// Returns normally when `region` receives mail; otherwise a configuration error (exit 78)
  /// listing the regions known to work. `probe` makes a read-only receipt-rule call there.
  static func check(_ region: String, probe: @Sendable () async throws -> Void) async throws -> String {
    if known.contains(region) { return "on the list of receiving regions" }
    do {
      try await probe()
      return "not on rootmail's list, but SES answers receipt-rule calls there"
    } catch let error as AWSError where isUnavailable(error) {
      throw CLIError.configuration(
        "SES does not receive mail in \(region) (\(error.code))",
        hint: "receive in one of \(known.joined(separator: ", ")) with --ses-region; the rest of the stack may stay in \(region)")
    }
  }

  /// SES's answer where receiving is not offered.
  static func isUnavailable(_ error: AWSError) -> Bool {
    error.code == "UnavailableOperation" || error.code == "InvalidAction"
      || error.message.lowercased().contains("unavailable operation")
  }
}
