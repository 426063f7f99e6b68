import Foundation
@_spi(RootmailHost) import RootmailKit
import Testing

/// What the embedded engine promises about its file: private permissions, WAL mode, the
/// default location, and one schema version shared by every process.
@Suite struct SQLiteFileTests {
  @Test func theDefaultStoreIsAPrivateFileInAPrivateFolderUnderXDGDataHome() async throws {
    let home = try TemporaryFolder.make()
    let environment = ["XDG_DATA_HOME": home + "/data", "HOME": home]
    let config = try ConfigLoader(environment: environment).load()
    let store = try await MappingStoreFactory.open(context: CommandContext(config: config, environment: environment))
    try await store.insert(sampleRecord())
    let path = home + "/data/rootmail/rootmail.sqlite"
    #expect(store.locationDescription == "sqlite:" + path)
    #expect(try mode(of: path) == 0o600)
    #expect(try mode(of: home + "/data/rootmail") == 0o700)
    #expect(try mode(of: path + "-wal") == 0o600)
  }

  @Test func theFileIsInWALModeWithTheMigrationsRecorded() async throws {
    let folder = try TemporaryFolder.make()
    let path = folder + "/s.sqlite"
    let config = try ConfigLoader(environment: ["ROOTMAIL_STORE": "sqlite:" + path]).load()
    _ = try await MappingStoreFactory.open(context: CommandContext(config: config, environment: [:]))
    #expect(try sqlite(path, "PRAGMA journal_mode") == "wal")
    #expect(try sqlite(path, "SELECT identifier FROM grdb_migrations ORDER BY 1") == "v1-mappings\nv2-enum-number")
  }

  @Test func storeLocationsParse() throws {
    let env = ["XDG_DATA_HOME": "/d", "HOME": "/h"]
    #expect(
      try StoreLocator.parse("sqlite", environment: env) == StoreLocation(scheme: "sqlite", target: "/d/rootmail/rootmail.sqlite")
    )
    #expect(try StoreLocator.parse("sqlite:/x/y.db", environment: env) == StoreLocation(scheme: "sqlite", target: "/x/y.db"))
    #expect(try StoreLocator.parse("sqlite:~/m.db", environment: env) == StoreLocation(scheme: "sqlite", target: "/h/m.db"))
    #expect(
      try StoreLocator.parse("dynamodb:AWSAccountTable", environment: env)
        == StoreLocation(scheme: "dynamodb", target: "AWSAccountTable"))
    #expect(throws: CLIError.self) { try StoreLocator.parse("dynamodb:", environment: env) }
    #expect(throws: CLIError.self) { try StoreLocator.parse("", environment: env) }
  }

  @Test func anUnregisteredEngineIsAConfigurationError() async throws {
    // Reading the configuration refuses it already (`ConfigLoaderTests`); a store opened
    // with such a value anyway is refused too.
    #expect(throws: CLIError.self) { try ConfigLoader(environment: ["ROOTMAIL_STORE": "nosuch:thing"]).load() }
    var config = try ConfigLoader(environment: [:]).load()
    config.override(.store, with: .string("nosuch:thing"), flag: "--store")
    do {
      _ = try await MappingStoreFactory.open(context: CommandContext(config: config, environment: [:]))
      Issue.record("opened a store of an unknown engine")
    } catch let error as CLIError {
      #expect(error.exitStatus == .configuration)
      #expect(error.message.contains("nosuch"))
    }
  }

  func mode(of path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as! NSNumber).intValue & 0o777
  }

  func sqlite(_ path: String, _ sql: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [path, sql]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
