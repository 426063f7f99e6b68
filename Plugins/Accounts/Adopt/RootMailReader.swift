@_spi(RootmailHost) import RootmailKit

/// Root mail read through the mail plugin's own commands (`HostCommand`): `mail fetch` brings new
/// mail into the cache (its locks, trust checks and receivers included), `mail list --output
/// json` reads the index, `mail show --raw` one mail's bytes. Fetches are shared: workers
/// waiting for mail at the same time start one fetch, not one each.
actor RootMailReader {
  let command: HostCommand
  private var running: Task<Void, any Error>?

  init(context: CommandContext) throws { command = try HostCommand(context: context) }

  /// Whether a mail plugin is on the plugin path (`mail fetch` exists).
  static func installed(_ context: CommandContext) -> Bool { HostCommand.installed("Mail", context: context) }

  func mail(_ arguments: [String]) async throws -> [UInt8] { try await command.run(["mail"] + arguments) }

  /// Fetches new mail; a caller arriving while a fetch runs waits for that one instead (if it
  /// listed the bucket before the caller's mail arrived, the caller's next poll fetches again).
  func fetch() async throws {
    if let running {
      try await running.value
      return
    }
    let task = Task { _ = try await self.mail(["fetch"]) }
    running = task
    defer { running = nil }
    try await task.value
  }

  /// One mail of the cache as `mail list --output json` describes it.
  struct Entry: Sendable, Equatable {
    var id: String
    var receivedAt: Int
    var recipients: [String]
    var subject: String
    var mailClass: String
  }

  /// Mail in the cache matching `filters` (`mail list` options), newest first.
  func list(_ filters: [String]) async throws -> [Entry] {
    let out = try await mail(["list", "--all", "--output", "json"] + filters)
    guard case .array(let rows) = try JSONValue.parse(out) else { return [] }
    return rows.map { row in
      Entry(
        id: row["id"]?.stringValue ?? "",
        receivedAt: row["received"]?.stringValue.flatMap(MailTime.seconds(iso:)) ?? 0,
        recipients: (row["recipients"]?.arrayValue ?? []).compactMap(\.stringValue),
        subject: row["subject"]?.stringValue ?? "", mailClass: row["class"]?.stringValue ?? "")
    }
  }

  /// The bytes of one cached mail.
  func raw(id: String) async throws -> [UInt8] { try await mail(["show", id, "--raw"]) }
}
