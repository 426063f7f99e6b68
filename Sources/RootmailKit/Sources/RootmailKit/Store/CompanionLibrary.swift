#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Loads a kit companion library (a dynamic library beside libRootmailKit.so that carries a
/// heavy dependency, such as GRDB) and calls its one `@_cdecl` factory symbol.
///
/// The library is loaded on the main actor. A library that brings in libFoundation.so must not
/// be dlopen'ed from a cooperative thread: Foundation's load-time initialiser then takes the
/// main queue away from the async main, whose last hop back to the main actor never runs, and
/// the process hangs after its work is done (seen with Swift 6.3.1 on Linux).
public enum CompanionLibrary {
  /// The symbol a store engine library exports: `() -> UnsafeMutableRawPointer`, a retained
  /// object conforming to `MappingStoreEngine`.
  public static let storeEngineSymbol = "rootmail_store_engine"

  /// The engine exported by `fileName` in the kit's folder.
  public static func loadStoreEngine(fileName: String) async throws -> any MappingStoreEngine {
    let raw = try await MainActor.run { RawPointer(try call(symbol: storeEngineSymbol, in: fileName)) }
    let object = Unmanaged<AnyObject>.fromOpaque(raw.pointer).takeRetainedValue()
    guard let engine = object as? any MappingStoreEngine else {
      throw CLIError.configuration("\(fileName) does not provide a mapping store engine", hint: "reinstall rootmail")
    }
    return engine
  }

  private struct RawPointer: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    init(_ pointer: UnsafeMutableRawPointer) { self.pointer = pointer }
  }

  /// Opens `fileName` from the kit's folder and calls its factory symbol (on the main actor).
  @MainActor
  public static func call(symbol: String, in fileName: String) throws -> UnsafeMutableRawPointer {
    guard let folder = KitImage.folder else {
      throw CLIError.configuration("cannot find the folder of libRootmailKit.so to load \(fileName) from")
    }
    let path = folder + "/" + fileName
    guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
      let message = dlerror().map { String(cString: $0) } ?? "unknown error"
      throw CLIError.configuration("cannot load \(path): \(message)", hint: "reinstall rootmail (make install)")
    }
    guard let entry = dlsym(handle, symbol) else {
      throw CLIError.configuration("\(path) has no symbol \(symbol)", hint: "reinstall rootmail (make install)")
    }
    typealias Factory = @convention(c) () -> UnsafeMutableRawPointer?
    guard let raw = unsafeBitCast(entry, to: Factory.self)() else {
      throw CLIError.configuration("\(path): \(symbol) returned nothing")
    }
    return raw
  }
}
