/// The HTTP transport, from the companion library libRootmailHTTP.so beside libRootmailKit.so
/// (`CompanionLibrary`, so on the main actor), loaded the first time it is asked for; later
/// calls return the same transport.
@_spi(RootmailHost) public enum TransportLoader {
  /// The library file name, looked for in `KitImage.folder` (and nowhere else).
  public static let libraryName = "libRootmailHTTP.so"
  /// The factory symbol: `() -> UnsafeMutableRawPointer` (a retained `HTTPTransport` object).
  public static let factorySymbol = "rootmail_http_transport_create"

  private static let object = CompanionObject<any HTTPTransport>(library: libraryName, symbol: factorySymbol)

  /// The process's shared transport, loading the library on first use.
  public static func shared() async throws -> any HTTPTransport { try await object.get() }
}
