import Foundation
import RootmailKit
import Testing

@Suite struct JSONValueTests {
  @Test func roundTripsWhatItParses() throws {
    let text = #"{"a":[1,-2.5e3,true,false,null],"s":"q\"\\\n\u00e9\ud83d\ude00","o":{}}"#
    let value = try JSONValue.parse(text)
    #expect(value["s"]?.stringValue == "q\"\\\né😀")
    #expect(try JSONValue.parse(value.compact) == value)
    #expect(try JSONValue.parse(value.pretty) == value)
  }

  @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01x", "\"\\x\"", "[1] 2", "tru"])
  func rejectsMalformedText(text: String) {
    #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
  }
}

@Suite struct CommandLineScanTests {
  let builtins: Set<String> = ["config", "plugins", "help", "generate-docs"]
  func scan(_ args: [String]) -> CommandLineScan {
    CommandLineScan(args, builtins: builtins, builtinsNeedingPlugins: ["plugins", "generate-docs"])
  }

  @Test func findsTheCommandPastGlobalOptions() {
    #expect(scan(["--region", "eu-west-1", "-v", "vend", "--owner", "a@b.c"]).need == .command("vend"))
    #expect(
      scan(["--region", "eu-west-1", "-v", "vend", "--owner", "a@b.c"]).arguments == [
        "vend", "--owner", "a@b.c", "--region", "eu-west-1", "-v",
      ])
    #expect(scan(["-o", "json", "mail", "show", "--", "-x"]).arguments == ["mail", "show", "-o", "json", "--", "-x"])
  }

  @Test func decidesWhatToLoad() {
    #expect(scan(["--version"]).need == .none)
    #expect(scan(["config", "show"]).need == .none)
    #expect(scan(["plugins", "list"]).need == .all)
    #expect(scan([]).need == .all)
    #expect(scan(["vend", "--help"]).need == .all)
    #expect(scan(["help", "vend"]).need == .all)
    #expect(scan(["--generate-completion-script", "bash"]).need == .all)
  }
}

@Suite struct RedactorTests {
  @Test func masksRegisteredSecretsAndSensitiveHeaders() {
    let r = Redactor()
    r.register("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    r.register("short")
    let text =
      "secret=wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY short\nAuthorization: AWS4-HMAC-SHA256 Credential=AKID/x, Signature=abc\nX-Amz-Security-Token: tok"
    let out = r.redact(text)
    #expect(!out.contains("wJalrXUtnFEMI"))
    #expect(out.contains("short"))
    #expect(!out.contains("Signature=abc"))
    #expect(!out.contains("tok"))
    #expect(out.contains("Authorization: [REDACTED]"))
  }
}

@Suite struct TableTests {
  @Test func rendersAlignedTextAndJSON() {
    let t = Table(columns: ["name", "path"], rows: [["Hello", "/a"], ["Vend", "/longer/path"]])
    #expect(t.renderAligned() == "NAME   PATH\nHello  /a\nVend   /longer/path\n")
    #expect(t.renderText() == "Hello\t/a\nVend\t/longer/path\n")
    #expect(t.json()["name"] == nil)
    #expect(t.json().arrayValue?.first?["path"] == .string("/a"))
  }
}

@Suite struct PluginPathTests {
  @Test func searchOrderFollowsTheDesign() {
    let path = PluginSearchPath(
      environment: ["ROOTMAIL_PLUGIN_PATH": "/p1:/p2", "HOME": "/home/u"], configured: ["/conf"],
      executablePath: "/opt/rootmail/bin/rootmail")
    #expect(
      path.folders == [
        "/p1", "/p2", "/conf", "/home/u/.local/share/rootmail/plugins", "/opt/rootmail/lib/rootmail/plugins", "/opt/rootmail/bin",
      ])
    #expect(PluginABI.pluginName(fromFileName: "libRootmailPluginVend.so") == "Vend")
    #expect(PluginABI.pluginName(fromFileName: "libRootmailKit.so") == nil)
    #expect(PluginABI.pluginName(fromFileName: "libRootmailPlugin.so") == nil)
  }

  @Test func readsTheToolchainStampOfARealLibrary() throws {
    let exe = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    let kit = (exe as NSString).deletingLastPathComponent + "/libRootmailKit.so"
    let image = try ELFImage(path: kit)
    #expect(image.toolchainStamp?.contains("clang version") == true)
    #expect(throws: ELFImage.ReadError.notELF) { try ELFImage(path: "/etc/hostname") }
  }
}
