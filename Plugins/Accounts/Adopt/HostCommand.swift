@_spi(RootmailHost) import RootmailKit

/// Another of rootmail's commands, run through the host executable as a user would run it
/// (the vend and mail plugins are not linked into this one, as deploy runs `dns check`). The
/// settings given to this command as flags reach it through `ROOTMAIL_*`, the config file
/// through `--config`.
struct HostCommand: Sendable {
  let host: String
  let environment: [String: String]
  let configArguments: [String]

  init(context: CommandContext) throws {
    guard let host = Executable.path else {
      throw CLIError.configuration("cannot find the rootmail executable to run its other commands")
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

  /// Whether `libRootmailPlugin<name>.so` is on the plugin path.
  static func installed(_ name: String, context: CommandContext) -> Bool {
    guard let host = Executable.path else { return false }
    let search = PluginSearchPath(
      environment: context.environment, configured: context.config.list(.pluginPath), executablePath: host)
    return PluginFiles.scan(search).files.contains { $0.path.hasSuffix("/libRootmailPlugin\(name).so") }
  }

  /// Runs `rootmail <arguments>` and returns its stdout. A failure is an error with the
  /// command's own exit status and the last line of its stderr (secrets redacted).
  func run(_ arguments: [String], timeout: Double = 600) async throws -> [UInt8] {
    let result = try await ChildProcess.runOnOwnThread(
      [host] + arguments + configArguments, environment: environment, timeoutSeconds: timeout)
    guard result.status == 0, !result.timedOut else {
      let command = arguments.prefix(2).joined(separator: " ")
      let last =
        String(decoding: result.stderr, as: UTF8.self).split(separator: "\n").last {
          $0.hasPrefix("rootmail: error: ")
        }.map { String($0.dropFirst("rootmail: error: ".count)) } ?? "no message"
      throw CLIError(
        "rootmail \(command) failed: \(Redactor.shared.redactSecrets(last))",
        status: result.timedOut ? .unavailable : ExitStatus(rawValue: result.status) ?? .failure,
        hint: "run rootmail \(command) yourself to see why")
    }
    return result.stdout
  }
}
