@_spi(RootmailHost) import RootmailKit

/// The Organizations calls only the accounts plugin makes: the organization itself (feature set,
/// management account) and which services have trusted access.
extension Organizations {
  /// What `DescribeOrganization` says that matters here.
  struct Details: Sendable, Equatable {
    var id: String
    var managementAccountID: String
    /// `ALL` or `CONSOLIDATED_BILLING`.
    var featureSet: String
  }

  func describeOrganization() async throws -> Details {
    let out = try await rpc.call("DescribeOrganization", .object([]))
    let org = out["Organization"]
    return Details(
      id: org?["Id"]?.stringValue ?? "", managementAccountID: org?["MasterAccountId"]?.stringValue ?? "",
      featureSet: org?["FeatureSet"]?.stringValue ?? "")
  }

  /// The service principals with trusted access (`account.amazonaws.com`, `iam.amazonaws.com`, …).
  func servicesWithTrustedAccess() async throws -> [String] {
    try await Paginator.all(
      fetch: { token in
        var input: [(String, JSONValue)] = []
        if let token { input.append(("NextToken", .string(token))) }
        let out = try await rpc.call("ListAWSServiceAccessForOrganization", .object(input))
        return (
          (out["EnabledServicePrincipals"]?.arrayValue ?? []).compactMap { $0["ServicePrincipal"]?.stringValue },
          out["NextToken"]?.stringValue
        )
      }, items: { $0.0 }, next: { $0.1 })
  }
}
