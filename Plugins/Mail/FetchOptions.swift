@_spi(RootmailHost) import RootmailKit

/// Where `mail fetch` and `mail watch` read mail from, and how many mails they handle at once.
struct FetchOptions: ParsableArguments {
  @Option(help: ArgumentHelp("The bucket SES stores mail in (default: config bucket).", valueName: "bucket"))
  var bucket: String?

  @Option(help: ArgumentHelp("Key prefix of the mail (default: config bucket_prefix, RootMail/).", valueName: "prefix"))
  var prefix: String?

  @Option(help: ArgumentHelp("Downloads in flight at once, and mails given to the receivers at once (1–64).", valueName: "n"))
  var concurrency: Int = 8

  func validate() throws {
    guard (1...64).contains(concurrency) else {
      throw CLIError.invalid(field: "--concurrency", value: String(concurrency), rule: "must be 1 to 64")
    }
  }
}
