import Foundation
@_spi(RootmailHost) import RootmailKit
import Testing

@Suite struct ConfigLoaderTests {
  func withFile(_ text: String, _ body: (String) throws -> Void) throws {
    let path = NSTemporaryDirectory() + "rootmail-config-\(UUID().uuidString).toml"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    try body(path)
  }

  @Test func everyKeyHasItsEnvironmentVariable() throws {
    for key in ConfigKey.all {
      #expect(key.environmentVariable == "ROOTMAIL_" + key.name.uppercased())
    }
    let config = try ConfigLoader(environment: [
      "ROOTMAIL_STORE": "dynamodb:t", "ROOTMAIL_CATCH_ALL": "no", "ROOTMAIL_RECEIVERS": "forward, reset-link",
    ])
    .load()
    #expect(config.string(.store) == "dynamodb:t")
    #expect(config.boolean(.catchAll) == false)
    #expect(config.list(.receivers) == ["forward", "reset-link"])
  }

  @Test func flagsBeatEnvironmentBeatFileBeatDefaults() throws {
    try withFile("region = \"eu-west-1\"\nbucket = \"file-bucket\"\nprefix = \"file\"\n") { path in
      let config = try ConfigLoader(
        environment: ["ROOTMAIL_REGION": "eu-central-1", "ROOTMAIL_PREFIX": "env"], explicitFile: path,
        flags: [(.region, "us-west-2", "--region")]
      ).load()
      #expect(config.string(.region) == "us-west-2")
      #expect(config.source(of: .region) == .flag("--region"))
      #expect(config.string(.prefix) == "env")
      #expect(config.source(of: .prefix) == .environment("ROOTMAIL_PREFIX"))
      #expect(config.string(.bucket) == "file-bucket")
      #expect(config.source(of: .bucket) == .file(path: path, line: 2))
      #expect(config.integer(.counterLength) == 3)
      #expect(config.source(of: .counterLength) == .defaultValue)
    }
  }

  @Test func wrongTypesAndRangesAreConfigurationErrors() throws {
    try withFile("counter_length = 11\n") { path in
      #expect(throws: CLIError.configuration("\(path):1: key 'counter_length' = 11: must be from 1 to 10")) {
        try ConfigLoader(environment: [:], explicitFile: path).load()
      }
    }
    try withFile("receivers = \"forward,reset-link\"\ncatch_all = \"yes\"\n") { path in
      #expect(throws: CLIError.configuration("\(path):2: key 'catch_all' = \"yes\": expected a boolean, found a string")) {
        try ConfigLoader(environment: [:], explicitFile: path).load()
      }
    }
    #expect(throws: CLIError.usage("invalid --output \"yaml\": must be one of table, wide, json, text")) {
      try ConfigLoader(environment: [:], flags: [(.output, "yaml", "--output")]).load()
    }
  }

  /// `region`, `endpoint_url` and `store` are checked as a command using them would check
  /// them, wherever they are read: the file (naming the line), the environment and flags.
  @Test func awsAndStoreValuesAreCheckedWhenRead() throws {
    for region in [
      "us-east-1", "eu-central-2", "us-gov-west-1", "cn-north-1", "cn-northwest-1", "ap-southeast-5", "il-central-1",
      "mx-central-1", "us-iso-east-1", "eusc-de-east-1",
    ] {
      #expect(try ConfigLoader(environment: ["ROOTMAIL_REGION": region]).load().string(.region) == region)
    }
    // Empty is no setting, as the AWS resolution reads it.
    #expect(try ConfigLoader(environment: ["ROOTMAIL_REGION": "", "ROOTMAIL_ENDPOINT_URL": ""]).load().string(.region) == "")
    try withFile("domain = \"x.example\"\nstore = \"redis:foo\"\n") { path in
      #expect(
        throws: CLIError.configuration(
          "\(path):2: key 'store' = \"redis:foo\": must be sqlite, sqlite:<path> or dynamodb:<table> (this build has no redis store engine)"
        )
      ) {
        try ConfigLoader(environment: [:], explicitFile: path).load()
      }
    }
    #expect(
      throws: CLIError.configuration(
        "ROOTMAIL_ENDPOINT_URL=ftp://x: must be http(s)://host[:port][/path]: the scheme must be http or https")
    ) {
      try ConfigLoader(environment: ["ROOTMAIL_ENDPOINT_URL": "ftp://x"]).load()
    }
    #expect(
      throws: CLIError.usage(
        "invalid --region \"eu_west_1\": must be an AWS region: letters, digits and inner hyphens, at most 63 characters (e.g. us-east-1)"
      )
    ) {
      try ConfigLoader(environment: [:], flags: [(.region, "eu_west_1", "--region")]).load()
    }
    for bad in ["-us-east-1", "us-east-1-", "us east 1", String(repeating: "a", count: 64)] {
      #expect(throws: CLIError.self) { try ConfigLoader(environment: ["ROOTMAIL_REGION": bad]).load() }
    }
  }

  @Test func receivingDomainHonoursAnEmptySubdomain() throws {
    let config = try ConfigLoader(environment: ["ROOTMAIL_DOMAIN": "example.com"]).load()
    #expect(try config.receivingDomain() == "aws.example.com")
    let bare = try ConfigLoader(environment: ["ROOTMAIL_DOMAIN": "example.com", "ROOTMAIL_SUBDOMAIN": ""]).load()
    #expect(try bare.receivingDomain() == "example.com")
    let none = try ConfigLoader(environment: [:]).load()
    #expect(throws: CLIError.self) { try none.receivingDomain() }
  }

  @Test func starterFileParsesBackToTheDefaults() throws {
    try withFile(ConfigTemplate.render(domain: "example.com")) { path in
      let config = try ConfigLoader(environment: [:], explicitFile: path).load()
      #expect(config.string(.domain) == "example.com")
      #expect(config.source(of: .subdomain) == .defaultValue)
    }
  }
}
