import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Testing

/// Deploy ends with `rootmail dns check` run through the host; where the dns plugin is not
/// installed it says so and carries on. The binary, kit and deploy plugin are copied into a
/// folder of their own, so no dns plugin is beside them (a real dns check would ask name
/// servers outside this machine).
@Suite(.serialized) struct DNSCheckRunnerTests {
  @Test func withoutTheDNSPluginDeploySaysSoAndSucceeds() async throws {
    let folder = try TemporaryFolder(prefix: "rootmail-nodns")
    for name in ["rootmail", "libRootmailKit.so", "libRootmailHTTP.so", "libRootmailSQLite.so", "libRootmailPluginDeploy.so"] {
      try FileManager.default.copyItem(atPath: RootmailCLI.buildFolder + "/" + name, toPath: folder.path + "/" + name)
    }
    let h = try await DeployHarness(server: DeployHarness.dnsServer)
    let result = try h.cli.run(["deploy", "--yes"], binary: folder.path + "/rootmail", timeout: 300)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("the dns command is not installed"), "\(result.stderr)")
    let status = try h.cli.run(["deploy", "--status"], binary: folder.path + "/rootmail")
    #expect(status.status == 0 && status.stderr.contains("the dns command is not installed"), "\(status.stderr)")
  }

  @Test func deployPassesItsResolverAndParentServerToTheCheck() async throws {
    // Port 9 on loopback: nothing answers there, and no question leaves the machine.
    let h = try await DeployHarness(server: DeployHarness.dnsServer)
    let result = try h.cli.run(["deploy", "--yes", "--parent-server", "127.0.0.2:9"], timeout: 300)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("found no answer from 127.0.0.2:9"), "\(result.stdout)")
    let status = try h.cli.run(["deploy", "--status", "--resolver", "127.0.0.1:9"], timeout: 300)
    #expect(status.stdout.contains("127.0.0.1:9"), "\(status.stdout)")
    #expect(!(result.stdout + status.stdout).contains("general ldns error"))
  }
}
