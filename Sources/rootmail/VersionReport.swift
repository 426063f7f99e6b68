import RootmailKit

/// `rootmail --version --verbose`: the version, and what a plugin must be built with (the Swift
/// toolchain stamp of the kit, which the host compares with each plugin's, and the kit ABI).
enum VersionReport {
  /// The report when the arguments are exactly `--version` and `--verbose` (or `-v`), in either
  /// order; nil for anything else (plain `--version` stays swift-argument-parser's).
  static func text(for arguments: [String]) -> String? {
    guard arguments.count == 2, arguments.contains("--version"),
      arguments.contains(where: { $0 == "--verbose" || $0 == "-v" })
    else { return nil }
    let kit = KitImage.path
    let stamp = kit.flatMap { try? ELFImage(path: $0).toolchainStamp } ?? "unknown (the kit has no .comment stamp)"
    return """
      rootmail \(HostSession.version)
      plugins must be built with: \(TerminalSafe.escaped(stamp))
      plugin kit ABI: \(PluginABI.hostKitVersion)
      kit: \(TerminalSafe.escaped(kit ?? "unknown"))

      """
  }
}
