#if canImport(FoundationEssentials)
  import FoundationEssentials
#endif
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A plugin the host accepted and loaded.
@_spi(RootmailHost) public struct LoadedPlugin: Sendable {
  public let file: PluginFile
  public let descriptor: PluginDescriptor
  public let toolchain: String
}

/// Loads one plugin file, checking before anything in it runs that it is ELF, that it was built
/// by this host's toolchain (the `.comment` stamp), that it loads with every symbol resolved,
/// and that it was compiled against this kit's ABI version.
@_spi(RootmailHost) public struct PluginLoader: Sendable {
  /// The toolchain stamp the host was built with (read from libRootmailKit.so).
  public let hostToolchain: String?

  public init(hostToolchain: String?) { self.hostToolchain = hostToolchain }

  /// The loader for this process: the stamp of the kit library that is loaded.
  public static func forThisProcess() -> PluginLoader {
    PluginLoader(hostToolchain: KitImage.path.flatMap { try? ELFImage(path: $0).toolchainStamp })
  }

  public func load(_ file: PluginFile) -> Result<LoadedPlugin, PluginRefusal> {
    func refuse(_ reason: String) -> Result<LoadedPlugin, PluginRefusal> {
      .failure(PluginRefusal(path: file.path, reason: reason))
    }
    // Opened once (no link followed), checked through the descriptor, its ELF header and stamp
    // read from it, and that same descriptor loaded: what was checked is what runs.
    let opened: FileTrust.OpenFile
    switch FileTrust.open(file.path, what: "file", followLinks: false) {
    case .success(let o): opened = o
    case .failure(let problem): return refuse(problem.reason)
    }
    // A loaded library keeps its descriptor open for the life of the process: the dynamic
    // loader knows it by the name /proc/self/fd/N, and a later library opened on the same
    // number would be taken for it.
    var loaded = false
    defer { if !loaded { opened.close() } }
    let image: ELFImage
    do { image = try ELFImage(read: opened.read) } catch { return refuse("\(error)") }
    let stamp = image.toolchainStamp ?? "unknown (no .comment section)"
    if let host = hostToolchain, stamp != host {
      return refuse("built by toolchain \(stamp); this rootmail needs \(host) (rebuild the plugin with this toolchain)")
    }
    guard let handle = dlopen(opened.procPath, RTLD_NOW | RTLD_LOCAL) else {
      let message = dlerror().map { String(cString: $0) } ?? "unknown error"
      return refuse("cannot be loaded: \(message.replacing(opened.procPath, with: file.path))")
    }
    loaded = true
    // A refused library stays mapped: the Swift runtime registers an image's metadata when it
    // is loaded, and unloading it would leave the runtime pointing into unmapped memory.
    guard let abiSymbol = dlsym(handle, PluginABI.abiSymbol) else {
      return refuse("missing entry symbol \(PluginABI.abiSymbol) (not a rootmail plugin)")
    }
    typealias ABIFunction = @convention(c) () -> Int32
    let abi = unsafeBitCast(abiSymbol, to: ABIFunction.self)()
    guard abi == PluginABI.hostKitVersion else {
      return refuse("built against kit ABI \(abi); this rootmail needs kit ABI \(PluginABI.hostKitVersion) (rebuild the plugin)")
    }
    // A plugin on the kit's internal interface (one of rootmail's own) ships with its host.
    if let interfaceSymbol = dlsym(handle, PluginABI.hostInterfaceSymbol) {
      let interface = unsafeBitCast(interfaceSymbol, to: ABIFunction.self)()
      guard interface == PluginABI.hostInterfaceOfKit else {
        return refuse(
          "built against host interface \(interface) of another rootmail build; this one has \(PluginABI.hostInterfaceOfKit)"
            + " (a plugin on the kit's internal API ships with its rootmail: install both from one release)")
      }
    }
    guard let entry = dlsym(handle, PluginABI.descriptorSymbol) else {
      return refuse("missing entry symbol \(PluginABI.descriptorSymbol)")
    }
    typealias EntryFunction = @convention(c) () -> UnsafeMutableRawPointer?
    guard let raw = unsafeBitCast(entry, to: EntryFunction.self)() else { return refuse("entry returned no descriptor") }
    // The plugin stays loaded for the life of the process: its types are now in use.
    let descriptor = Unmanaged<PluginDescriptor>.fromOpaque(raw).takeRetainedValue()
    return .success(LoadedPlugin(file: file, descriptor: descriptor, toolchain: stamp))
  }
}

/// Where libRootmailKit.so is loaded from; the kit's lazily loaded companions live beside it.
/// Found by asking the dynamic loader (dladdr) which object holds a kit function, or, failing
/// that, by looking its address up in /proc/self/maps. (The maps file alone is not enough: it is
/// not read atomically, and while other threads map memory a line can be skipped.)
@_spi(RootmailHost) public enum KitImage {
  public static let path: String? = {
    let anchor: @convention(c) () -> Void = rootmailKitAnchor
    let pointer = unsafeBitCast(anchor, to: UnsafeRawPointer.self)
    if let path = loaderPath(of: pointer) { return path }
    for _ in 0..<3 {
      if let path = mapsPath(of: UInt(bitPattern: pointer)) { return path }
    }
    return nil
  }()

  public static var folder: String? { path.map(Path.directory(of:)) }

  /// dladdr(3), called through dlsym because Glibc's module does not export it or `Dl_info`
  /// (four pointers; the first is the object's file name).
  static func loaderPath(of pointer: UnsafeRawPointer) -> String? {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "dladdr") else { return nil }
    typealias DladdrFunction = @convention(c) (UnsafeRawPointer?, UnsafeMutableRawPointer?) -> Int32
    let dladdr = unsafeBitCast(symbol, to: DladdrFunction.self)
    var info: (UnsafePointer<CChar>?, UnsafeRawPointer?, UnsafePointer<CChar>?, UnsafeRawPointer?) = (nil, nil, nil, nil)
    let found = withUnsafeMutableBytes(of: &info) { dladdr(pointer, $0.baseAddress) }
    guard found != 0, let name = info.0 else { return nil }
    let path = String(cString: name)
    return path.hasPrefix("/") ? path : nil
  }

  static func mapsPath(of address: UInt) -> String? {
    guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return nil }
    for line in maps.split(separator: "\n") {
      let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
      guard fields.count == 6, let dash = fields[0].firstIndex(of: "-"),
        let start = UInt(fields[0][..<dash], radix: 16),
        let end = UInt(fields[0][fields[0].index(after: dash)...], radix: 16),
        address >= start, address < end
      else { continue }
      return String(fields[5]).trimmingSpaces()
    }
    return nil
  }
}

@_cdecl("rootmail_kit_anchor") @_spi(RootmailHost) public func rootmailKitAnchor() {}
