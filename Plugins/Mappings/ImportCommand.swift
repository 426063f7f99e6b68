import RootmailKit

/// `rootmail mappings import <file>`: validates every row first, then writes; existing rows are
/// reported, not overwritten, unless --overwrite.
struct ImportCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "import", abstract: "Import mappings from JSON lines or CSV (validated before anything is written).")

  @OptionGroup var global: GlobalOptions

  @Argument(help: ArgumentHelp("The file to import (- for stdin).", valueName: "file"))
  var file: String

  @Option(help: "jsonl or csv (default: from the file's name, else jsonl).")
  var format: TransferFormat?

  @Flag(help: "Replace mappings whose address exists already.")
  var overwrite = false

  func run(in context: CommandContext) async throws {
    let text = try InputText.read(file)
    let records: [MappingRecord]
    switch MappingTransfer.parse(text, format: format ?? TransferFormat.guess(fileName: file), allowedTypes: nil) {
    case .valid(let parsed): records = parsed
    case .invalid(let errors):
      for error in errors.dropLast() { context.note("rootmail: error: \(file): \(error)") }
      throw CLIError("\(file): \(errors.last!)", status: .dataError, hint: "\(errors.count) invalid rows; nothing was imported")
    }
    let outcome = try await context.openStore().importRecords(records, overwrite: overwrite)
    for existing in outcome.existing { context.note("rootmail: skipped: \(existing)") }
    context.note("imported \(outcome.inserted), overwrote \(outcome.overwritten), skipped \(outcome.existing.count) existing")
    if !outcome.existing.isEmpty {
      throw CLIError("\(outcome.existing.count) rows exist already and were left alone", hint: "use --overwrite to replace them")
    }
  }
}
