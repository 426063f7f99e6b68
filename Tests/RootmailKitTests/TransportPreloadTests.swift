import ArgumentParser
import Foundation
@_spi(RootmailHost) import RootmailTestSupport
import Synchronization
import Testing

@_spi(RootmailHost) @testable import RootmailKit

/// `TransportPreload`: which command lines load the HTTP transport's library in the background,
/// and that a preloaded library is the one the transport is then made from.
@Suite struct TransportPreloadTests {
  struct Fetch: ParsableCommand, StartsWithAWSRequests {
    static let configuration = CommandConfiguration(commandName: "fetch", aliases: ["get"])
  }
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list")
  }
  struct Box: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "box", subcommands: [Fetch.self, List.self])
  }
  struct Check: ParsableCommand, StartsWithAWSRequests {
    static let configuration = CommandConfiguration(commandName: "check")
  }
  struct Zone: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "zone", subcommands: [Check.self, List.self], defaultSubcommand: Check.self)
  }
  /// A plugin's command whose default subcommand is itself.
  struct Loop: ParsableCommand, StartsWithAWSRequests {
    static let configuration = CommandConfiguration(commandName: "loop", defaultSubcommand: Loop.self)
  }
  static let commands: [any ParsableCommand.Type] = [Box.self, Zone.self, Loop.self]

  func resolved(_ words: [String]) -> String? {
    TransportPreload.commandType(for: words, among: Self.commands).map { String(describing: $0) }
  }

  @Test func theCommandIsFoundAsTheParserWouldFindIt() {
    #expect(resolved(["box", "fetch", "--bucket", "b"]) == "Fetch")
    #expect(resolved(["box", "get"]) == "Fetch")
    #expect(resolved(["box", "list", "fetch"]) == "List")
    // A word that names no subcommand ends the walk at the command before it.
    #expect(resolved(["box", "--bucket", "fetch"]) == "Box")
    // No subcommand named: the default one runs.
    #expect(resolved(["zone", "--domain", "x"]) == "Check")
    #expect(resolved(["zone", "list"]) == "List")
    #expect(resolved(["nothing", "fetch"]) == nil)
    #expect(resolved([]) == nil)
    // A default subcommand that leads back to itself ends the walk with nothing found.
    #expect(resolved(["loop", "fetch"]) == nil)
  }

  @Test func onlyCommandsStartingWithAWSRequestsWantIt() {
    #expect(TransportPreload.wanted(for: ["box", "fetch"], among: Self.commands))
    #expect(TransportPreload.wanted(for: ["zone"], among: Self.commands))
    #expect(!TransportPreload.wanted(for: ["box", "list"], among: Self.commands))
    #expect(!TransportPreload.wanted(for: ["box"], among: Self.commands))
    #expect(!TransportPreload.wanted(for: ["zone", "list"], among: Self.commands))
    #expect(!TransportPreload.wanted(for: ["other"], among: Self.commands))
    #expect(!TransportPreload.wanted(for: ["loop"], among: Self.commands))
  }

  /// How many times the file `name` (or `name.<more>`, as `libcurl.so.4.8.0` for
  /// `libcurl.so.4`) is mapped into this process: its mappings at offset 0, one per load.
  func loads(of name: String) throws -> Int {
    // Read to its end: /proc files have no size for Foundation's whole-file readers to go by.
    let maps = try #require(FileHandle(forReadingAtPath: "/proc/self/maps"))
    defer { try? maps.close() }
    let text = String(decoding: try maps.readToEnd() ?? Data(), as: UTF8.self)
    return text.split(separator: "\n").filter { line in
      let fields = line.split(separator: " ", omittingEmptySubsequences: true)
      guard fields.count >= 6, fields[2] == "00000000", let file = fields[5].split(separator: "/").last else { return false }
      return file == name || file.hasPrefix(name + ".")
    }.count
  }

  @Test func aPreloadedLibraryIsTheOneTheTransportComesFrom() async throws {
    // Started once per process; a second start is refused until then.
    let started = TransportPreload.start()
    TransportPreload.wait()
    #expect(try loads(of: TransportLoader.libraryName) == 1)
    #expect(try loads(of: "libcurl.so.4") == 1)
    _ = try await TransportLoader.shared()
    // The transport's own load found the same file loaded: still one copy of each.
    #expect(try loads(of: TransportLoader.libraryName) == 1)
    #expect(try loads(of: "libcurl.so.4") == 1)
    if started { #expect(!TransportPreload.start()) }
  }

  /// A file put at the path after the preload checked and loaded the one there is never
  /// loaded: the transport is made from the library the preload loaded. (Here a copy of the
  /// transport's library, then a file that is no library at all: loading that would fail.)
  @MainActor
  @Test func theTransportIsMadeFromTheFileThePreloadChecked() throws {
    let folder = try TemporaryFolder(prefix: "rootmail-preload")
    // Another name than the library's: the test beside it counts the library's loads by name.
    let path = folder.path + "/transport-copy.so"
    try FileManager.default.copyItem(atPath: try CompanionLibrary.path(of: TransportLoader.libraryName), toPath: path)
    #expect(CompanionPreload.start(path))
    #expect(!CompanionPreload.start(path))
    CompanionPreload.waitForAll()
    let swapped = try folder.write("swap", "not a library\n", mode: 0o755)
    #expect(rename(swapped, path) == 0)
    let raw = try CompanionLibrary.call(symbol: TransportLoader.factorySymbol, at: path)
    _ = try CompanionLibrary.object(raw, from: path, symbol: TransportLoader.factorySymbol, as: (any HTTPTransport).self)
    // Without a preload, the same path is refused as what it now is.
    let other = folder.path + "/other.so"
    #expect(rename(path, other) == 0)
    #expect(throws: CLIError.self) { try CompanionLibrary.call(symbol: TransportLoader.factorySymbol, at: other) }
  }

  /// Two waiters at once (the transport's load on the main actor and the exit's wait, say):
  /// neither goes on before the load has ended, though only one of them can join its thread.
  /// Here the load is held until both wait; each must then see what it left.
  @Test func everyWaiterWaitsForTheLoadToEnd() throws {
    let path = "/nonexistent/rootmail-preload-\(UInt64.random(in: 0...UInt64.max)).so"
    let released = Mutex(false)
    let token = CompanionPreload.Handle(raw: try #require(UnsafeMutableRawPointer(bitPattern: 0x1000)))
    #expect(
      CompanionPreload.start(path) { _ in
        while !released.withLock({ $0 }) { usleep(1000) }
        return token
      })
    let waiting = DispatchGroup()
    let results = Mutex<[Int?]>([])
    let entered = DispatchSemaphore(value: 0)
    for _ in 0..<2 {
      waiting.enter()
      Thread.detachNewThread {
        entered.signal()
        let handle = CompanionPreload.handle(for: path)
        results.withLock { $0.append(handle.map { Int(bitPattern: $0.raw) }) }
        waiting.leave()
      }
    }
    entered.wait()
    entered.wait()
    // Both are on their way in; give them time to reach the wait before the load ends.
    usleep(50_000)
    #expect(results.withLock { $0.isEmpty }, "a waiter went on while the load ran")
    released.withLock { $0 = true }
    waiting.wait()
    #expect(results.withLock { $0 } == [0x1000, 0x1000])
    CompanionPreload.waitForAll()
  }

  /// Loading off the main thread is safe only because nothing under the library is
  /// libFoundation.so (`CompanionLibrary`): its dependencies, as the dynamic loader resolves
  /// them, must not include it.
  @Test func nothingUnderTheTransportLibraryIsFoundation() throws {
    let path = try CompanionLibrary.path(of: TransportLoader.libraryName)
    let ldd = Process()
    ldd.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
    ldd.arguments = [path]
    let out = Pipe()
    ldd.standardOutput = out
    try ldd.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    ldd.waitUntilExit()
    #expect(ldd.terminationStatus == 0)
    #expect(text.contains("libcurl.so.4"))
    #expect(!text.contains("libFoundation.so"))
    #expect(!text.contains("not found"))
  }
}
