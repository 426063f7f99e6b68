@_spi(RootmailHost) import RootmailKit

/// The `reset-link` receiver: awscdk-rootmail's behaviour. The link of a trusted
/// password-reset mail (`ResetLinkRule`: SES authenticated it as AWS's, and the link is https
/// on an AWS sign-in host) goes into the SSM parameter `/rootmail/pw_reset_link/<alias>`,
/// Advanced tier, expiring 10 minutes later; SecureString unless `reset_link_parameter_type =
/// "String"`. Other mail is skipped; a spoofed reset mail is skipped with the reason and stores
/// nothing. The link appears in no outcome, log line or error.
struct ResetLinkReceiver: MailReceiver {
  static let declaration = ReceiverDeclaration(
    name: "reset-link",
    summary: "store the link of a trusted AWS password-reset mail in SSM /rootmail/pw_reset_link/<alias> for 10 minutes",
    make: { _, context in
      ResetLinkReceiver(
        parameterType: context.config.string(.resetLinkParameterType) ?? "SecureString",
        trustedDomains: context.config.list(.trustedMailDomains))
    })

  /// How long AWS's reset links are good for, and so the parameter.
  static let lifetime = 600

  let parameterType: String
  let trustedDomains: [String]
  /// The current time in seconds since 1970 (a test may fix it).
  var now: @Sendable () -> Int = { MailTime.now() }

  func receive(_ mail: ReceivedMail, context: ReceiverContext) async -> ReceiverOutcome {
    guard MailClass.classify(subject: mail.parsed.subject, filteredSubjects: []) == .passwordReset else {
      return .skipped("not a password-reset mail")
    }
    let link: String
    switch ResetLinkRule.evaluate(mail.parsed, trustedDomains: trustedDomains) {
    case .refused(let why): return .skipped("untrusted password-reset mail: \(TerminalSafe.quoted(why, limit: 300))")
    case .trusted(let trusted): link = trusted
    }
    // From here on, whatever prints a message passes it through the redactor.
    Redactor.shared.register(link)
    let recipient = mail.mapping?.accountEmail ?? mail.parsed.recipients.first ?? mail.entry.recipients.first ?? ""
    let name: String
    do {
      name = try ResetLinkParameter.name(forRecipient: recipient)
    } catch {
      return .failed("\(error)", retryable: false)
    }
    let put = SSM.ParameterPut(
      name: name, value: link, type: parameterType, tier: .advanced, overwrite: true,
      policies: SSM.expirationPolicy(at: now() + Self.lifetime))
    do {
      try await context.aws().ssm.putParameter(put)
    } catch {
      guard case .failed(let text, let retryable) = ReceiverOutcome.failure(error, doing: "SSM PutParameter \(name)") else {
        return .failed("SSM PutParameter \(name) failed", retryable: true)
      }
      return .failed(Redactor.shared.redactSecrets(text), retryable: retryable)
    }
    return .done("stored the reset link in \(name) (\(parameterType), expires in 10 minutes)")
  }
}
