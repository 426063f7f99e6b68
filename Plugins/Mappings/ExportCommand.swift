@_spi(RootmailHost) import RootmailKit

/// `rootmail mappings export`: every mapping (or the filtered ones) as JSON lines or CSV.
struct ExportCommand: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "export", abstract: "Export mappings as JSON lines or CSV.",
    discussion: """
      CSV cells that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a \
      carriage return) are written with a ' in front (OWASP's rule against CSV injection); \
      `mappings import` takes that ' off again, so an export imports back unchanged. \
      --file creates a new file readable only by you (0600); an existing file is replaced \
      only with --force, and a symbolic link never.
      """)

  @OptionGroup var global: GlobalOptions
  @OptionGroup var filters: FilterOptions

  @Option(help: "jsonl or csv (default: from --file's name, else jsonl).")
  var format: TransferFormat?

  @Option(help: ArgumentHelp("Write to this file instead of stdout.", valueName: "path"))
  var file: String?

  @Flag(help: "Replace --file when it exists already.")
  var force = false

  func run(in context: CommandContext) async throws {
    let records = try await context.openStore().list(try filters.filter())
    let text = MappingTransfer.export(records, format: format ?? file.map(TransferFormat.guess(fileName:)) ?? .jsonl)
    if let file {
      try OutputFile.write(text, to: file, force: force)
      context.note("exported \(records.count) mappings to \(file)")
    } else {
      StandardStream.writeOut(text)
    }
  }
}
