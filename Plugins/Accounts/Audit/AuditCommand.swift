@_spi(RootmailHost) import RootmailKit

/// `rootmail accounts audit`: which member accounts' root users still have a password, MFA,
/// access keys or signing certificates, read in a short `AssumeRoot` session per account.
struct AuditCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit",
    abstract: "Audit every member account's root credentials (password, MFA, access keys, certificates).",
    discussion: """
      Needs centralized root access (IAM ListOrganizationsFeatures: RootCredentialsManagement); \
      when it is off, says so and prints the one command that enables it. For each active member \
      account: sts:AssumeRoot on the regional STS endpoint with the task policy \
      IAMAuditRootUserCredentials for 60 seconds, then, with that session, GetLoginProfile, \
      ListAccessKeys, ListMFADevices and ListSigningCertificates for the root user. The \
      session's credentials serve that account's calls only and are never printed or logged.

      Findings: root access keys (critical), a password without MFA (high), a password at all \
      (info: the organization manages root centrally). --fail-on high|critical exits 1 when a \
      finding is at least that severe (for CI); an account that could not be audited exits 1 too.
      """)

  static var pagesOutput: Bool { true }

  @OptionGroup var global: GlobalOptions

  @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding is at least this severe: info, high or critical.")
  var failOn: RootAudit.Severity?

  @Option(help: ArgumentHelp("Accounts audited at once (1–16).", valueName: "n"))
  var concurrency = 4

  static let enableCommand = "aws iam enable-organizations-root-credentials-management"

  func run(in context: CommandContext) async throws {
    guard (1...16).contains(concurrency) else {
      throw CLIError.invalid(field: "--concurrency", value: String(concurrency), rule: "must be from 1 to 16")
    }
    let aws = try await context.aws()
    let features: [String]
    do {
      features = try await IAM(client: aws).organizationsFeatures()
    } catch let error as AWSError where error.code == "ServiceAccessNotEnabledException" {
      throw CLIError.configuration(
        "trusted access for IAM is not enabled in the organization, so root credentials are not managed centrally",
        hint: "enable it: aws organizations enable-aws-service-access --service-principal iam.amazonaws.com")
    } catch let error as AWSError where error.code == "OrganizationNotInAllFeaturesModeException" {
      throw CLIError.configuration(
        "the organization has only consolidated billing; centralized root access needs all features",
        hint: "enable them: \(AdoptError.enableAllFeatures)")
    }
    guard features.contains("RootCredentialsManagement") else {
      throw CLIError.configuration(
        "centralized root credentials management is off in this organization; audit needs it (sts:AssumeRoot)",
        hint: "enable it: \(Self.enableCommand)")
    }
    let reader = try await OrganizationReader(context: context)
    let management = try await aws.organizations.describeOrganization().managementAccountID
    let members = try await reader.accounts().filter { $0.status == "ACTIVE" && $0.id != management }
    context.note("auditing \(members.count) member account(s); the management account is not audited with AssumeRoot")
    let audits = await Bounded.map(members, limit: concurrency) { account in
      await Self.audit(account, aws: aws)
    }
    if context.outputFormat == .json {
      context.emit(.array(audits.map(\.json)))
    } else {
      var table = Table(columns: RootAudit.columns, rows: audits.map(\.row))
      table.fits = [.fixed, .cutEnd, .fixed, .fixed, .fixed, .fixed, .cutEnd]
      table.styles = audits.map { a in
        let worst = a.findings.map(\.severity).max()
        let style: TextStyle = a.error != nil || worst == .critical ? .bad : worst == .high ? .warning : .good
        return [.plain, .plain, .plain, .plain, .plain, .plain, style]
      }
      context.emit(table)
    }
    let unaudited = audits.filter { $0.error != nil }
    for a in unaudited { context.warn("\(a.accountID): not audited: \(a.error ?? "")") }
    if let failOn {
      let failing = audits.filter { $0.fails(at: failOn) }
      if !failing.isEmpty || !unaudited.isEmpty {
        throw CLIError(
          "\(failing.count) account(s) with findings at \(failOn.rawValue) or above"
            + (unaudited.isEmpty ? "" : ", \(unaudited.count) not audited")
            + ": \((failing + unaudited).map(\.accountID).joined(separator: ", "))")
      }
    }
  }

  /// One account's audit in a root session of its own: the session's client is made here and
  /// dropped when this returns, so its credentials serve this account's calls only.
  static func audit(_ account: Organizations.Account, aws: AWSClient) async -> RootAudit {
    var audit = RootAudit(accountID: account.id, name: account.name)
    do {
      let session = try await aws.sts.assumeRoot(
        accountID: account.id, taskPolicyARN: STS.auditRootTaskPolicy, durationSeconds: 60)
      let iam = IAM(client: aws.signing(with: session))
      async let password = iam.hasLoginProfile()
      async let keys = iam.accessKeys()
      async let mfa = iam.mfaDevices()
      async let certificates = iam.signingCertificates()
      audit.credentials = RootAudit.Credentials(
        password: try await password, mfaDevices: try await mfa.count,
        accessKeys: try await keys.map(\.id), signingCertificates: try await certificates.count)
    } catch {
      audit.error = "\(error)"
    }
    return audit
  }
}
