/// The options every rootmail command takes (`@OptionGroup var global: GlobalOptions`).
///
/// They are hidden from each command's help (which ends with one line pointing to `rootmail
/// --help`, see `GlobalOptionsHelp`), and listed once, in `rootmail --help` and rootmail(1).
/// Hidden options still parse. Completion scripts are generated with them shown, so that
/// `rootmail vend --reg<TAB>` still completes.
public struct GlobalOptions: ParsableArguments, Sendable {
  /// How the options show in help: hidden, except while a completion script or the list of
  /// global options is rendered (`GlobalOptionsHelp.shown`). Read when the parser builds a
  /// command's arguments; only set on the main thread before any parsing.
  nonisolated(unsafe) static var visibility: ArgumentVisibility = .hidden

  @Option(
    name: .long,
    help: ArgumentHelp(
      "AWS profile from the shared config and credentials files.", valueName: "name", visibility: Self.visibility))
  public var profile: String?

  @Option(name: .long, help: ArgumentHelp("AWS region.", valueName: "region", visibility: Self.visibility))
  public var region: String?

  @Option(
    name: .customLong("endpoint-url"),
    help: ArgumentHelp(
      "Send every AWS call to this URL instead of AWS's endpoints.", valueName: "url", visibility: Self.visibility))
  public var endpointURL: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Config file to read (default: $XDG_CONFIG_HOME/rootmail/config.toml).", valueName: "path", visibility: Self.visibility))
  public var config: String?

  @Option(
    name: [.customShort("o"), .long],
    help: ArgumentHelp(
      "Output format: table, wide (a table with no cell cut to the terminal's width), json or text (default: table on a terminal, text when piped).",
      visibility: Self.visibility))
  public var output: OutputFormat?

  @Flag(name: [.customShort("v"), .long], help: ArgumentHelp("Log what is done to stderr.", visibility: Self.visibility))
  public var verbose = false

  @Flag(
    name: .long,
    help: ArgumentHelp("Log everything, requests included, to stderr (secrets are never printed).", visibility: Self.visibility))
  public var debug = false

  @Flag(
    name: .customLong("no-color"), help: ArgumentHelp("Print no colour (also with NO_COLOR set).", visibility: Self.visibility))
  public var noColor = false

  @Option(
    name: .customLong("color"),
    help: ArgumentHelp(
      "Colour: auto (on a terminal, unless NO_COLOR is set), always or never.", valueName: "when", visibility: Self.visibility))
  @_spi(RootmailHost) public var color: ColorChoice?

  @Flag(
    name: .customLong("no-pager"),
    help: ArgumentHelp("Do not page long output (also: pager = false, ROOTMAIL_PAGER=cat).", visibility: Self.visibility))
  public var noPager = false

  public init() {}

  /// The log level these flags ask for: warning by default, info with -v, debug with --debug.
  public var logLevel: Logger.Level { debug ? .debug : verbose ? .info : .warning }

  /// The flags that set config keys, for `ConfigLoader`.
  public var configFlags: [(key: ConfigKey, value: String, flag: String)] {
    var flags: [(key: ConfigKey, value: String, flag: String)] = []
    if let profile { flags.append((.profile, profile, "--profile")) }
    if let region { flags.append((.region, region, "--region")) }
    if let endpointURL { flags.append((.endpointURL, endpointURL, "--endpoint-url")) }
    if let output { flags.append((.output, output.rawValue, "--output")) }
    if let color { flags.append((.color, color.rawValue, "--color")) }
    return flags
  }
}

/// How the global options are spelled on the command line, read from their declarations in
/// `GlobalOptions` (swift-argument-parser's help dump), so the dispatcher's argv scan
/// (`CommandLineScan`) needs no list kept in step by hand.
@_spi(RootmailHost) public struct GlobalOptionSpellings: Sendable, Equatable {
  /// `--profile`, `-o`, …: options that take a value.
  public let takingValue: Set<String>
  /// `--verbose`, `-v`, …: flags.
  public let flags: Set<String>

  /// The spellings of `GlobalOptions`, worked out on first use.
  public static let global: GlobalOptionSpellings = {
    struct Probe: ParsableCommand { @OptionGroup var global: GlobalOptions }
    return GlobalOptionSpellings(dump: (try? JSONValue.parse(ArgumentParserInternals.helpDump(of: Probe.self))) ?? .null)
  }()

  init(dump: JSONValue) {
    var takingValue: Set<String> = []
    var flags: Set<String> = []
    for argument in dump["command"]?["arguments"]?.arrayValue ?? [] {
      let names = (argument["names"]?.arrayValue ?? []).compactMap { name -> String? in
        guard let text = name["name"]?.stringValue else { return nil }
        return name["kind"]?.stringValue == "long" ? "--" + text : "-" + text
      }
      switch argument["kind"]?.stringValue {
      case "option": takingValue.formUnion(names)
      case "flag": flags.formUnion(names)
      default: continue
      }
    }
    self.takingValue = takingValue
    self.flags = flags
  }
}
