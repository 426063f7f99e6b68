/// The binary contract between the host and a plugin library.
///
/// A plugin exports two C symbols: `rootmail_plugin_abi`, returning the plugin API version it
/// was compiled against (`PluginABI.kitVersion`, emitted into the plugin at its compile time),
/// and `rootmail_plugin_descriptor`, returning a retained `PluginDescriptor`. The host calls the
/// first, and only when it matches calls the second. A plugin built with rootmail itself, which
/// also uses the kit's internal API (`@_spi(RootmailHost)`), exports a third,
/// `rootmail_plugin_host_interface`, and must match that version too.
public enum PluginABI {
  /// The plugin API version: the kit's public interface (`kit-abi.txt`). Bump it whenever that
  /// interface changes (`make check-abi`, part of `make test`, fails until it is bumped and
  /// `make update-abi` records it). `@_alwaysEmitIntoClient` puts the number into the plugin's
  /// own code, so a plugin built against another kit reports that kit's number, not the host's.
  @_alwaysEmitIntoClient public static var kitVersion: Int32 { 7 }

  /// The version this kit was built with (the number the host requires).
  public static let hostKitVersion: Int32 = kitVersion

  public static let abiSymbol = "rootmail_plugin_abi"
  public static let descriptorSymbol = "rootmail_plugin_descriptor"

  /// The host interface version: the kit's `@_spi(RootmailHost)` interface (`kit-spi.txt`),
  /// which only rootmail's own plugins, companions and tests use. It changes with internal
  /// refactors; a plugin on the public API alone never sees it.
  @_spi(RootmailHost) @_alwaysEmitIntoClient public static var hostInterfaceVersion: Int32 { 7 }

  /// The host interface this kit was built with.
  @_spi(RootmailHost) public static let hostInterfaceOfKit: Int32 = hostInterfaceVersion

  /// Exported by plugins that use the host interface: `PluginABI.hostInterfaceVersion`.
  @_spi(RootmailHost) public static let hostInterfaceSymbol = "rootmail_plugin_host_interface"

  /// Plugin files are `libRootmailPlugin<Name>.so`; anything else in a plugin folder is ignored.
  public static func pluginName(fromFileName file: String) -> String? {
    let prefix = "libRootmailPlugin"
    let suffix = ".so"
    guard file.hasPrefix(prefix), file.hasSuffix(suffix), file.count > prefix.count + suffix.count else { return nil }
    return String(file.dropFirst(prefix.count).dropLast(suffix.count))
  }
}

/// What a plugin provides: its name and version, its commands (top-level command types, which
/// may have subcommands), its mail receivers and its checks for `rootmail doctor`.
public final class PluginDescriptor: Sendable {
  public let name: String
  public let version: String
  public let commands: [any ParsableCommand.Type]
  public let receivers: [ReceiverDeclaration]
  /// Checks `rootmail doctor` runs for this plugin (each one line: ✓, ! or ✗ with a fix).
  public let doctorChecks: [DoctorCheck]

  public init(
    name: String, version: String, commands: [any ParsableCommand.Type] = [], receivers: [ReceiverDeclaration] = [],
    doctorChecks: [DoctorCheck] = []
  ) {
    self.name = name
    self.version = version
    self.commands = commands
    self.receivers = receivers
    self.doctorChecks = doctorChecks
  }

  /// The top-level command names, as a user types them.
  public var commandNames: [String] { commands.map { ArgumentParserInternals.commandName(of: $0) } }

  /// The receiver names, as the `receivers` setting names them.
  public var receiverNames: [String] { receivers.map(\.name) }

  /// Hands the descriptor to the host across the C entry point (the host takes ownership).
  public func retainedPointer() -> UnsafeMutableRawPointer {
    Unmanaged.passRetained(self).toOpaque()
  }
}
