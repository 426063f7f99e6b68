@_spi(RootmailHost) import RootmailKit

/// `rootmail mail forward ID --to ADDR`: one cached mail sent on as the forward receiver would.
struct ForwardCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "forward",
    abstract: "Send one cached mail to an address, as the forward receiver would.",
    discussion: """
      For the case "send this one to the owner": the forward receiver (forward:ADDR) runs on the \
      mail once, outside the ledger, with the same header rewrite (From address_from, Reply-To \
      the original sender, X-Processed-By) and the same trust rule: a mail that claims an AWS \
      sender but fails DKIM/SPF/DMARC is not sent (address_admin gets the warning instead, exit \
      1), and other unauthenticated mail goes out with forward_untrusted_prefix before its \
      subject. Needs address_from and address_admin, as the forward receiver does.
      """)

  @OptionGroup var global: GlobalOptions

  @Argument(
    help: ArgumentHelp("The mail's id from mail list (a unique prefix will do).", valueName: "id"),
    completion: MailIDCompletion.kind)
  var id: String

  @Option(help: ArgumentHelp("Where to send it: a plain email address (local@domain).", valueName: "address"))
  var to: String

  func validate() throws {
    guard PlainAddress.isValid(to) else {
      throw ValidationError("--to \(TerminalSafe.quoted(to, limit: 100)): must be a plain email address (local@domain)")
    }
  }

  func run(in context: CommandContext) async throws {
    let cache = try await MailCache.open(context)
    let entry = try await cache.entry(id)
    let (raw, parsed, _) = try await cache.load(entry)
    let receiverContext = ReceiverContext(command: context)
    let spec = ReceiverSpec(name: "forward", argument: to)
    guard let forward = try ReceiverSetup.load([spec], context, receiverContext: receiverContext).first else {
      throw CLIError.configuration("the forward receiver is not installed (rootmail plugins list)")
    }
    let outcome = await forward.receiver.receive(
      ReceivedMail(entry: entry, raw: raw, parsed: parsed, mapping: nil), context: receiverContext)
    switch outcome {
    case .done(let what):
      context.note("mail forward: \(what)")
    case .skipped(let why):
      context.note("mail forward: \(why)")
      throw ExitCode(ExitStatus.failure.rawValue)
    case .failed(let why, _):
      throw CLIError("mail forward: \(why)")
    }
  }
}
