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
    var bracketed = false
    if text.hasPrefix("[") {
      guard let close = text.firstIndex(of: "]") else { throw bad("an IPv6 address in [ ] needs its ]") }
      host = String(text[text.index(after: text.startIndex)..<close])
      bracketed = true
      let rest = text[text.index(after: close)...]
      if !rest.isEmpty {
        guard rest.hasPrefix(":"), let p = Self.port(rest.dropFirst()) else { throw bad("port must be 1-65535") }
        port = p
      }
    } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
      host = String(text[..<colon])
      guard let p = Self.port(text[text.index(after: colon)...]) else { throw bad("port must be 1-65535") }
      port = p
    }
    guard !host.isEmpty else { throw bad("needs a host") }
    // A host name (letters, digits, - . _) or an IP address, IPv6 in [ ] with a port: nothing a
    // lookup would have to make sense of, and nothing that is not shown as typed.
    let isIPv6 = host.contains(":")
    let allowed = isIPv6 ? "0123456789abcdefABCDEF:." : "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._"
    guard host.count <= 253, host.unicodeScalars.allSatisfy({ $0.isASCII && allowed.unicodeScalars.contains($0) }) else {
      throw bad(
        isIPv6 ? "an IPv6 address holds only hex digits, : and ." : "a host is a name (letters, digits, - . _) or an address")
    }
    guard !bracketed || isIPv6 else { throw bad("[ ] holds an IPv6 address") }
    guard isIPv6 || host.contains(where: { $0 != "." }) else {
      throw bad("a host is a name (letters, digits, - . _) or an address")
    }
    return HostPort(host: host, port: port)
  }

  /// A port as digits only (no sign, no spaces), 1-65535.
  static func port(_ text: Substring) -> UInt16? {
    guard !text.isEmpty, text.count <= 5, text.allSatisfy({ ("0"..."9").contains($0) }), let p = UInt16(text), p > 0 else {
      return nil
    }
    return p
  }

  /// Checks the form of `--resolver` and every `--parent-server` (DNS servers, port 53 unless
  /// given), so a typo is a usage error before anything else is looked at.
  public static func checkDNSServers(resolver: String?, parentServers: [String]) throws {
    for (option, value) in (resolver.map { [("--resolver", $0)] } ?? []) + parentServers.map({ ("--parent-server", $0) }) {
      _ = try parse(value, option: option, defaultPort: 53)
    }
  }
}
