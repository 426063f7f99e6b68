/// `rootmail --version --verbose`: the version, and what a plugin must be built with: the Swift
/// release, the toolchain's compiler stamp in the kit's `.comment` (what the host compares with
/// each plugin's stamp) and the kit ABI.
@_spi(RootmailHost) public enum VersionReport {
  /// The Swift release that compiled this binary, as closely as `#if compiler` tells.
  public static var swiftRelease: String {
    #if compiler(>=6.4)
      return "6.4 or later"
    #elseif compiler(>=6.3.3)
      return "6.3.3"
    #elseif compiler(>=6.3.2)
      return "6.3.2"
    #elseif compiler(>=6.3.1)
      return "6.3.1"
    #elseif compiler(>=6.3)
      return "6.3"
    #else
      return "before 6.3"
    #endif
  }

  /// The report when the arguments are exactly `--version` and `--verbose` (or `-v`), in either
  /// order; nil for anything else (plain `--version` stays swift-argument-parser's).
  public static func text(for arguments: [String]) -> String? {
    guard arguments.count == 2, arguments.contains("--version"),
      arguments.contains(where: { $0 == "--verbose" || $0 == "-v" })
    else { return nil }
    let kit = KitImage.path
    let stamp = kit.flatMap { try? ELFImage(path: $0).toolchainStamp } ?? "unknown (the kit has no .comment stamp)"
    return """
      rootmail \(HostSession.version)
      plugins must be built with: Swift \(swiftRelease), the toolchain whose compiler stamp is: \(TerminalSafe.escaped(stamp))
      plugin API (kit ABI): \(PluginABI.hostKitVersion), host interface: \(PluginABI.hostInterfaceOfKit)
      kit: \(TerminalSafe.escaped(kit ?? "unknown"))

      """
  }
}
