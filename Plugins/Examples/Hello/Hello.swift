import RootmailKit

/// `rootmail hello`: the example command plugin. It shows the whole contract in one file: a
/// command type, the two C entry points, a `rootmail doctor` check, and the kit's shared
/// services (config and output).
struct Hello: RootmailCommand {
  static let configuration = CommandConfiguration(
    commandName: "hello",
    abstract: "Greet someone (an example plugin command).")

  @OptionGroup var global: GlobalOptions

  @Argument(help: "Who to greet.")
  var name = "world"

  func run(in context: CommandContext) async throws {
    let domain = context.config.string(.domain) ?? "(no domain configured)"
    switch context.outputFormat {
    case .json: context.emit(.object([("greeting", .string("hello, \(name)")), ("domain", .string(domain))]))
    case .table, .wide, .text: context.print("hello, \(name) from \(domain)")
    }
  }
}

@_cdecl("rootmail_plugin_abi")
public func rootmailPluginABI() -> Int32 { PluginABI.kitVersion }

@_cdecl("rootmail_plugin_descriptor")
public func rootmailPluginDescriptor() -> UnsafeMutableRawPointer {
  PluginDescriptor(name: "Hello", version: "1.0.0", commands: [Hello.self], doctorChecks: [helloCheck]).retainedPointer()
}

/// The plugin's own line in `rootmail doctor` (✓, ! or ✗ with a fix).
let helloCheck = DoctorCheck("hello") { run in
  guard let domain = run.context.config.string(.domain) else {
    return .warning("no domain to greet from", fix: "rootmail config set domain example.com")
  }
  return .ok("ready to greet from \(domain)")
}
