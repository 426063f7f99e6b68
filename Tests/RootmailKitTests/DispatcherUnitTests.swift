@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Synchronization
import Testing

/// The dispatcher without a process: the exit status and the messages it writes for each kind
/// of command line, with no plugin folder (the process-wide command tree makes these serial).
@Suite(.serialized) struct DispatcherUnitTests {
  /// What a run wrote: stdout and stderr.
  final class Streams: Sendable {
    let text = Mutex<(out: String, err: String)>(("", ""))
    var out: String { text.withLock { $0.out } }
    var err: String { text.withLock { $0.err } }
  }

  func dispatch(_ arguments: [String], raw: [[UInt8]]? = nil) async throws -> (status: Int32, streams: Streams) {
    let folder = try TemporaryFolder()
    let streams = Streams()
    let dispatcher = Dispatcher(
      arguments: arguments, rawArguments: raw,
      environment: [
        "HOME": folder.path, "XDG_CONFIG_HOME": folder.path + "/config", "XDG_CACHE_HOME": folder.path + "/cache",
        "XDG_DATA_HOME": folder.path + "/data", "ROOTMAIL_PLUGIN_PATH": "",
      ],
      executablePath: folder.path + "/bin/rootmail",
      write: { text, toError in
        streams.text.withLock { if toError { $0.err += text } else { $0.out += text } }
      })
    return (await dispatcher.run(), streams)
  }

  @Test func versionIsPrintedOnStdout() async throws {
    let (status, streams) = try await dispatch(["--version"])
    #expect(status == 0)
    #expect(streams.out == HostSession.version + "\n")
    #expect(streams.err.isEmpty)
  }

  @Test func rootHelpListsTheBuiltinsAndTheGlobalOptionsOnce() async throws {
    let (status, streams) = try await dispatch(["--help"])
    #expect(status == 0)
    #expect(streams.out.contains("USAGE: rootmail"))
    #expect(streams.out.contains("plugins"))
    #expect(streams.out.components(separatedBy: "GLOBAL OPTIONS:").count == 2)
  }

  @Test func aTypoInABuiltinGetsDidYouMean() async throws {
    let (status, streams) = try await dispatch(["plugns", "list"])
    #expect(status == ExitStatus.usage.rawValue)
    #expect(streams.err.contains("plugins"))
    #expect(streams.out.isEmpty)
  }

  @Test func anUnknownCommandWithNoPluginsIsAUsageError() async throws {
    let (status, streams) = try await dispatch(["frobnicate"])
    #expect(status == ExitStatus.usage.rawValue)
    #expect(streams.err.contains("frobnicate"))
  }

  @Test func aMisspelledGlobalOptionIsNamed() async throws {
    let (status, streams) = try await dispatch(["--outptu", "json", "plugins", "list"])
    #expect(status == ExitStatus.usage.rawValue)
    #expect(streams.err.contains("--output"))
  }

  @Test func argumentsThatAreNotUTF8AreRefusedBeforeParsing() async throws {
    let (status, _) = try await dispatch(["plugins", "x"], raw: [Array("plugins".utf8), [0x66, 0xff, 0x6f]])
    #expect(status == ExitStatus.dataError.rawValue)
  }
}
