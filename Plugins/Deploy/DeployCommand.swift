@_spi(RootmailHost) import RootmailKit

/// `rootmail deploy`: sets up receiving (stack, SES identity and DKIM, records, rule set,
/// delegation), prints the template or IAM policies, shows the status, or undoes it all.
struct DeployCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "deploy",
    abstract: "Set up the AWS side of receiving root mail; re-running changes nothing.",
    discussion: """
      Makes a CloudFormation stack (mail bucket and its policy, hosted zone, MX record, and the mapping \
      table when the store is DynamoDB) through a change set, then the steps the seeds ran as custom \
      resources: SES domain identity and DKIM with their records, the receipt rule set RootMail with \
      its rule Receive and its activation, the NS delegation in --parent-zone-id (or a block to paste \
      at your DNS provider), and the name servers in SSM /rootmail/domain_name_servers. It ends with \
      the report of `rootmail dns check`. Changes are listed and made after a prompt, or with --yes.

      --template prints the template without calling AWS; --policy prints an IAM policy; --status \
      shows what exists and what drifted, in any state of the stack; --destroy undoes deploy.

      Deploy owns only what it made. What exists is used, not made again: a bucket of this account \
      named by `bucket` is adopted (the stack does not declare it; deploy adds its one statement, \
      Sid AllowSESPuts, to the bucket policy and reports the other settings, changing them only \
      with --manage-bucket); the one public hosted zone of <subdomain>.<domain> is used (several: \
      deploy stops and asks for --hosted-zone-id); an SES identity or rule set that existed is kept. \
      Every change outside the stack is written, with what was there before, to the SSM parameter \
      /rootmail/deploy/<stack>/state, before it is made and after. --destroy prints its plan \
      (remove, restore, keep, and why), asks, removes only what deploy made, puts back what it \
      replaced (the rule set that was active is active again; an overwritten record or parameter \
      gets its old value) and deletes the stack; the bucket and its mail stay unless --delete-mail, \
      and an adopted bucket is never removed.
      """)

  @OptionGroup var global: GlobalOptions
  @OptionGroup var options: DeployOptions

  @Flag(help: "Print the CloudFormation template and stop (no AWS call).")
  var template = false

  @Option(help: ArgumentHelp("Template format for --template: yaml or json.", valueName: "format"))
  var format: TemplateFormat?

  @Option(
    help: ArgumentHelp(
      "Print the least-privilege IAM policy for: watch (mail watch), vend, admin (deploy), accounts (all three below), accounts-list (list, sync), accounts-adopt, accounts-audit.",
      valueName: "use"))
  var policy: PolicyUse?

  @Flag(help: "Show what exists, what differs from what deploy makes, and the DNS check.")
  var status = false

  @Flag(help: "Undo deploy: remove what it made, put back what it replaced, keep the rest (prints the plan, asks).")
  var destroy = false

  @Flag(
    name: .customLong("delete-mail"),
    help: "With --destroy: also empty the bucket deploy's stack made (every version) and delete it.")
  var deleteMail = false

  @Flag(help: "Make another rule set's place as the active one RootMail's (otherwise deploy stops).")
  var activate = false

  @Flag(help: "Make the changes without asking (needed without a terminal).")
  var yes = false

  @Flag(
    help:
      "Print what deploy (or deploy --destroy) would change and stop: read-only, exit 0, as terraform plan or kubectl diff.")
  var dryRun = false

  @Flag(help: "Wait until SES has verified the domain and the DNS check passes.")
  var wait = false

  @Flag(name: .customLong("no-dns-check"), help: "Do not end with the report of rootmail dns check.")
  var noDNSCheck = false

  @Option(help: ArgumentHelp("Longest wait for the stack, Route53 and SES, in seconds.", valueName: "seconds"))
  var timeout = 1800

  @Option(help: ArgumentHelp("For the DNS check deploy ends with: the resolver to ask.", valueName: "host[:port]"))
  var resolver: String?

  @Option(
    name: .customLong("parent-server"),
    help: ArgumentHelp(
      "For the DNS check deploy ends with: a server of the parent zone to ask (repeatable).", valueName: "host[:port]"))
  var parentServers: [String] = []

  func validate() throws {
    let modes = [template, policy != nil, status, destroy].filter { $0 }.count
    guard modes <= 1 else { throw ValidationError("use one of --template, --policy, --status and --destroy at a time") }
    if deleteMail && !destroy { throw ValidationError("--delete-mail goes with --destroy") }
    if format != nil && !template { throw ValidationError("--format goes with --template") }
    if dryRun && (template || policy != nil || status) {
      throw ValidationError("--dry-run goes with deploy or deploy --destroy (--template, --policy and --status change nothing)")
    }
    if dryRun && yes { throw ValidationError("use one of --dry-run and --yes") }
    guard (1...86_400).contains(timeout) else { throw ValidationError("--timeout must be 1 to 86400 seconds") }
  }

  func run(in context: CommandContext) async throws {
    let settings = try DeploySettings.resolve(options, config: context.config, environment: context.environment)
    if template {
      let document = StackTemplate(settings: settings).document
      StandardStream.writeOut(format == .json ? document.pretty + "\n" : TemplateYAML.render(document))
      return
    }
    let env = try await DeployEnvironment.make(
      context: context, settings: settings, timeout: .seconds(timeout), inspect: policy == nil)
    let dnsCheck = DNSCheckRunner(env: env, resolver: resolver, parentServers: parentServers)
    if let policy {
      context.print(try await IAMPolicies(env: env).document(for: policy).pretty)
      return
    }
    if status {
      try await StatusReport(env: env).run(context: context, dnsCheck: noDNSCheck ? nil : dnsCheck)
      return
    }
    if destroy {
      try await Destroyer(env: env, yes: yes, deleteMail: deleteMail, dryRun: dryRun).run()
      return
    }
    try await DeployRun(env: env, yes: yes, activate: activate, wait: wait, dryRun: dryRun).run()
    if !noDNSCheck && !dryRun { try await dnsCheck.run(wait: wait) }
  }
}

/// `--format` of `--template`.
enum TemplateFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
  case yaml, json
}

/// `--policy`: who the IAM policy is for.
enum PolicyUse: String, ExpressibleByArgument, CaseIterable, Sendable {
  case watch, vend, admin, accounts
  case accountsList = "accounts-list"
  case accountsAdopt = "accounts-adopt"
  case accountsAudit = "accounts-audit"
}
