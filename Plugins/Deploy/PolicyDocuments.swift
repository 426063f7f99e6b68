@_spi(RootmailHost) import RootmailKit

/// The policy documents deploy writes or prints: the bucket policy (in the template, and applied
/// directly where the stack did not make it) and the least-privilege IAM policies of
/// `deploy --policy`. Strings may hold `${AWS::AccountId}`, `${AWS::Region}` and
/// `${AWS::Partition}`; `wrap` turns each into a template substitution or a literal value.
enum PolicyDocuments {
  typealias Wrap = (String) -> JSONValue

  static func statement(
    _ sid: String, _ effect: String, principal: JSONValue? = nil, actions: [String], resources: [JSONValue],
    condition: JSONValue? = nil
  ) -> JSONValue {
    var s: [(String, JSONValue)] = [("Sid", .string(sid)), ("Effect", .string(effect))]
    if let principal { s.append(("Principal", principal)) }
    s.append(("Action", actions.count == 1 ? .string(actions[0]) : .array(actions.map { .string($0) })))
    s.append(("Resource", resources.count == 1 ? resources[0] : .array(resources)))
    if let condition { s.append(("Condition", condition)) }
    return .object(s)
  }

  static func document(_ statements: [JSONValue]) -> JSONValue {
    .object([("Version", .string("2012-10-17")), ("Statement", .array(statements))])
  }

  /// TLS only for everyone; SES may put objects under the prefix, for this account's rule only.
  static func bucketPolicy(bucket: String, prefix: String, sesRegion: String, wrap: Wrap) -> JSONValue {
    let arn = "arn:${AWS::Partition}:s3:::\(bucket)"
    return document([
      statement(
        "DenyInsecureTransport", "Deny", principal: .string("*"), actions: ["s3:*"], resources: [wrap(arn), wrap(arn + "/*")],
        condition: .object([("Bool", .object([("aws:SecureTransport", .string("false"))]))])),
      statement(
        "AllowSESPuts", "Allow", principal: .object([("Service", .string("ses.amazonaws.com"))]), actions: ["s3:PutObject"],
        resources: [wrap(arn + "/" + prefix + "*")],
        condition: .object([
          ("StringEquals", .object([("aws:SourceAccount", wrap("${AWS::AccountId}"))])),
          (
            "ArnLike",
            .object([
              (
                "aws:SourceArn",
                wrap(
                  "arn:${AWS::Partition}:ses:\(sesRegion):${AWS::AccountId}:receipt-rule-set/\(DeploySettings.ruleSetName):receipt-rule/\(DeploySettings.ruleName)"
                )
              )
            ])
          ),
        ])),
    ])
  }

  /// A `wrap` that fills in the account, region and partition.
  static func literal(account: String, region: String, partition: String = "aws") -> Wrap {
    { s in
      .string(
        s.replacing("${AWS::AccountId}", with: account).replacing("${AWS::Region}", with: region)
          .replacing("${AWS::Partition}", with: partition))
    }
  }
}
