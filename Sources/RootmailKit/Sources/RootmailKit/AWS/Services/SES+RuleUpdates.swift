/// SES receipt-rule operations `deploy` adds: a rule set that may not exist, every rule set's
/// name, and changing a rule in place.
extension SES {
  /// The rule set, or nil when there is none of that name.
  public func receiptRuleSetIfExists(_ name: String) async throws -> RuleSet? {
    do {
      return try await describeReceiptRuleSet(name)
    } catch let error as AWSError where error.code == "RuleSetDoesNotExist" {
      return nil
    }
  }

  /// The names of every receipt rule set in the region.
  public func listReceiptRuleSets() async throws -> [String] {
    try await Paginator.all(
      fetch: { token -> ([String], String?) in
        var p = QueryParameters()
        p.set("NextToken", token)
        let r = try await rpc.call("ListReceiptRuleSets", p)
        return (r.list("RuleSets").compactMap { $0["Name"] }, r["NextToken"])
      }, items: { $0.0 }, next: { $0.1 })
  }

  /// Replaces an existing rule's settings (the same fields `createReceiptRule` sets).
  public func updateReceiptRule(ruleSet: String, rule: ReceiptRule) async throws {
    var p = QueryParameters([("RuleSetName", ruleSet)])
    p.set("Rule.Name", rule.name)
    p.set("Rule.Enabled", rule.enabled)
    p.set("Rule.ScanEnabled", rule.scanEnabled)
    p.set("Rule.TlsPolicy", rule.tlsRequired ? "Require" : "Optional")
    p.list("Rule.Recipients", rule.recipients)
    if let bucket = rule.bucket {
      p.set("Rule.Actions.member.1.S3Action.BucketName", bucket)
      p.set("Rule.Actions.member.1.S3Action.ObjectKeyPrefix", rule.objectKeyPrefix)
      p.set("Rule.Actions.member.1.S3Action.TopicArn", rule.topicArn)
    }
    _ = try await rpc.call("UpdateReceiptRule", p)
  }
}
