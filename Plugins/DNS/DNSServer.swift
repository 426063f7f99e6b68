@_spi(RootmailHost) import RootmailKit

#if canImport(Glibc)
  import Glibc
#endif

/// A name server to ask: an IP address, a port, and the name it is known by (if any).
public struct DNSServer: Hashable, Sendable, CustomStringConvertible {
  public var address: String
  public var port: UInt16
  public var name: String?

  public init(address: String, port: UInt16 = 53, name: String? = nil) {
    self.address = address
    self.port = port
    self.name = name.map(DNSName.normalize)
  }

  public var isIPv6: Bool { address.contains(":") }

  /// `127.0.0.1`, `127.0.0.1:5353`, `[::1]:53`.
  public var endpoint: String {
    if port == 53 { return address }
    return isIPv6 ? "[\(address)]:\(port)" : "\(address):\(port)"
  }

  /// `ns1.example.com (192.0.2.1)`, or the endpoint alone.
  public var description: String { name.map { "\(DNSName.display($0)) (\(endpoint))" } ?? endpoint }

  /// The name the report uses for this server.
  public var label: String { name.map(DNSName.display) ?? endpoint }

  /// Parses `host[:port]` (`[v6]:port` for IPv6); a host name is looked up with the system's
  /// resolver (getaddrinfo), IPv4 first.
  public static func parse(_ text: String, option: String) throws -> DNSServer {
    let server = try HostPort.parse(text, option: option, defaultPort: 53)
    if isAddress(server.host) { return DNSServer(address: server.host, port: server.port) }
    guard let address = lookUp(server.host) else {
      throw CLIError.usage(
        "\(option): \(TerminalSafe.escaped(String(text.prefix(80)))): the system's resolver found no address for it")
    }
    return DNSServer(address: address, port: server.port, name: server.host)
  }

  /// Whether `text` is an IPv4 or IPv6 address literal.
  public static func isAddress(_ text: String) -> Bool {
    var v4 = in_addr()
    var v6 = in6_addr()
    return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
  }

  static func lookUp(_ host: String) -> String? {
    var hints = addrinfo()
    hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
    var result: UnsafeMutablePointer<addrinfo>?
    guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return nil }
    defer { freeaddrinfo(first) }
    var candidates: [String] = []
    var node: UnsafeMutablePointer<addrinfo>? = first
    while let entry = node {
      var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
      if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST)
        == 0
      {
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        candidates.append(text)
      }
      node = entry.pointee.ai_next
    }
    return candidates.first { !$0.contains(":") } ?? candidates.first
  }

  /// The system's resolvers from /etc/resolv.conf (`nameserver` lines), for when no
  /// `--resolver` is given.
  public static func systemResolvers(path: String = "/etc/resolv.conf") -> [DNSServer] {
    guard let file = fopen(path, "r") else { return [] }
    defer { fclose(file) }
    var servers: [DNSServer] = []
    var line: UnsafeMutablePointer<CChar>?
    var capacity = 0
    while getline(&line, &capacity, file) > 0, let line {
      let words = String(cString: line).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
      if words.count >= 2, words[0] == "nameserver" {
        let address = String(words[1].split(separator: "%").first ?? words[1])
        if isAddress(address) { servers.append(DNSServer(address: address)) }
      }
    }
    free(line)
    return servers
  }
}

/// TXT strings from DNS answers made safe for a terminal in the zone-file form: printable ASCII
/// kept, every other byte as `\DDD`. (Text is escaped with the kit's `TerminalSafe`.)
public enum Escape {
  /// Raw bytes (a TXT string): printable ASCII kept, anything else as `\DDD` like DNS zone files.
  public static func bytes(_ value: [UInt8]) -> String {
    var out = ""
    for byte in value {
      if byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\\") && byte != UInt8(ascii: "\"") {
        out.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        let digits = String(byte)
        out += "\\" + String(repeating: "0", count: 3 - digits.count) + digits
      }
    }
    return out
  }
}
