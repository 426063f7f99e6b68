/// The checks `rootmail doctor` always runs, before the plugins' own: the config file, the
/// plugins, and the AWS credentials (STS GetCallerIdentity, as `whoami`).
enum DoctorBuiltinChecks {
  static func all(global: GlobalOptions) -> [DoctorCheck] {
    [
      DoctorCheck("config") { run in config(run.context, explicitFile: global.config) },
      DoctorCheck("plugins") { run in plugins(run.context.host) },
      DoctorCheck("credentials") { run in try await credentials(run.context) },
    ]
  }

  /// The config file: found, trusted (`FileTrust`, as the loader reads it) and valid.
  static func config(_ context: CommandContext, explicitFile: String?) -> DoctorResult {
    let loader = ConfigLoader(environment: context.environment, explicitFile: explicitFile)
    let path = loader.configFileLocation().path
    do {
      let config = try loader.load()
      guard let file = config.filePath else {
        return .warning(
          "no config file at \(path): defaults and environment only", fix: "create one with rootmail config init")
      }
      return .ok("\(file) found, trusted and valid")
    } catch let error as CLIError {
      let fix =
        error.message.contains("writable") || error.message.contains("owned")
        ? "chmod go-w the file (and any folder above it named) and make it yours or root's: rootmail will not read it otherwise"
        : error.hint ?? "fix the file at the place named, or point --config at another"
      return .failed(error.message, fix: fix)
    } catch {
      return .failed(error)
    }
  }

  /// Every plugin loaded, or refused with the reason.
  static func plugins(_ host: HostSession) -> DoctorResult {
    let loaded = host.catalog.plugins.map { "\($0.descriptor.name) \($0.descriptor.version)" }
    let summary = loaded.isEmpty ? "no plugin loaded" : "\(loaded.count) loaded (\(loaded.joined(separator: ", ")))"
    if !host.catalog.refusals.isEmpty {
      let refused = host.catalog.refusals.map { "\($0.path): \($0.reason)" }.joined(separator: "; ")
      return .failed(
        "\(summary); refused: \(refused)",
        fix:
          "remove the refused file, or rebuild it against this rootmail (kit ABI \(PluginABI.hostKitVersion)); see rootmail plugins list"
      )
    }
    if loaded.isEmpty {
      return .warning(
        "no plugin found on the search path (\(host.searchPath.folders.joined(separator: ":")))",
        fix: "install rootmail with its plugins (make install), or set ROOTMAIL_PLUGIN_PATH")
    }
    if let warning = host.searchPath.warnings.first {
      return .warning("\(summary); \(warning)", fix: "see rootmail plugins list")
    }
    return .ok(summary)
  }

  /// Credentials resolved and accepted by AWS (STS GetCallerIdentity).
  static func credentials(_ context: CommandContext) async throws -> DoctorResult {
    let aws = try context.aws()
    let endpoint = try aws.endpoint(for: .sts)
    do {
      let credentials = try await aws.credentials()
      let link = await aws.credentialChain.answeredBy ?? credentials.source
      let identity = try await aws.sts.getCallerIdentity()
      return .ok("\(identity.arn) (account \(identity.account), from \(link), region \(aws.region), \(endpoint.url))")
    } catch {
      let failed = DoctorResult.failed(error)
      return .failed(
        "\(failed.line) (STS at \(endpoint.url), region \(aws.region))",
        fix: failed.fix ?? "check the credentials (rootmail whoami --debug) and AWS_ENDPOINT_URL / endpoint_url")
    }
  }
}
