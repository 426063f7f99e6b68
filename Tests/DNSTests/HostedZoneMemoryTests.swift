import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailPluginDNS
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// `dns check` remembers the hosted zone it found by name (`HostedZoneMemory`) and asks Route53
/// for it at once the next time, beside SES's questions; a zone that is gone or has another
/// name, and a memory file that is foreign, malformed or a link, make it find the zone by name
/// again. Serialized like `DNSCheckTests`: each test runs a lab of NSD servers and moto.
@Suite(.serialized) struct HostedZoneMemoryTests {
  /// A lab with its AWS side and servers up, a private cache folder, and a client whose
  /// requests are logged.
  final class Setup: Sendable {
    let lab: DNSLab
    let folder: TemporaryFolder
    let log = CapturedLog()
    let client: AWSClient
    var memoryPath: String { folder.path + "/cache/rootmail/hosted-zones.json" }
    var name: String { lab.mail + "." }

    init() async throws {
      lab = try DNSLab()
      try await lab.setUpAWS()
      try await lab.start()
      folder = try TemporaryFolder(prefix: "rootmail-zone-memory")
      client = lab.moto.client(region: lab.region, logger: log.logger())
    }

    /// One check with the memory; its report and the Route53 operations it sent, in order.
    func check() async -> (report: CheckReport, route53: [String]) {
      log.lines.withLock { $0.removeAll() }
      var settings = lab.settings()
      settings.zoneMemoryPath = memoryPath
      let report = await DNSCheck(settings: settings, aws: client).run()
      let operations = log.lines.withLock { $0 }.compactMap { line -> String? in
        guard line.hasPrefix("aws request Route53.") else { return nil }
        return String(line.dropFirst("aws request Route53.".count).prefix(while: { $0 != " " }))
      }
      return (report, operations)
    }

    /// What the memory holds for the lab's mail domain (against the lab's moto).
    var remembered: String? { HostedZoneMemory(path: memoryPath, endpoint: lab.moto.url).zoneID(for: name) }

    /// The id of the lab's hosted zone, as Route53 lists it.
    func zoneID() async throws -> String {
      let zones = try await client.route53.listHostedZonesByName(dnsName: name, maxItems: 10)
      return try #require(zones.first { $0.name == name }).id
    }
  }

  static let byName = ["ListHostedZonesByName", "GetHostedZone"]

  @Test func theNextCheckAsksForTheRememberedZoneAtOnce() async throws {
    let s = try await Setup()
    let first = await s.check()
    #expect(first.report.passed, "\(first.report.text())")
    #expect(first.route53 == Self.byName)
    let id = try await s.zoneID()
    #expect(s.remembered == id)
    var st = stat()
    #expect(lstat(s.memoryPath, &st) == 0 && st.st_mode & 0o7777 == 0o600 && st.st_mode & S_IFMT == S_IFREG)
    #expect(stat(s.folder.path + "/cache/rootmail", &st) == 0 && st.st_mode & 0o777 == 0o700)

    let second = await s.check()
    #expect(second.report.passed, "\(second.report.text())")
    #expect(second.route53 == ["GetHostedZone"])
    #expect(s.log.text.contains("/2013-04-01/hostedzone/\(id)\n"), "\(s.log.text)")
  }

  @Test func aZoneMadeAgainIsFoundByNameAndRemembered() async throws {
    let s = try await Setup()
    #expect(await s.check().report.passed)
    let old = try await s.zoneID()
    _ = try await s.client.route53.deleteHostedZone(old)
    _ = try await s.client.route53.createHostedZone(s.lab.mail, callerReference: UUID().uuidString)
    let new = try await s.zoneID()
    #expect(new != old)

    let again = await s.check()
    #expect(again.report.passed, "\(again.report.text())")
    #expect(again.route53 == ["GetHostedZone"] + Self.byName, "the old zone is asked for, then the new one found by name")
    #expect(s.remembered == new)
    #expect(await s.check().route53 == ["GetHostedZone"])
  }

  @Test func aRememberedZoneOfAnotherNameIsNotUsed() async throws {
    let s = try await Setup()
    let (other, _) = try await s.client.route53.createHostedZone("other.\(s.lab.domain)", callerReference: UUID().uuidString)
    HostedZoneMemory(path: s.memoryPath, endpoint: s.lab.moto.url).remember(other.id, for: s.name)
    #expect(s.remembered == other.id)

    let result = await s.check()
    #expect(result.report.passed, "\(result.report.text())")
    #expect(result.route53 == ["GetHostedZone"] + Self.byName)
    #expect(s.remembered == (try await s.zoneID()))
  }

