@_spi(RootmailHost) import RootmailKit

/// Groups 5 and 6: SES receiving (region, active rule set, rule and its S3 action) and timing.
extension DNSChecklist {
  /// Regions with an SES email receiving endpoint (`inbound-smtp.<region>.amazonaws.com`), as
  /// AWS's endpoint table lists them. A region missing here is a warning, not a failure: the
  /// list can grow after this release.
  public static let receivingRegions: Set<String> = [
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2",
    "eu-west-3", "eu-north-1", "eu-south-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
    "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "sa-east-1", "il-central-1",
  ]

  func receiving() -> [CheckResult] {
    var results: [CheckResult] = []
    let region = settings.region
    results.append(
      Self.receivingRegions.contains(region)
        ? CheckResult(
          "receiving.region", .receiving, .pass, check: "SES receives mail in \(region)",
          expected: "a region with an inbound-smtp endpoint", found: settings.inboundHost)
        : CheckResult(
          "receiving.region", .receiving, .warn, check: "SES receives mail in \(region)",
          expected: "a region with an inbound-smtp endpoint", found: "\(region) is not in rootmail's list of receiving regions",
          fix: "check https://docs.aws.amazon.com/general/latest/gr/ses.html; receive in a listed region (--region)"))
    let ruleSet: SES.RuleSet
    switch aws.activeRuleSet {
    case .failure(let f):
      results.append(
        CheckResult(
          "receiving.rule-set", .receiving, .fail, check: "an active receipt rule set in \(region)",
          expected: "one active rule set",
          found: "SES could not be asked: \(f.reason)", fix: "allow ses:DescribeActiveReceiptRuleSet"))
      return results
    case .success(nil):
      results.append(
        CheckResult(
          "receiving.rule-set", .receiving, .fail, check: "an active receipt rule set in \(region)",
          expected: "one active rule set",
          found: "no rule set is active",
          fix: "activate the rule set with the rootmail rule (SetActiveReceiptRuleSet; rootmail deploy does)"))
      return results
    case .success(let set?):
      ruleSet = set
      results.append(
        CheckResult(
          "receiving.rule-set", .receiving, .pass, check: "an active receipt rule set in \(region)",
          expected: "one active rule set",
          found: ruleSet.name))
    }
    results.append(rule(in: ruleSet))
    return results
  }

  /// Whether a rule's recipients cover every address of the mail domain (SES: no recipients
  /// means all; `example.com` covers that domain; `.example.com` covers its subdomains).
  static func covers(_ recipients: [String], _ mail: String) -> Bool {
    recipients.isEmpty
      || recipients.contains { r in
        let r = r.lowercased()
        return r == mail || (r.hasPrefix(".") && mail.hasSuffix(r))
      }
  }

  func rule(in ruleSet: SES.RuleSet) -> CheckResult {
    let bucket = settings.bucket
    let prefix = settings.bucketPrefix ?? ""
    let target = bucket.map { "s3://\($0)/\(prefix)" } ?? "an S3 bucket"
    let check = "a rule of \(ruleSet.name) stores mail for \(mail) in S3"
    let expected = "an enabled rule for \(mail) with an S3 action into \(target)"
    let covering = ruleSet.rules.filter { Self.covers($0.recipients, mail) }
    let enabled = covering.filter(\.enabled)
    let storing = enabled.filter { $0.bucket != nil }
    if let good = storing.first(where: { r in bucket.map { r.bucket == $0 && (r.objectKeyPrefix ?? "") == prefix } ?? true }) {
      return CheckResult(
        "receiving.rule", .receiving, .pass, check: check, expected: expected,
        found: "rule \(good.name) → s3://\(good.bucket ?? "")/\(good.objectKeyPrefix ?? "")")
    }
    let fixTarget = "an S3 action into \(target)"
    if let wrong = storing.first {
      return CheckResult(
        "receiving.rule", .receiving, .fail, check: check, expected: expected,
        found: "rule \(wrong.name) → s3://\(wrong.bucket ?? "")/\(wrong.objectKeyPrefix ?? "")",
        fix:
          "change rule \(wrong.name)'s S3 action to \(target), or set bucket/bucket_prefix in the config if that bucket is the right one"
      )
    }
    let found: String
    if let disabled = covering.first(where: { !$0.enabled }) {
      found = "rule \(disabled.name) covers \(mail) but is disabled"
    } else if !enabled.isEmpty {
      found = "rule \(enabled[0].name) covers \(mail) but has no S3 action"
    } else {
      found =
        ruleSet.rules.isEmpty
        ? "the rule set has no rules"
        : "no rule covers \(mail) ("
          + ruleSet.rules.map { "\($0.name): \($0.recipients.joined(separator: " "))" }
          .joined(separator: "; ") + ")"
    }
    return CheckResult(
      "receiving.rule", .receiving, .fail, check: check, expected: expected, found: found,
      fix: "add an enabled rule with recipient \(mail) and \(fixTarget) to \(ruleSet.name) (rootmail deploy does)")
  }

  /// How long resolvers may keep what they saw before a fix: the parent's NS TTL and the
  /// zone's negative-caching TTL. Warnings when something above failed.
  func timing(after results: [CheckResult]) -> [CheckResult] {
    var out: [CheckResult] = []
    let zoneFailed = results.contains { $0.status == .fail && ($0.group == .delegation || $0.group == .child) }
    let recordsFailed = results.contains { $0.status == .fail && ($0.group == .mail || $0.group == .ses) }
    if let ttl = referralSets.map(\.ttl).max() {
      let time = DurationText.describe(seconds: ttl)
      out.append(
        CheckResult(
          "timing.delegation-ttl", .timing, zoneFailed ? .warn : .pass, check: "TTL of the delegation in \(parent)",
          expected: "a fix seen by every resolver", found: "NS TTL \(time)",
          fix: "resolvers may cache the old delegation for up to \(time) after it is fixed"))
    }
    let soas = dns.children.compactMap { c -> DNSRecord? in
      guard case .success(let r) = c.soaUDP, r.authoritative else { return nil }
      return r.answers(.soa, for: mail).first
    }
    if let soa = soas.first, let minimum = soa.soaMinimum {
      let time = DurationText.describe(seconds: min(minimum, soa.ttl))
      out.append(
        CheckResult(
          "timing.negative-ttl", .timing, recordsFailed ? .warn : .pass, check: "negative-caching TTL of \(mail)",
          expected: "a missing record, once added, seen soon", found: "SOA minimum \(time)",
          fix: "resolvers that asked before a record existed may cache its absence for up to \(time)"))
    }
    return out
  }
}
