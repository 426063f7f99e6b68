import RootmailKit

/// `rootmail mappings export`: every mapping (or the filtered ones) as JSON lines or CSV.
struct ExportCommand: RootmailCommand {
  static let configuration = CommandConfiguration(commandName: "export", abstract: "Export mappings as JSON lines or CSV.")

  @OptionGroup var global: GlobalOptions
  @OptionGroup var filters: FilterOptions

  @Option(help: "jsonl or csv (default: from --file's name, else jsonl).")
  var format: TransferFormat?

  @Option(help: ArgumentHelp("Write to this file instead of stdout.", valueName: "path"))
  var file: String?

  func run(in context: CommandContext) async throws {
    let records = try await context.openStore().list(filters.filter)
    let text = MappingTransfer.export(records, format: format ?? file.map(TransferFormat.guess(fileName:)) ?? .jsonl)
    if let file {
      try OutputFile.write(text, to: file)
      context.note("exported \(records.count) mappings to \(file)")
    } else {
      StandardStream.writeOut(text)
    }
  }
}
