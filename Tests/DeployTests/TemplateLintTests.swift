import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// `deploy --template` for every combination of the options that shape the template, in YAML
/// and JSON, without AWS: cfn-lint finds no error and checkov no failed check except those the
/// docs/deploy.md lists with the reason (`acceptedCheckovFailures`).
@Suite struct TemplateLintTests {
  /// checkov checks docs/deploy.md ("Checked templates and policies") accepts, with why.
  static let acceptedCheckovFailures: Set<String> = [
    "CKV_AWS_18",  // S3 access logging: it needs a second bucket; CloudTrail data events are the audit trail.
    "CKV_AWS_119",  // DynamoDB with a customer KMS key: only with --kms-key; AWS-owned key otherwise.
    "CKV_AWS_26",  // SNS topic encrypted: only with --kms-key; SES cannot publish under the AWS-managed key.
    "CKV_AWS_27",  // SQS with a KMS key: without --kms-key the queues use SQS-managed SSE (not seen by checkov).
  ]

  struct Combination: CustomStringConvertible, Sendable {
    var kms: String?
    var expiry: Int?
    var existingZone: Bool
    var dynamo: Bool
    var sesRegion: String?
    var queue = false
    var arguments: [String] {
      var a: [String] = queue ? ["--queue"] : []
      if let kms { a += ["--kms-key", kms] }
      if let expiry { a += ["--mail-expiry-days", String(expiry)] }
      if existingZone { a += ["--hosted-zone-id", "Z0123456789ABCDEFGHIJ"] }
      if let sesRegion { a += ["--ses-region", sesRegion] }
      return a
    }
    var description: String { arguments.joined(separator: " ") + (dynamo ? " (dynamodb)" : "") }
    var fileName: String {
      let parts = [
        kms == nil ? "sse" : kms!.hasPrefix("alias/") ? "kmsalias" : "kmsarn", expiry == nil ? "keep" : "expire",
        existingZone ? "zone" : "newzone", dynamo ? "dynamo" : "sqlite", sesRegion ?? "sameregion",
        queue ? "queue" : "poll",
      ]
      return parts.joined(separator: "-")
    }
  }

  static var combinations: [Combination] {
    var out: [Combination] = []
    for kms in [nil, "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "alias/rootmail"] {
      for expiry in [nil, 90] {
        for existingZone in [false, true] {
          for dynamo in [false, true] {
            for sesRegion in [nil, "eu-west-1"] {
              out.append(Combination(kms: kms, expiry: expiry, existingZone: existingZone, dynamo: dynamo, sesRegion: sesRegion))
              // deploy --queue: SES must receive in the stack's region.
              if sesRegion == nil {
                out.append(
                  Combination(kms: kms, expiry: expiry, existingZone: existingZone, dynamo: dynamo, sesRegion: nil, queue: true))
              }
            }
          }
        }
      }
    }
    return out
  }

  /// Writes every combination's template in both formats into one folder.
  func writeTemplates() throws -> (TemporaryFolder, Int) {
    let folder = try TemporaryFolder(prefix: "rootmail-templates")
    let cli = try RootmailCLI(extra: ["ROOTMAIL_DOMAIN": "example.com"])
    var count = 0
    for c in Self.combinations {
      for format in ["yaml", "json"] {
        let env = c.dynamo ? ["ROOTMAIL_STORE": "dynamodb:rootmail-mappings"] : [:]
        let result = try cli.run(["deploy", "--template", "--format", format] + c.arguments, extraEnvironment: env)
        #expect(result.status == 0, "\(c): \(result.stderr)")
        try folder.write("\(c.fileName).\(format)", result.stdout)
        count += 1
      }
    }
    return (folder, count)
  }

