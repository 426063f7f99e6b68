#if canImport(Glibc)
  import Glibc
#endif

/// A server's IPv4 or IPv6 address as the socket calls take it.
struct SocketAddress {
  private let storage: sockaddr_storage
  let length: socklen_t
  let family: Int32

  /// nil when `server`'s address is not an IP address literal.
  init?(_ server: DNSServer) {
    var storage = sockaddr_storage()
    if server.isIPv6 {
      var address = sockaddr_in6()
      address.sin6_family = sa_family_t(AF_INET6)
      address.sin6_port = server.port.bigEndian
      guard inet_pton(AF_INET6, server.address, &address.sin6_addr) == 1 else { return nil }
      withUnsafeBytes(of: address) { bytes in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: bytes) } }
      (length, family) = (socklen_t(MemoryLayout<sockaddr_in6>.size), AF_INET6)
    } else {
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_port = server.port.bigEndian
      guard inet_pton(AF_INET, server.address, &address.sin_addr) == 1 else { return nil }
      withUnsafeBytes(of: address) { bytes in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: bytes) } }
      (length, family) = (socklen_t(MemoryLayout<sockaddr_in>.size), AF_INET)
    }
    self.storage = storage
  }

  /// Calls `body` with the address as a `sockaddr` pointer.
  func withPointer<T>(_ body: (UnsafePointer<sockaddr>) -> T) -> T {
    withUnsafeBytes(of: storage) { body($0.baseAddress!.assumingMemoryBound(to: sockaddr.self)) }
  }
}
