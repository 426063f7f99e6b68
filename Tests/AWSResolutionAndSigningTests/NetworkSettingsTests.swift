import Foundation
@_spi(RootmailHost) import RootmailKit
import Testing

/// CA bundle, proxy and timeout resolution, as botocore resolves them.
@Suite struct NetworkSettingsTests {
  @Test func proxyVariablesAndNoProxy() {
    let env = ProxyEnvironment(environment: [
      "HTTPS_PROXY": "proxy.corp:3128", "https_proxy": "http://lower:1", "HTTP_PROXY": "http://plain:8080",
      "NO_PROXY": "localhost, .internal.example.com,10.0.0.0/8,[::1],s3.amazonaws.com:443",
    ])
    #expect(env.route(scheme: "https", host: "sts.amazonaws.com") == .proxy(url: "http://lower:1", source: "https_proxy"))
    #expect(env.route(scheme: "http", host: "sts.amazonaws.com") == .proxy(url: "http://plain:8080", source: "HTTP_PROXY"))
    let upper = ProxyEnvironment(environment: ["HTTPS_PROXY": "proxy.corp:3128"])
    #expect(upper.route(scheme: "https", host: "x") == .proxy(url: "http://proxy.corp:3128", source: "HTTPS_PROXY"))
    for host in ["localhost", "a.internal.example.com", "internal.example.com", "10.1.2.3", "[::1]", "s3.amazonaws.com"] {
      if case .proxy = env.route(scheme: "https", host: host) { Issue.record("\(host) should bypass the proxy") }
    }
    for host in ["notlocalhost", "example.com", "11.1.2.3", "evilinternal.example.com"] {
      if case .direct = env.route(scheme: "https", host: host) { Issue.record("\(host) should use the proxy") }
    }
    #expect(
      ProxyEnvironment(environment: ["ALL_PROXY": "http://all:1"]).route(scheme: "https", host: "h")
        == .proxy(url: "http://all:1", source: "ALL_PROXY"))
    #expect(ProxyEnvironment(environment: [:]).route(scheme: "https", host: "h") == .direct(reason: "no HTTPS_PROXY"))
    #expect(ProxyEnvironment.bypassEntry(host: "anything", noProxy: "*") == "*")
    #expect(ProxyEnvironment.display("http://user:pw@proxy:3128/") == "http://***@proxy:3128/")
    #expect(ProxyEnvironment.display("http://proxy:3128/a@b") == "http://proxy:3128/a@b")
  }

  @Test func caBundleAndTimeoutPrecedence() throws {
    let folder = NSTemporaryDirectory() + "rootmail-network-\(getpid())"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let a = folder + "/a.pem"
    let b = folder + "/b.pem"
    let c = folder + "/c.pem"
    for f in [a, b, c] { FileManager.default.createFile(atPath: f, contents: Data("x".utf8)) }
    let profile = SharedConfigProfile(
      name: "dev", settings: ["ca_bundle": b, "cli_connect_timeout": "3", "cli_read_timeout": "0"])
    let config = try ConfigLoader(environment: [
      "HOME": "/nonexistent", "ROOTMAIL_CA_BUNDLE": c, "ROOTMAIL_CONNECT_TIMEOUT": "4", "ROOTMAIL_READ_TIMEOUT": "5",
      "ROOTMAIL_TOTAL_TIMEOUT": "7",
    ]).load()
    let all = try NetworkSettings.resolve(config: config, environment: ["AWS_CA_BUNDLE": a], profile: profile)
    #expect(all.caBundle?.value == a && all.caBundle?.source == "AWS_CA_BUNDLE")
    #expect(all.connectTimeout.value == 3 && all.connectTimeout.source == "profile dev")
    #expect(all.readTimeout.value == 0)
    let noEnv = try NetworkSettings.resolve(config: config, environment: [:], profile: profile)
    #expect(noEnv.caBundle?.value == b)
    let own = try NetworkSettings.resolve(config: config, environment: [:], profile: nil)
    #expect(own.caBundle?.value == c && own.connectTimeout.value == 4 && own.readTimeout.value == 5)
    #expect(own.totalTimeout.value == 7 && own.connection(scheme: "https", host: "h").totalTimeout == 7)
    let defaults = try NetworkSettings.resolve(
      config: try ConfigLoader(environment: ["HOME": "/nonexistent"]).load(), environment: [:], profile: nil)
    #expect(defaults.caBundle == nil && defaults.connectTimeout.value == 10 && defaults.readTimeout.value == 60)
    #expect(defaults.totalTimeout.value == 300 && defaults.totalTimeout.source == "default")
    #expect(
      defaults.connection(scheme: "https", host: "h")
        == ConnectionOptions(caBundle: nil, proxy: nil, connectTimeout: 10, totalTimeout: 300, minimumSpeed: 1024))
    // A download has its size's time at the minimum speed on top; 0 is no limit.
    let options = ConnectionOptions(totalTimeout: 300)
    #expect(options.attemptLimit(contentLength: nil) == 300 && options.attemptLimit(contentLength: 40 << 20) == 300 + 40 * 1024)
    #expect(ConnectionOptions(totalTimeout: 0).attemptLimit(contentLength: 1 << 20) == nil)
    // A claimed length of 2^63 - 1 at 1 byte a second stays a number of seconds a Duration holds.
    #expect(ConnectionOptions(minimumSpeed: 1).attemptLimit(contentLength: .max) == Double(Int32.max))
    #expect(options.attemptLimit(contentLength: -5) == 300)

    #expect(throws: CLIError.self) {
      try NetworkSettings.resolve(config: config, environment: ["AWS_CA_BUNDLE": folder + "/missing.pem"], profile: nil)
    }
    #expect(throws: CLIError.self) {
      try NetworkSettings.resolve(
        config: config, environment: [:], profile: SharedConfigProfile(name: "x", settings: ["cli_read_timeout": "soon"]))
    }
  }
}
