/// One line of `rootmail doctor`: whether a check passed (✓), failed (✗) or found something
/// worth knowing (!), what it found, and what to do about it.
public struct DoctorResult: Sendable, Equatable {
  /// How a check came out; only `failed` makes doctor exit 1.
  public enum Status: String, Sendable, Equatable {
    case ok
    case warning
    case failed

    /// ✓, ! or ✗.
    public var symbol: String {
      switch self {
      case .ok: "✓"
      case .warning: "!"
      case .failed: "✗"
      }
    }
  }

  public var status: Status
  /// What the check found, one line (no secrets: it is printed as it is).
  public var line: String
  /// What to do about it (nil when there is nothing to do).
  public var fix: String?

  public init(_ status: Status, _ line: String, fix: String? = nil) {
    self.status = status
    self.line = line
    self.fix = fix
  }

  public static func ok(_ line: String) -> DoctorResult { DoctorResult(.ok, line) }
  public static func warning(_ line: String, fix: String? = nil) -> DoctorResult { DoctorResult(.warning, line, fix: fix) }
  public static func failed(_ line: String, fix: String? = nil) -> DoctorResult { DoctorResult(.failed, line, fix: fix) }

  /// A check that threw: failed, with the error's one line and its hint as the fix.
  public static func failed(_ error: any Error) -> DoctorResult {
    if let e = error as? any RootmailError { return .failed(e.description, fix: e.hint) }
    return .failed("\(error)")
  }
}

/// What a doctor check runs with: the command's context (configuration, AWS client, host) and
/// doctor's options.
public struct DoctorRun: Sendable {
  public let context: CommandContext
  /// How long one check may take (`doctor --timeout`); doctor reports a check still running
  /// then as failed and goes on. A check that waits on the network should give up sooner.
  public let timeout: Duration
  /// A DNS server to ask instead of the system's resolvers (`doctor --resolver host[:port]`).
  public let resolver: String?
  /// Servers of the parent zone to ask instead of those the resolver names (`--parent-server`).
  public let parentServers: [String]

  public init(context: CommandContext, timeout: Duration, resolver: String? = nil, parentServers: [String] = []) {
    self.context = context
    self.timeout = timeout
    self.resolver = resolver
    self.parentServers = parentServers
  }
}

/// A check a plugin adds to `rootmail doctor` (`PluginDescriptor.doctorChecks`): a short name
/// (the start of its line, e.g. `store`) and the work. Checks run concurrently, each bounded by
/// `DoctorRun.timeout`; an error thrown is a failed line with the error's message and hint.
public struct DoctorCheck: Sendable {
  public let name: String
  public let run: @Sendable (DoctorRun) async throws -> DoctorResult

  public init(_ name: String, run: @escaping @Sendable (DoctorRun) async throws -> DoctorResult) {
    self.name = name
    self.run = run
  }
}
