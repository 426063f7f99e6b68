@_spi(RootmailHost) import RootmailKit

/// The `forward` receiver: aws-account-factory-email's forwarder. Each mail goes to the owner
/// of the account its recipient belongs to (the mapping store), through SES SendRawEmail, with
/// its header block rewritten by `ForwardMessage`. Mail to `address_from` itself, mail for an
/// unknown recipient (unless `catch_all = false`) and mail for an owner SES refuses as
/// unverified go to `address_admin`. Mail whose SES spam or virus verdict is FAIL is skipped
/// unless `forward_failed_verdicts = true`. The kit's `SenderTrust` decides the rest: a mail that
/// claims an AWS sender but fails the trust rule is never forwarded (the admin gets a warning
/// with it attached, `SpoofWarning`); other mail that fails authentication is forwarded with
/// `forward_untrusted_prefix` before its subject and an `X-Rootmail-Authentication` header.
struct ForwardReceiver: MailReceiver {
  static let declaration = ReceiverDeclaration(
    name: "forward",
    summary: "send each mail on to its account's owner with SES (address_from, address_admin, catch_all)",
    make: { spec, context in try ForwardReceiver(spec: spec, settings: try ForwardSettings(context.config)) })

  let settings: ForwardSettings
  /// `forward:<address>`: every mail goes to this address instead of its owner (what
  /// `mail forward ID --to ADDR` uses), with the same rewrite and trust rule.
  let fixedDestination: String?

  init(spec: ReceiverSpec = ReceiverSpec(name: "forward"), settings: ForwardSettings) throws {
    self.settings = settings
    if let argument = spec.argument?.trimmingSpaces(), !argument.isEmpty {
      guard PlainAddress.isValid(argument) else {
        throw CLIError.invalid(
          field: "forward address", value: TerminalSafe.quoted(argument, limit: 100),
          rule: "must be a plain email address (local@domain)")
      }
      fixedDestination = argument
    } else {
      fixedDestination = nil
    }
  }

  /// Where one mail goes, and why.
  enum Destination: Equatable {
    case owner(String, account: String)
    case admin(why: String)
    case skip(why: String)
  }

  func receive(_ mail: ReceivedMail, context: ReceiverContext) async -> ReceiverOutcome {
    if !settings.forwardFailedVerdicts, let failed = Self.failedVerdict(mail) {
      return .skipped("SES \(failed) verdict is FAIL (forward_failed_verdicts = false)")
    }
    let destination: Destination
    do {
      destination = try await self.destination(of: mail, context: context)
    } catch {
      return .failure(error, doing: "looking up the recipient in the mapping store")
    }
    let ses: SES
    do { ses = try context.aws().ses } catch { return .failure(error, doing: "SES") }
    let trust = SenderTrust.assess(mail.parsed, trustedDomains: settings.trustedDomains)
    if case .spoofedAWS(let why) = trust {
      // Never to an owner, whatever the destination: the admin gets a warning with the
      // original attached.
      let warning = SpoofWarning.message(
        original: mail, why: why, from: settings.from, to: settings.admin, processedBy: settings.headerValue)
      do {
        try await ses.sendRawEmail(warning, source: settings.from, destinations: [settings.admin])
      } catch {
        return .failure(error, doing: "SES SendRawEmail of the spoofing warning to \(settings.admin)")
      }
      return .skipped("not forwarded: claims an AWS sender but fails the trust rule (\(why)); admin warned")
    }
    let marking = Self.marking(trust, prefix: settings.untrustedPrefix)
    switch destination {
    case .skip(let why):
      return .skipped(why)
    case .admin(let why):
      return await send(
        mail, to: settings.admin, ses: ses, marking: marking, done: "forwarded to admin \(settings.admin): \(why)")
    case .owner(let owner, let account):
      do {
        try await ses.sendRawEmail(
          rewritten(mail, to: owner, marking: marking), source: settings.from, destinations: [owner])
        let whose = fixedDestination == nil ? ", owner of \(account)" : ""
        return .done("forwarded to \(owner)\(whose)\(marking == nil ? "" : " (marked unverified)")")
      } catch let error as AWSError where Self.isUnverified(error) && owner != settings.admin {
        return await send(
          mail, to: settings.admin, ses: ses, marking: marking,
          done: "forwarded to admin \(settings.admin): SES refused the owner \(owner) as not verified")
      } catch {
        return .failure(error, doing: "SES SendRawEmail to \(owner)")
      }
    }
  }

  func send(_ mail: ReceivedMail, to address: String, ses: SES, marking: Marking?, done: String) async
    -> ReceiverOutcome
  {
    do {
      try await ses.sendRawEmail(
        rewritten(mail, to: address, marking: marking), source: settings.from, destinations: [address])
      return .done(done)
    } catch {
      return .failure(error, doing: "SES SendRawEmail to \(address)")
    }
  }

  /// How an unverified mail is marked when forwarded: a subject prefix and a header naming
  /// SES's results.
  struct Marking: Equatable {
    var subjectPrefix: String
    var header: String
  }

  /// The marking for a mail of `trust`: nil for AWS's and verified mail.
  static func marking(_ trust: SenderTrust, prefix: String) -> Marking? {
    guard case .unverified(let results) = trust else { return nil }
    return Marking(subjectPrefix: prefix, header: "fail (\(results))")
  }

  func rewritten(_ mail: ReceivedMail, to address: String, marking: Marking?) -> [UInt8] {
    ForwardMessage.rewrite(
      mail.raw, from: settings.from, to: address, processedBy: settings.headerValue,
      fallbackSender: mail.parsed.fromAddress, subjectPrefix: marking?.subjectPrefix,
      extraFields: marking.map { [(name: "X-Rootmail-Authentication", value: $0.header)] } ?? [])
  }

