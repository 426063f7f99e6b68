import Synchronization

/// What a receiver made of one mail. Recorded per mail and receiver (`Receipt`).
public enum ReceiverOutcome: Sendable, Equatable {
  /// The work is done; the text says what was done (one line, shown with `-v`).
  case done(String)
  /// There was nothing to do for this mail, and why (`not a password-reset mail`).
  case skipped(String)
  /// It did not work, and why. `retryable`: trying again later may help (throttling, a
  /// network error, exit 75); otherwise the mail goes straight to the dead letters.
  case failed(String, retryable: Bool)
}

/// A receiver as configured: `forward`, `reset-link`, `exec:/usr/local/bin/notify --team ops`.
/// `name` picks the declaration (the text before the first `:`), `argument` is what follows
/// it, and `id` (the whole text) is what outcomes are recorded under, so changing an
/// `exec:` program or its arguments makes it a new receiver.
public struct ReceiverSpec: Sendable, Hashable, CustomStringConvertible {
  public let name: String
  public let argument: String?
  public var id: String { argument.map { "\(name):\($0)" } ?? name }
  public var description: String { id }

  public init(name: String, argument: String? = nil) {
    self.name = name
    self.argument = argument
  }

  /// Parses one entry of the `receivers` setting. A name is 1 to 64 characters of `a-z`,
  /// `0-9` and `-`, starting with a letter; the argument may be anything but empty.
  @_spi(RootmailHost) public init(parsing text: String) throws {
    let trimmed = text.trimmingSpaces()
    let name: Substring
    let argument: String?
    if let colon = trimmed.firstIndex(of: ":") {
      name = trimmed[..<colon]
      let rest = String(trimmed[trimmed.index(after: colon)...]).trimmingSpaces()
      guard !rest.isEmpty else {
        throw CLIError.invalid(
          field: "receivers", value: String(text.prefix(80)), rule: "nothing after ':' (write `\(name)` or `\(name):<argument>`)")
      }
      argument = rest
    } else {
      name = Substring(trimmed)
      argument = nil
    }
    guard Self.isName(name) else {
      throw CLIError.invalid(field: "receivers", value: TerminalSafe.escaped(String(text.prefix(80))), rule: Self.nameRule)
    }
    self.init(name: String(name), argument: argument)
  }

  static let nameRule = "a receiver name is a-z, 0-9 and -, starting with a letter (optionally followed by :<argument>)"

  static func isName(_ name: Substring) -> Bool {
    (1...64).contains(name.count) && name.first.map { $0 >= "a" && $0 <= "z" } == true
      && name.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" }
  }

  /// The rule one entry of the `receivers` setting breaks, or nil (what `init(parsing:)` checks).
  static func problem(with text: String) -> String? {
    let trimmed = text.trimmingSpaces()
    guard let colon = trimmed.firstIndex(of: ":") else { return isName(Substring(trimmed)) ? nil : nameRule }
    guard isName(trimmed[..<colon]) else { return nameRule }
    return String(trimmed[trimmed.index(after: colon)...]).trimmingSpaces().isEmpty ? "nothing after ':'" : nil
  }

  /// The `receivers` setting, parsed; a receiver named twice is an error.
  public static func configured(_ config: Config) throws -> [ReceiverSpec] {
    var specs: [ReceiverSpec] = []
    for text in config.list(.receivers) where !text.trimmingSpaces().isEmpty {
      let spec = try ReceiverSpec(parsing: text)
      guard !specs.contains(spec) else {
        throw CLIError.invalid(field: "receivers", value: String(spec.id.prefix(80)), rule: "each receiver may be named once")
      }
      specs.append(spec)
    }
    return specs
  }
}

/// What a receiver runs with: the command's configuration, environment and logger, its AWS
/// client (built on first use and shared with the command) and the mapping store (opened on
/// first use, once).
public final class ReceiverContext: Sendable {
  public let command: CommandContext
  private let openedStore = Mutex<(any MappingStore)?>(nil)

  public init(command: CommandContext) { self.command = command }

  public var config: Config { command.config }
  public var environment: [String: String] { command.environment }
  public var logger: Logger { command.logger }

  /// The command's AWS client.
  public func aws() throws -> AWSClient { try command.aws() }

  /// The configured mapping store.
  @_spi(RootmailHost) public func store() async throws -> any MappingStore {
    if let store = openedStore.withLock({ $0 }) { return store }
    let store = try await command.openStore()
    return openedStore.withLock { opened in
      if let opened { return opened }
      opened = store
      return store
    }
  }

  /// A key of this receiver's own table in the config file (`[receiver.<name>]`), if set: a
  /// string, integer, boolean or list of strings (a list holding anything else is left out).
  public func setting(_ key: String, receiver: String) -> ConfigValue? {
    switch command.config.extra["receiver.\(receiver).\(key)"]?.value {
    case .string(let value): return .string(value)
    case .integer(let value): return .integer(value)
    case .boolean(let value): return .boolean(value)
    case .array(let values):
      let strings = values.compactMap { value -> String? in
        if case .string(let string) = value { return string }
        return nil
      }
      return strings.count == values.count ? .list(strings) : nil
    case nil: return nil
    }
  }
}

/// A mail receiver: the team's own logic, run once on every newly fetched mail (`mail fetch`,
/// `mail watch`) in the order the `receivers` setting gives. It must not throw: whatever goes
/// wrong is a `.failed` outcome saying whether a later try may succeed. A receiver that
/// runs on a mail and is interrupted may run on it again: make the work idempotent where you can.
public protocol MailReceiver: Sendable {
  func receive(_ mail: ReceivedMail, context: ReceiverContext) async -> ReceiverOutcome
}

/// How a plugin declares a receiver in its `PluginDescriptor`: the name the `receivers`
/// setting uses, a line for `plugins list`, and how to make the receiver from its spec. `make`
/// runs once per command, before any mail; a throw there is a configuration error (exit 78)
/// that stops the command before anything is received.
public struct ReceiverDeclaration: Sendable {
  public let name: String
  public let summary: String
  public let make: @Sendable (ReceiverSpec, ReceiverContext) throws -> any MailReceiver

  public init(
    name: String, summary: String, make: @escaping @Sendable (ReceiverSpec, ReceiverContext) throws -> any MailReceiver
  ) {
    self.name = name
    self.summary = summary
    self.make = make
  }
}
