@_spi(RootmailHost) import RootmailKit

/// `rootmail mappings import <file>`: validates every row first, then writes all of them or
/// none: a row whose address (or account name) exists already stops the whole import, unless
/// --overwrite (then only an account name held by another address does).
struct ImportCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "import", abstract: "Import mappings from JSON lines or CSV (validated before anything is written).",
    discussion: """
      Every row is validated first (the same rules as vend, the account type empty or one of \
      the configured list); one bad row means nothing is written. The import is all or nothing: \
      when a row's address exists already (without --overwrite), or its account name belongs \
      to another address, nothing is imported and every such row is listed. The SQLite store \
      does this in one transaction; the DynamoDB store checks every row before it writes any.

      JSON lines (as `mappings export` writes them): one object a line with the keys \
      AccountEmail and OwnerAddress (required), AccountName, Enum (the counter), AccountType, \
      Tags (an object of strings), Status (default NAME-ALLOCATED), LastUpdated, AccountId \
      and FailureReason, all strings. Example (one line):
        {"AccountEmail": "root+3f9a1c2b7d4e@aws.example.com",
         "OwnerAddress": "asmith@example.com", "AccountType": "Research"}

      CSV (RFC 4180, as `mappings export --format csv` writes it): a header line naming \
      the same columns, in any order, AccountEmail and OwnerAddress required:
        AccountEmail,OwnerAddress,AccountName,Enum,AccountType,Tags,Status,
        LastUpdated,AccountId,FailureReason   (one line)
      Tags is a JSON object in one quoted cell (its quotes doubled); empty AccountId and \
      FailureReason cells mean none. The format is --format, else the file name's (.csv), \
      else JSON lines. Examples: docs/examples/mappings.jsonl, docs/examples/mappings.csv.
      """)

  @OptionGroup var global: GlobalOptions

  @Argument(help: ArgumentHelp("The file to import (- for stdin).", valueName: "file"))
  var file: String

  @Option(help: "jsonl or csv (default: from the file's name, else jsonl).")
  var format: TransferFormat?

  @Flag(help: "Replace mappings whose address exists already.")
  var overwrite = false

  func run(in context: CommandContext) async throws {
    let text = try InputText.read(file)
    let source = file == "-" ? "standard input" : file
    let records: [MappingRecord]
    let allowedTypes = context.config.list(.accountTypes)
    switch MappingTransfer.parse(text, format: format ?? TransferFormat.guess(fileName: file), allowedTypes: allowedTypes) {
    case .valid(let parsed): records = parsed
    case .invalid(let errors):
      for error in errors.dropLast() { context.note("rootmail: error: \(source): \(error)") }
      throw CLIError(
        "\(source): \(errors.last!)", status: .dataError,
        hint: "\(Plural.count(errors.count, "invalid row")); nothing was imported"
      )
    }
    let outcome = try await context.openStore().importRecords(records, overwrite: overwrite)
    for existing in outcome.existing { context.note("rootmail: conflict: \(existing)") }
    if outcome.rolledBack {
      throw CLIError(
        "\(Plural.count(outcome.existing.count, "row")) in conflict with stored mappings; nothing was imported",
        hint: overwrite
          ? "those account names belong to other addresses: change or remove those rows"
          : "use --overwrite to replace the mappings with the same address, or remove those rows")
    }
    context.note("imported \(outcome.inserted), overwrote \(outcome.overwritten)")
    if !outcome.existing.isEmpty {
      throw CLIError(
        "\(Plural.count(outcome.existing.count, "row")) taken by another writer during the import and left alone",
        hint: "run the import again to see what conflicts")
    }
  }
}
