#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Loads a kit companion library: a dynamic library beside libRootmailKit.so that carries a
/// heavy dependency (libcurl for the HTTP transport, GRDB for the SQLite store),
/// opened with dlopen only when a command needs it, and exposing one `@_cdecl` factory symbol
/// `() -> UnsafeMutableRawPointer` that returns a retained object conforming to a kit protocol.
///
/// The library is opened on the main actor, always. A library that brings in libFoundation.so
/// must not be dlopen'ed from a cooperative thread: CoreFoundation's load-time initialiser takes
/// the thread it runs on for the main thread and from then on drains the main queue only from
/// that thread's run loop, so every later hop to the main actor (the end of an async `main`)
/// waits forever and the process hangs after its work is done (seen with Swift 6.3.1 on Linux).
@_spi(RootmailHost) public enum CompanionLibrary {
  /// Where `fileName` is loaded from: the folder of libRootmailKit.so (`KitImage.folder`).
  /// There is no environment variable naming another library: what is loaded into a process
  /// that may run as root comes only from where rootmail is installed.
  public static func path(of fileName: String) throws -> String {
    guard let folder = KitImage.folder else {
      throw CLIError.configuration("cannot find the folder of libRootmailKit.so to load \(fileName) from")
    }
    return folder + "/" + fileName
  }

  /// The object a factory returned (retained), as a `T`.
  static func object<T>(_ raw: UnsafeMutableRawPointer, from path: String, symbol: String, as type: T.Type) throws -> T {
    guard let typed = Unmanaged<AnyObject>.fromOpaque(raw).takeRetainedValue() as? T else {
      throw CLIError.configuration("\(path): \(symbol) did not return a \(T.self)", hint: "reinstall rootmail (make install)")
    }
    return typed
  }

  /// Opens the library at `path` and calls its factory symbol; main actor only (see above).
  /// A library preloaded from `path` (`CompanionPreload`) is used as that load left it, without
  /// opening the path again; else it is loaded now (`load`).
  @MainActor
  public static func call(symbol: String, at path: String) throws -> UnsafeMutableRawPointer {
    let handle = try CompanionPreload.handle(for: path)?.raw ?? load(at: path)
    return try make(symbol: symbol, in: handle, from: path)
  }

  /// Loads the library at `path` with its dependencies, on the thread that calls it: the file
  /// is checked as a plugin is (`FileTrust`: owner, modes, every ancestor folder, no link)
  /// through one descriptor, and that descriptor is what is loaded. Off the main actor only for
  /// a library with no libFoundation.so under it (see above; `CompanionPreload`).
  static func load(at path: String) throws -> UnsafeMutableRawPointer {
    let opened: FileTrust.OpenFile
    switch FileTrust.open(path, what: "library", followLinks: false) {
    case .success(let o): opened = o
    case .failure(let problem):
      throw CLIError.configuration("refusing to load \(path): \(problem.reason)", hint: "reinstall rootmail (make install)")
    }
    // A loaded library keeps its descriptor open for the life of the process: the dynamic
    // loader knows it by the name /proc/self/fd/N, and a later library opened on the same
    // number would be taken for it.
    // RTLD_LAZY: the companions' dependencies that are not linked BIND_NOW (Foundation and its
    // ICU, about 5,600 PLT entries) bind a function on its first call instead of all at load;
    // Swift code reaches its symbols through the GOT, which is bound at load either way.
    guard let handle = dlopen(opened.procPath, RTLD_LAZY | RTLD_LOCAL) else {
      let message = (dlerror().map { String(cString: $0) } ?? "unknown error").replacing(opened.procPath, with: path)
      opened.close()
      throw CLIError.configuration(
        "cannot load \(path): \(message)", hint: "reinstall rootmail (make install); it belongs beside libRootmailKit.so")
    }
    return handle
  }

  /// Calls the factory `symbol` of the loaded library `handle` (from `path`).
  private static func make(symbol: String, in handle: UnsafeMutableRawPointer, from path: String) throws
    -> UnsafeMutableRawPointer
  {
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