  @Test func everyCombinationPassesCfnLintAndCheckov() throws {
    let (folder, count) = try writeTemplates()
    #expect(count == Self.combinations.count * 2)
    let lint = try RootmailCLI.run(
      try LintTools.path("cfn-lint"),
      ["--format", "parseable", "--"]
        + (try FileManager.default.contentsOfDirectory(atPath: folder.path)).sorted().map { folder.path + "/" + $0 },
      timeout: 600)
    // cfn-lint: E… lines are errors; W/I lines (advice) are allowed.
    let errors = lint.stdout.split(separator: "\n").filter { $0.contains(":E") }
    #expect(errors.isEmpty, "\(errors.prefix(20).joined(separator: "\n"))")
    #expect(lint.status == 0 || errors.isEmpty && lint.status & 2 == 0, "cfn-lint exit \(lint.status): \(lint.stderr)")

    let checkov = try RootmailCLI.run(
      try LintTools.path("checkov"),
      ["-d", folder.path, "--framework", "cloudformation", "--output", "json", "--compact", "--quiet", "--skip-download"],
      environment: ProcessInfo.processInfo.environment.merging([
        "BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false",
      ]) { $1 },
      timeout: 900)
    let report = try JSONValue.parse(checkov.stdout)
    let reports = report.arrayValue ?? [report]
    var failed: [String: Set<String>] = [:]
    var passed = 0
    for r in reports {
      passed += r["summary"]?["passed"]?.intValue ?? 0
      for f in r["results"]?["failed_checks"]?.arrayValue ?? [] {
        let id = f["check_id"]?.stringValue ?? "?"
        failed[id, default: []].insert(f["file_path"]?.stringValue ?? "?")
      }
    }
    #expect(passed > 0, "checkov checked nothing: \(checkov.stderr.suffix(2000))")
    let unexpected = failed.filter { !Self.acceptedCheckovFailures.contains($0.key) }
    #expect(unexpected.isEmpty, "checkov failed: \(unexpected)")
    // CKV_AWS_119 fails only where no KMS key was given.
    for file in failed["CKV_AWS_119"] ?? [] { #expect(file.contains("sse-"), "\(file)") }
    // The topic and queues are unencrypted by a customer key only where none was given.
    for file in (failed["CKV_AWS_26"] ?? []).union(failed["CKV_AWS_27"] ?? []) {
      #expect(file.contains("sse-") && file.contains("-queue."), "\(file)")
    }
  }

  @Test func templateNeedsNoAWS() throws {
    // No credentials, no region, an endpoint nobody listens on: --template still prints.
    let cli = try RootmailCLI(extra: ["ROOTMAIL_DOMAIN": "example.com", "AWS_ENDPOINT_URL": "http://127.0.0.1:9"])
    let result = try cli.run(["deploy", "--template", "--format", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    let template = try JSONValue.parse(result.stdout)
    let resources = template["Resources"]?.objectValue?.map(\.0) ?? []
    #expect(resources == ["MailBucket", "MailBucketPolicy", "HostedZone", "MXRecord"])
    #expect(
      template["Resources"]?["MXRecord"]?["Properties"]?["ResourceRecords"]?.arrayValue?.first?["Fn::Sub"]?.stringValue
        == "10 inbound-smtp.${AWS::Region}.amazonaws.com")
  }

  @Test func badOptionsAreOneLineNamingTheField() throws {
    let cli = try RootmailCLI(extra: ["ROOTMAIL_DOMAIN": "example.com"])
    let cases: [([String], String)] = [
      (["--kms-key", "not-a-key"], "--kms-key"), (["--mail-expiry-days", "0"], "--mail-expiry-days"),
      (["--hosted-zone-id", "z-lower"], "--hosted-zone-id"), (["--domain", "bad_domain..com"], "--domain"),
      (["--ses-region", "mars"], "--ses-region"), (["--stack-name", "1stack"], "--stack-name"),
      (["--domain", "ex\u{1b}[31mample.com"], "--domain"),
    ]
    for (args, field) in cases {
      let result = try cli.run(["deploy", "--template"] + args)
      #expect(result.status == 65, "\(args): \(result.stderr)")
      #expect(result.stderr.contains("invalid \(field)") && result.stdout.isEmpty, "\(result.stderr)")
      #expect(!result.stderr.contains("\u{1b}"), "control characters never reach the terminal raw")
    }
    let noDomain = try RootmailCLI().run(["deploy", "--template"])
    #expect(noDomain.status == 78 && noDomain.stderr.contains("domain is not set"))
    let twoModes = try cli.run(["deploy", "--template", "--destroy"])
    #expect(twoModes.status == 64)
  }
}