  /// The recipient's owner, the admin or nothing (the mapping the fetch found, else the store);
  /// the fixed destination when there is one.
  func destination(of mail: ReceivedMail, context: ReceiverContext) async throws -> Destination {
    if let fixedDestination { return .owner(fixedDestination, account: "asked for") }
    var recipients = mail.entry.recipients.isEmpty ? mail.parsed.recipients : mail.entry.recipients
    recipients = recipients.map { $0.lowercased() }
    if recipients.contains(settings.from.lowercased()) {
      return .admin(why: "mail to address_from")
    }
    var mapping = mail.mapping
    if mapping == nil, !recipients.isEmpty {
      let store = try await context.store()
      for recipient in recipients {
        if let found = try await store.get(email: recipient) {
          mapping = found
          break
        }
      }
    }
    let shown = TerminalSafe.quoted(recipients.first ?? "", limit: 100)
    guard let mapping else {
      let why = recipients.isEmpty ? "the mail names no recipient" : "no mapping for \(shown)"
      return settings.catchAll ? .admin(why: why) : .skip(why: "\(why) (catch_all = false)")
    }
    let owner = mapping.ownerAddress.trimmingSpaces()
    let account = TerminalSafe.quoted(mapping.accountEmail, limit: 100)
    guard !owner.isEmpty else { return .admin(why: "the mapping of \(account) has no owner") }
    guard PlainAddress.isValid(owner) else {
      return .admin(why: "the owner \(TerminalSafe.quoted(owner)) of \(account) is not a plain email address")
    }
    return .owner(owner, account: account)
  }

  /// `spam` or `virus` when SES's verdict on it is FAIL.
  static func failedVerdict(_ mail: ReceivedMail) -> String? {
    let verdicts =
      mail.entry.verdicts.spam.isEmpty && mail.entry.verdicts.virus.isEmpty ? mail.parsed.verdicts : mail.entry.verdicts
    if verdicts.spam == "FAIL" { return "spam" }
    if verdicts.virus == "FAIL" { return "virus" }
    return nil
  }

  /// SES's refusal of an unverified identity (in the sandbox, a destination as well as the
  /// source): `MessageRejected: Email address is not verified. The following identities failed
  /// the check in region …`.
  static func isUnverified(_ error: AWSError) -> Bool {
    error.code == "MessageRejected" && error.message.lowercased().contains("not verified")
  }
}

/// The forward receiver's configuration, checked once before any mail.
struct ForwardSettings: Sendable, Equatable {
  var from: String
  var admin: String
  var headerValue: String
  var catchAll: Bool
  var forwardFailedVerdicts: Bool
  /// `trusted_mail_domains`: a sender claiming one of these must pass the trust rule.
  var trustedDomains: [String]
  /// `forward_untrusted_prefix`: the subject prefix of unverified mail.
  var untrustedPrefix: String

  init(
    from: String, admin: String, headerValue: String = "rootmail", catchAll: Bool = true,
    forwardFailedVerdicts: Bool = false, trustedDomains: [String] = ["amazon.com", "amazonaws.com", "aws"],
    untrustedPrefix: String = "[unverified sender]"
  ) {
    self.from = from
    self.admin = admin
    self.headerValue = headerValue
    self.catchAll = catchAll
    self.forwardFailedVerdicts = forwardFailedVerdicts
    self.trustedDomains = trustedDomains
    self.untrustedPrefix = untrustedPrefix
  }

  /// From the configuration: a configuration error (exit 78) naming the key when
  /// `address_from` or `address_admin` is missing or not a plain address, or `header_value`
  /// holds anything but printable ASCII.
  init(_ config: Config) throws {
    // Both missing are named at once, not one a run (a new user's trial set one, ran, set the
    // other).
    let missing = [ConfigKey.addressFrom, .addressAdmin].filter { (config.string($0) ?? "").isEmpty }
    if missing.count == 2 {
      throw CLIError.configuration(
        "address_from and address_admin are not set",
        hint: "rootmail config set address_from <address>; rootmail config set address_admin <address>"
          + " (forward sends from the first, and mail for unknown owners to the second)")
    }
    func address(_ key: ConfigKey) throws -> String {
      let value = try config.require(key).trimmingSpaces()
      guard PlainAddress.isValid(value) else {
        throw CLIError.configuration(
          "\(key.name) \"\(TerminalSafe.quoted(value))\" is not a plain email address (local@domain)",
          hint: "the forward receiver sends from address_from and to address_admin")
      }
      return value
    }
    let header = (config.string(.headerValue) ?? "rootmail").trimmingSpaces()
    guard (1...200).contains(header.utf8.count), header.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
      throw CLIError.configuration(
        "header_value \"\(TerminalSafe.quoted(header))\" must be 1 to 200 printable ASCII characters",
        hint: "it becomes the X-Processed-By header of forwarded mail")
    }
    let prefix = (config.string(.forwardUntrustedPrefix) ?? "[unverified sender]").trimmingSpaces()
    guard (1...100).contains(prefix.utf8.count), prefix.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
      throw CLIError.configuration(
        "forward_untrusted_prefix \"\(TerminalSafe.quoted(prefix))\" must be 1 to 100 printable ASCII characters",
        hint: "it goes before the subject of forwarded mail that fails authentication")
    }
    self.init(
      from: try address(.addressFrom), admin: try address(.addressAdmin), headerValue: header,
      catchAll: config.boolean(.catchAll) ?? true, forwardFailedVerdicts: config.boolean(.forwardFailedVerdicts) ?? false,
      trustedDomains: config.list(.trustedMailDomains), untrustedPrefix: prefix)
  }
}
