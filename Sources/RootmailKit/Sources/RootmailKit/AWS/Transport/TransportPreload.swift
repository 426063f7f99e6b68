import ArgumentParser

/// A command whose run starts with AWS requests (`dns check`, `mail fetch`): the dispatcher
/// loads the HTTP transport's library for it in the background (`TransportPreload`) while the
/// command line is parsed and the command sets up, instead of at its first request.
@_spi(RootmailHost) public protocol StartsWithAWSRequests {}

/// Loads libRootmailHTTP.so (libcurl and the ~30 libraries under it: 5–9 ms) on a thread of
/// its own, started by the dispatcher as soon as it knows the command asked for starts with AWS
/// requests (`StartsWithAWSRequests`). The dynamic loader runs one load at a time, so this pays
/// off only where the main thread has other work: swift-argument-parser reading the command
/// line and the command making its client (1.2–2.2 ms of a 34–47 ms `dns check`,
/// benchmarks/RESULTS.md). While the load runs, glibc's TLS lock also keeps any thread from
/// being made and from first touching a loaded plugin's thread-local variables, so a command's
/// own threads (the DNS socket waiter) wait for the load as well.
///
/// Only the library is loaded here (`CompanionPreload`); the transport object is still made on
/// the main actor by `TransportLoader`, from the library this load checked and loaded, whatever
/// is at the path by then. A failed preload is silent: the transport's own load reports why.
/// Loading off the main thread is safe for this library only because nothing under it is
/// libFoundation.so, whose load-time initialiser takes the thread it runs on for the main
/// thread (`CompanionLibrary`); a test keeps it so.
@_spi(RootmailHost) public enum TransportPreload {
  /// The type `arguments` (command first, as `CommandLineScan` leaves them) name among
  /// `commands`: the top-level command, then each following word that names a subcommand of
  /// the one before, else that one's default subcommand; nil past `maxDepth` levels (a plugin's
  /// default subcommands that lead back to themselves).
  public static func commandType(for arguments: [String], among commands: [any ParsableCommand.Type])
    -> (any ParsableCommand.Type)?
  {
    guard let first = arguments.first,
      var type = commands.first(where: { ArgumentParserInternals.commandName(of: $0) == first })
    else { return nil }
    var words = arguments.dropFirst()[...]
    for _ in 0..<maxDepth {
      if let word = words.first, let sub = ArgumentParserInternals.subcommand(word, of: type) {
        type = sub
        words = words.dropFirst()
      } else if let fallback = type.configuration.defaultSubcommand {
        type = fallback
      } else {
        return type
      }
    }
    return nil
  }

  /// The deepest command tree `commandType` walks.
  static let maxDepth = 16

  /// Whether `arguments` ask for a command that starts with AWS requests.
  public static func wanted(for arguments: [String], among commands: [any ParsableCommand.Type]) -> Bool {
    commandType(for: arguments, among: commands) is any StartsWithAWSRequests.Type
  }

  /// Starts loading the library, once per process; false when it was started before or no
  /// thread could be made.
  @discardableResult
  public static func start() -> Bool {
    guard let path = try? CompanionLibrary.path(of: TransportLoader.libraryName) else { return false }
    return CompanionPreload.start(path)
  }

  /// Waits for a started load to end (`Dispatcher.main`, before the process exits).
  public static func wait() { CompanionPreload.waitForAll() }
}