  @Test func noZoneOfTheNameIsForgotten() async throws {
    let s = try await Setup()
    #expect(await s.check().report.passed)
    _ = try await s.client.route53.deleteHostedZone(try await s.zoneID())
    let result = await s.check()
    #expect(result.report.status("delegation.matches-zone") == .fail)
    #expect(result.route53 == ["GetHostedZone", "ListHostedZonesByName"])
    #expect(s.remembered == nil)
    #expect(await s.check().route53 == ["ListHostedZonesByName"], "nothing is asked for by a forgotten id")
  }

  /// Files someone else could have written or planted: each is ignored (the zone is found by
  /// name and the check passes), and no request carries what they say.
  @Test func foreignMalformedAndLinkedFilesAreIgnored() async throws {
    let s = try await Setup()
    let id = try await s.zoneID()
    let endpoint = s.lab.moto.url
    func entry(_ zoneID: String) -> String {
      #"{"zones":[{"endpoint":"\#(endpoint)","name":"\#(s.name)","id":"\#(zoneID)"}]}"#
    }
    let decoy = try s.folder.write("elsewhere/hosted-zones.json", entry(id), mode: 0o600)
    let cases: [(String, () throws -> Void)] = [
      ("world-writable", { try s.folder.write("cache/rootmail/hosted-zones.json", entry(id), mode: 0o666) }),
      (
        "a link to a good file",
        {
          try? FileManager.default.removeItem(atPath: s.memoryPath)
          try FileManager.default.createSymbolicLink(atPath: s.memoryPath, withDestinationPath: decoy)
        }
      ),
      (
        "not JSON, with a terminal escape",
        { try s.folder.write("cache/rootmail/hosted-zones.json", "\u{1b}]0;x\u{7}{", mode: 0o600) }
      ),
      ("a path for an id", { try s.folder.write("cache/rootmail/hosted-zones.json", entry("../../change/\(id)"), mode: 0o600) }),
      ("lower-case id", { try s.folder.write("cache/rootmail/hosted-zones.json", entry(id.lowercased()), mode: 0o600) }),
      (
        "too large",
        {
          let padding = String(repeating: " ", count: 70_000)
          try s.folder.write("cache/rootmail/hosted-zones.json", entry(id) + padding, mode: 0o600)
        }
      ),
    ]
    for (what, plant) in cases {
      try? FileManager.default.removeItem(atPath: s.memoryPath)
      try plant()
      let result = await s.check()
      #expect(result.report.passed, "\(what): \(result.report.text())")
      #expect(result.route53 == Self.byName, "\(what)")
      #expect(!s.log.text.contains("change/"), "\(what)")
    }
    // The link was replaced by a file of rootmail's, never written through.
    #expect(try String(contentsOfFile: decoy, encoding: .utf8) == entry(id))
    var st = stat()
    #expect(lstat(s.memoryPath, &st) == 0 && st.st_mode & S_IFMT == S_IFREG && st.st_mode & 0o777 == 0o600)
  }

  /// `rootmail dns check` itself remembers the zone in its cache folder.
  @Test func theCommandRemembersInTheCacheFolder() async throws {
    let lab = try DNSLab()
    try await lab.setUpAWS()
    try await lab.start()
    let cli = try lab.runner()
    let first = try lab.cli(["--debug"], runner: cli)
    #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
    #expect(first.stderr.contains("Route53.ListHostedZonesByName"))
    #expect(FileManager.default.fileExists(atPath: cli.home.path + "/cache/rootmail/hosted-zones.json"))
    let second = try lab.cli(["--debug"], runner: cli)
    #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
    #expect(second.stderr.contains("Route53.GetHostedZone"), "\(second.stderr)")
    #expect(!second.stderr.contains("Route53.ListHostedZonesByName"), "\(second.stderr)")
  }

}

