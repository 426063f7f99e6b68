import Synchronization

/// The HTTP transport, from the companion library libRootmailHTTP.so beside libRootmailKit.so
/// (`CompanionLibrary`, so on the main actor), loaded the first time it is asked for; later
/// calls return the same transport.
public enum TransportLoader {
  /// The library file name, looked for in `KitImage.folder` (and nowhere else).
  public static let libraryName = "libRootmailHTTP.so"
  /// The factory symbol: `() -> UnsafeMutableRawPointer` (a retained `HTTPTransport` object).
  public static let factorySymbol = "rootmail_http_transport_create"

  private static let cached = Mutex<(any HTTPTransport)?>(nil)

  /// The process's shared transport, loading the library on first use.
  public static func shared() async throws -> any HTTPTransport {
    if let ready = cached.withLock({ $0 }) { return ready }
    let loaded = try await CompanionLibrary.load(
      libraryName, symbol: factorySymbol, as: (any HTTPTransport).self)
    return cached.withLock { slot in
      if let slot { return slot }
      slot = loaded
      return loaded
    }
  }
}
