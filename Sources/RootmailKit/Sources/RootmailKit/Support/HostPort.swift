/// A server option's value, `host[:port]` (`[v6]:port` for IPv6), checked for form only: the
/// host is not looked up. `dns check` and `doctor` read `--resolver` and `--parent-server` so.
@_spi(RootmailHost) public struct HostPort: Sendable, Equatable {
  public var host: String
  public var port: UInt16

  public init(host: String, port: UInt16) {
    self.host = host
    self.port = port
  }

  /// `text` split into host and port (`defaultPort` when none is given), or a usage error
  /// (exit 64) naming `option`, the value (escaped, cut to 80 characters) and the rule.
  public static func parse(_ text: String, option: String, defaultPort: UInt16) throws -> HostPort {
    let bad = { (rule: String) in CLIError.usage("\(option): \(TerminalSafe.escaped(String(text.prefix(80)))): \(rule)") }
    var host = text
    var port = defaultPort
    if text.hasPrefix("[") {
      guard let close = text.firstIndex(of: "]") else { throw bad("an IPv6 address in [ ] needs its ]") }
      host = String(text[text.index(after: text.startIndex)..<close])
      let rest = text[text.index(after: close)...]
      if !rest.isEmpty {
        guard rest.hasPrefix(":"), let p = UInt16(rest.dropFirst()), p > 0 else { throw bad("port must be 1-65535") }
        port = p
      }
    } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
      host = String(text[..<colon])
      guard let p = UInt16(text[text.index(after: colon)...]), p > 0 else { throw bad("port must be 1-65535") }
      port = p
    }
    guard !host.isEmpty else { throw bad("needs a host") }
    return HostPort(host: host, port: port)
  }

  /// Checks the form of `--resolver` and every `--parent-server` (DNS servers, port 53 unless
  /// given), so a typo is a usage error before anything else is looked at.
  public static func checkDNSServers(resolver: String?, parentServers: [String]) throws {
    for (option, value) in (resolver.map { [("--resolver", $0)] } ?? []) + parentServers.map({ ("--parent-server", $0) }) {
      _ = try parse(value, option: option, defaultPort: 53)
    }
  }
}