/// The memory file on its own: per endpoint and name, latest change first, bounded, rewritten
/// only on a change.
@Suite struct HostedZoneMemoryFileTests {
  @Test func keptPerEndpointLatestFirstAndBounded() throws {
    let folder = try TemporaryFolder(prefix: "rootmail-zone-memory")
    let path = folder.path + "/rootmail/hosted-zones.json"
    let aws = HostedZoneMemory(path: path, endpoint: "https://route53.amazonaws.com")
    let moto = HostedZoneMemory(path: path, endpoint: "http://127.0.0.1:5000")
    #expect(aws.zoneID(for: "aws.example.com.") == nil, "no file yet")
    aws.remember("Z1AWS", for: "aws.example.com.")
    #expect(aws.zoneID(for: "aws.example.com.") == "Z1AWS")
    #expect(moto.zoneID(for: "aws.example.com.") == nil)
    moto.remember("Z2MOTO", for: "aws.example.com.")
    #expect(aws.zoneID(for: "aws.example.com.") == "Z1AWS")
    #expect(moto.zoneID(for: "aws.example.com.") == "Z2MOTO")

    var before = stat()
    #expect(stat(path, &before) == 0)
    aws.remember("Z1AWS", for: "aws.example.com.")
    var after = stat()
    #expect(stat(path, &after) == 0 && after.st_ino == before.st_ino, "an unchanged memory is not written again")

    for i in 0..<70 { aws.remember("Z\(i)", for: "n\(i).example.com.") }
    // 64 kept: the latest 64 names, the two earlier entries and the first six names dropped.
    #expect(aws.zoneID(for: "n69.example.com.") == "Z69")
    #expect(aws.zoneID(for: "n6.example.com.") == "Z6")
    #expect(aws.zoneID(for: "n5.example.com.") == nil, "the oldest are dropped")
    #expect(moto.zoneID(for: "aws.example.com.") == nil)
    aws.remember(nil, for: "n69.example.com.")
    #expect(aws.zoneID(for: "n69.example.com.") == nil)
    aws.remember("not an id", for: "bad.example.com.")
    #expect(aws.zoneID(for: "bad.example.com.") == nil)
  }

  /// Files a check may find that no rootmail wrote: nested as deep as the JSON reader takes
  /// and deeper, objects of the wrong shape, and the largest file read. Each is as if empty,
  /// read on a task as the check reads it, and the next remember replaces it.
  @Test func filesOfTheWrongShapeAreAsIfEmpty() async throws {
    let folder = try TemporaryFolder(prefix: "rootmail-zone-memory")
    let zone = #"{"endpoint":"e","name":"aws.example.com.","id":"ZGOOD"}"#
    let texts = [
      String(repeating: "[", count: 511) + String(repeating: "]", count: 511),
      #"{"zones":"# + String(repeating: "[", count: 5_000),
      #"{"zones":{"endpoint":"e"}}"#, #"{"zones":[["e","aws.example.com.","ZGOOD"]]}"#,
      #"{"zones":[{"endpoint":1,"name":"aws.example.com.","id":"ZGOOD"}]}"#,
      #"{"zones":[\#(zone)]}"# + String(repeating: " ", count: 64 << 10),
    ]
    for text in texts {
      let path = try folder.write("rootmail/hosted-zones.json", text, mode: 0o600)
      let memory = HostedZoneMemory(path: path, endpoint: "e")
      #expect(await Task { memory.zoneID(for: "aws.example.com.") }.value == nil, "\(text.prefix(40))")
      memory.remember("ZNEW", for: "aws.example.com.")
      #expect(memory.zoneID(for: "aws.example.com.") == "ZNEW", "\(text.prefix(40))")
    }
    // The control: the same entry in a file of the right shape is read.
    let good = try folder.write("rootmail/hosted-zones.json", #"{"zones":[\#(zone)]}"#, mode: 0o600)
    #expect(HostedZoneMemory(path: good, endpoint: "e").zoneID(for: "aws.example.com.") == "ZGOOD")
  }

  /// A cache folder and file of another user (`nobody`, a shared machine's attacker, where
  /// `XDG_CACHE_HOME` points into their folder): root neither reads the file nor writes into
  /// the folder. The same file as root's own is read.
  @Test func anotherUsersFileOrFolderIsNeitherReadNorWritten() throws {
    let nobody: uid_t = 65534
    let folder = try TemporaryFolder(prefix: "rootmail-zone-memory")
    let text = #"{"zones":[{"endpoint":"e","name":"aws.example.com.","id":"ZPLANTED"}]}"#
    let mine = try folder.write("mine/rootmail/hosted-zones.json", text, mode: 0o600)
    #expect(HostedZoneMemory(path: mine, endpoint: "e").zoneID(for: "aws.example.com.") == "ZPLANTED")

    let theirs = try folder.makeFolder("theirs/rootmail", mode: 0o755)
    let planted = try folder.write("theirs/rootmail/hosted-zones.json", text, mode: 0o644)
    for path in [folder.path + "/theirs", theirs, planted] { #expect(chown(path, nobody, nobody) == 0) }
    let memory = HostedZoneMemory(path: planted, endpoint: "e")
    #expect(memory.zoneID(for: "aws.example.com.") == nil)
    memory.remember("ZROOTS", for: "aws.example.com.")
    #expect(try String(contentsOfFile: planted, encoding: .utf8) == text, "their file is left as it was")
    #expect(try FileManager.default.contentsOfDirectory(atPath: theirs) == ["hosted-zones.json"], "nothing written beside it")
  }
}
