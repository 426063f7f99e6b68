@_spi(RootmailHost) import RootmailKit

/// `rootmail mappings list`: the mappings, filtered, as a table, JSON, text or CSV.
struct ListCommand: RootmailCommand {
  static let configuration = CommandConfiguration(commandName: "list", abstract: "List mappings.")

  @OptionGroup var global: GlobalOptions

  static var pagesOutput: Bool { true }
  @OptionGroup var filters: FilterOptions

  @Flag(help: "Print CSV (the export format) instead of --output.")
  var csv = false

  func run(in context: CommandContext) async throws {
    let records = try await context.openStore().list(try filters.filter())
    if csv {
      StandardStream.writeOut(MappingTransfer.export(records, format: .csv))
      return
    }
    switch context.outputFormat {
    case .json: context.emit(.array(records.map(\.json)))
    case .table, .wide, .text:
      var table = Table(columns: MappingRecord.tableColumns, rows: records.map(\.tableRow))
      // On a colour terminal: an active account green, any other status yellow.
      table.styles = records.map { r in
        let status: TextStyle = r.status.isEmpty ? .plain : r.status.uppercased() == "ACTIVE" ? .good : .warning
        return [.plain, .plain, .plain, .plain, status]
      }
      table.fits = [.cutMiddle, .cutMiddle, .cutEnd, .cutEnd, .fixed, .fixed, .fixed]
      context.emit(
        table,
        whenEmpty: filters.described.isEmpty
          ? "no mappings (rootmail vend makes one; rootmail mappings import loads them)"
          : "no mappings match " + filters.described)
    }
  }
}
