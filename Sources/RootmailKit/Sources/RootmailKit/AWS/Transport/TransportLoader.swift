import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Loads the HTTP transport from libRootmailHTTP.so beside libRootmailKit.so the first time it
/// is asked for, through one `@_cdecl` factory symbol; later calls return the same transport.
public enum TransportLoader {
  /// The library file name, looked for in `KitImage.folder`.
  public static let libraryName = "libRootmailHTTP.so"
  /// The factory symbol: `() -> UnsafeMutableRawPointer` (a retained `HTTPTransport` object).
  public static let factorySymbol = "rootmail_http_transport_create"

  private static let cached = Mutex<(any HTTPTransport)?>(nil)

  /// The process's shared transport, loading the library on first use. The library is opened
  /// on the main actor: Foundation's CoreFoundation takes the thread it initialises on for the
  /// main thread and, from then on, drains the main queue only from that thread's run loop, so
  /// loading it on a worker thread would leave every later main-actor hop (the end of an async
  /// `main`) waiting forever.
  public static func shared() async throws -> any HTTPTransport {
    if let ready = cached.withLock({ $0 }) { return ready }
    return try await MainActor.run { try loadOnce() }
  }

  static func loadOnce() throws -> any HTTPTransport {
    try cached.withLock { slot in
      if let slot { return slot }
      let transport = try load(from: libraryPath())
      slot = transport
      return transport
    }
  }

  /// Where the library is expected: `$ROOTMAIL_HTTP_LIBRARY`, else beside the kit.
  public static func libraryPath() throws -> String {
    if let override = getenv("ROOTMAIL_HTTP_LIBRARY").map({ String(cString: $0) }), !override.isEmpty {
      return override
    }
    guard let folder = KitImage.folder else {
      throw CLIError.configuration("cannot find the folder of libRootmailKit.so to load \(libraryName) from")
    }
    return folder + "/" + libraryName
  }

  /// Opens the library at `path` and makes a transport with its factory.
  public static func load(from path: String) throws -> any HTTPTransport {
    guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
      let reason = dlerror().map { String(cString: $0) } ?? "unknown error"
      throw CLIError.configuration(
        "cannot load the HTTP transport \(path): \(reason)",
        hint: "reinstall rootmail; \(libraryName) belongs beside libRootmailKit.so")
    }
    guard let symbol = dlsym(handle, factorySymbol) else {
      throw CLIError.configuration("\(path) has no symbol \(factorySymbol)")
    }
    typealias Factory = @convention(c) () -> UnsafeMutableRawPointer
    let object = Unmanaged<AnyObject>.fromOpaque(unsafeBitCast(symbol, to: Factory.self)()).takeRetainedValue()
    guard let transport = object as? any HTTPTransport else {
      throw CLIError.configuration("\(path) did not return an HTTP transport")
    }
    return transport
  }
}
