import RootmailKit

/// Root mail read through the mail plugin's own commands, run by the host executable as a user
/// would run them (the mail plugin is not linked into this one): `mail fetch` brings new mail
/// into the cache (its locks, trust checks and receivers included), `mail list --output json`
/// reads the index, `mail show --raw` one mail's bytes. The settings given as flags to this
/// command reach them through `ROOTMAIL_*`. Fetches are shared: workers waiting for mail at the
/// same time start one fetch, not one each.
actor RootMailReader {
  let host: String
  let environment: [String: String]
  let configArguments: [String]
  private var running: Task<Void, any Error>?
  /// How many fetches have finished.
  private(set) var fetches = 0

  init(context: CommandContext) throws {
    guard let host = Executable.path else {
      throw CLIError.configuration("cannot find the rootmail executable to run mail fetch")
    }
    self.host = host
    var environment = context.environment
    for key in ConfigKey.all where key != .output {
      if case .flag? = context.config.source(of: key), let value = context.config[key] {
        environment[key.environmentVariable] = value.description
      }
    }
    self.environment = environment
    configArguments = context.config.filePath.map { ["--config", $0] } ?? []
  }

  /// Whether a mail plugin is on the plugin path (`mail fetch` exists).
  static func installed(_ context: CommandContext) -> Bool {
    guard let host = Executable.path else { return false }
    let search = PluginSearchPath(
      environment: context.environment, configured: context.config.list(.pluginPath), executablePath: host)
    return PluginFiles.scan(search).files.contains { $0.path.hasSuffix("/libRootmailPluginMail.so") }
  }

  /// Runs `rootmail mail <arguments>` and returns its stdout; a failure is an error quoting the
  /// last line of its stderr (secrets redacted).
  func mail(_ arguments: [String], timeout: Double = 600) async throws -> [UInt8] {
    let result = try await ChildProcess.runOnOwnThread(
      [host, "mail"] + arguments + configArguments, environment: environment, timeoutSeconds: timeout)
    guard result.status == 0, !result.timedOut else {
      let last = String(decoding: result.stderr, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
      throw CLIError(
        "rootmail mail \(arguments.first ?? "") failed (exit \(result.status)): \(Redactor.shared.redactSecrets(last))",
        hint: "run rootmail mail \(arguments.first ?? "") yourself to see why")
    }
    return result.stdout
  }

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
    fetches += 1
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
