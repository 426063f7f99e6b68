@_spi(RootmailHost) import RootmailKit

/// Ends deploy with the report of `rootmail dns check`, run through the host executable as a
/// user would run it (the dns plugin is not linked into deploy). Its settings go through the
/// `ROOTMAIL_*` environment, so the check looks at what deploy just made.
struct DNSCheckRunner: Sendable {
  let env: DeployEnvironment
  /// deploy's `--resolver` and `--parent-server`, passed on to the check.
  var resolver: String? = nil
  var parentServers: [String] = []

  /// Whether a dns plugin is on the plugin path.
  func installed(host: String) -> Bool {
    let search = PluginSearchPath(
      environment: env.context.environment, configured: env.context.config.list(.pluginPath), executablePath: host)
    return PluginFiles.scan(search).files.contains { $0.path.hasSuffix("/libRootmailPluginDNS.so") }
  }

  /// The check's options that say which servers to ask.
  func serverArguments(resolver: String?, parentServers: [String]) -> [String] {
    (resolver.map { ["--resolver", $0] } ?? []) + parentServers.flatMap { ["--parent-server", $0] }
  }

  func run(wait: Bool) async throws {
    guard let host = Executable.path, installed(host: host) else {
      env.progress.note("dns check: the dns command is not installed (no libRootmailPluginDNS.so on the plugin path); skipped")
      return
    }
    var environment = env.context.environment
    environment["ROOTMAIL_DOMAIN"] = env.settings.domain
    environment["ROOTMAIL_SUBDOMAIN"] = String(env.zoneName.dropLast(env.settings.domain.count + 1))
    environment["ROOTMAIL_REGION"] = env.sesRegion
    if let endpoint = env.context.config.string(.endpointURL) { environment["ROOTMAIL_ENDPOINT_URL"] = endpoint }
    if let profile = env.context.config.string(.profile) { environment["ROOTMAIL_PROFILE"] = profile }
    var arguments = [host, "dns", "check"]
    if wait { arguments += ["--wait"] }
    arguments += serverArguments(resolver: resolver, parentServers: parentServers)
    if let config = env.context.config.filePath { arguments += ["--config", config] }
    env.progress.note("dns check:")
    let timeout = wait ? env.timeout.seconds + 60 : 300
    let result = try ChildProcess.run(arguments, environment: environment, timeoutSeconds: timeout)
    // rootmail's own output: the dns command already made what it prints safe for a terminal.
    // Its stdout is data (never redacted); its stderr is messages (registered secrets redacted).
    StandardStream.writeOut(String(decoding: result.stdout, as: UTF8.self))
    StandardStream.writeErr(Redactor.shared.redactSecrets(String(decoding: result.stderr, as: UTF8.self)))
    if result.timedOut { env.progress.note("dns check: stopped after \(Int(timeout)) s") }
    if result.status != 0 {
      env.progress.note("dns check: not everything passes yet (exit \(result.status)); run rootmail dns check --wait")
    }
  }
}
