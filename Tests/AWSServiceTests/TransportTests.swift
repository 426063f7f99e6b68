import Foundation
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The libcurl transport against real parts: nginx terminating TLS with a test CA in front of
/// moto (reached through AWS_CA_BUNDLE; another CA refused), a CONNECT proxy (HTTPS_PROXY,
/// bypassed by NO_PROXY), idle keep-alive connections closed by the server, and an endpoint that
/// accepts and never answers (bounded by the read timeout).
@Suite(.serialized) struct TransportTests {
  static let keys = AWSCredentials(accessKeyID: "AKIDTESTMOTO", secretAccessKey: "test-secret-key-for-moto", source: "test")

  func cli(_ moto: MotoServer, endpoint: String, extra: [String: String] = [:]) throws -> RootmailCLI {
    var env = moto.environment()
    env["AWS_ENDPOINT_URL"] = endpoint
    return try RootmailCLI(extra: env.merging(extra) { $1 })
  }

  @Test func tlsEndpointTrustedThroughCABundleAndWrongCARefused() async throws {
    let moto = try MotoServer.shared()
    let nginx = try TLSEndpoint(upstream: moto.url)
    defer { nginx.stop() }
    let ok = try cli(moto, endpoint: nginx.url, extra: ["AWS_CA_BUNDLE": nginx.ca.certificate])
      .run(["whoami", "--debug", "-o", "json"], timeout: 60)
    #expect(ok.status == 0, "\(ok.stderr)")
    let json = try JSONValue.parse(ok.stdout)
    #expect(json["account"]?.stringValue == "123456789012")
    #expect(json["ca_bundle"]?.stringValue == nginx.ca.certificate)
    #expect(json["ca_bundle_source"]?.stringValue == "AWS_CA_BUNDLE")
    #expect(json["proxy"]?.stringValue == "none")
    #expect(nginx.requests().map(\.protocol) == ["HTTP/2.0"], "HTTP/2, since nginx offers it")

    // The same bundle from the profile's ca_bundle, and from rootmail's own key.
    let profiled = try cli(moto, endpoint: nginx.url)
    try profiled.write("[default]\nca_bundle = \(nginx.ca.certificate)\n", to: "aws/config")
    #expect(try profiled.run(["whoami"], timeout: 60).status == 0)
    let own = try cli(moto, endpoint: nginx.url, extra: ["ROOTMAIL_CA_BUNDLE": nginx.ca.certificate])
    #expect(try own.run(["whoami"], timeout: 60).status == 0)

    // Another CA, or the system's CAs: refused at once (no retries), exit 78 with a hint, since
    // only a change of trust configuration can fix it.
    let other = try TestCA(name: "some other CA")
    for extra in [["AWS_CA_BUNDLE": other.certificate], [:]] {
      let refused = try cli(moto, endpoint: nginx.url, extra: extra).run(["whoami"], timeout: 60)
      #expect(refused.status == 78, "\(refused.stderr)")
      #expect(refused.stderr.contains("TLS certificate refused"), "\(refused.stderr)")
      #expect(refused.stderr.contains("hint:") && refused.stderr.contains("AWS_CA_BUNDLE"))
      #expect(!refused.stderr.contains("attempts"), "a refused certificate is not retried: \(refused.stderr)")
    }
    // A CA bundle that does not exist: a configuration error naming it.
    let missing = try cli(moto, endpoint: nginx.url, extra: ["AWS_CA_BUNDLE": "/nonexistent/ca.pem"]).run(["whoami"])
    #expect(missing.status == 78 && missing.stderr.contains("/nonexistent/ca.pem"), "\(missing.stderr)")
  }

  @Test func httpsProxyIsUsedUnlessNoProxyMatches() async throws {
    let moto = try MotoServer.shared()
    let nginx = try TLSEndpoint(upstream: moto.url)
    defer { nginx.stop() }
    let proxy = try ConnectProxy()
    defer { proxy.stop() }
    let base = ["AWS_CA_BUNDLE": nginx.ca.certificate, "HTTPS_PROXY": proxy.url]

    let through = try cli(moto, endpoint: nginx.url, extra: base).run(["whoami", "--debug", "-o", "json"], timeout: 60)
    #expect(through.status == 0, "\(through.stderr)")
    let json = try JSONValue.parse(through.stdout)
    #expect(json["proxy"]?.stringValue == proxy.url && json["proxy_source"]?.stringValue == "HTTPS_PROXY")
    let afterFirst = try await proxy.connects()
    #expect(afterFirst >= 1, "the call went through the proxy")

    for noProxy in ["127.0.0.1", "localhost,.example.com,127.0.0.0/8", "*"] {
      let direct = try cli(moto, endpoint: nginx.url, extra: base.merging(["NO_PROXY": noProxy]) { $1 })
        .run(["whoami", "--debug", "-o", "json"], timeout: 60)
      #expect(direct.status == 0, "\(direct.stderr)")
      let shown = try JSONValue.parse(direct.stdout)
      #expect(shown["proxy"]?.stringValue == "none")
      #expect(shown["proxy_source"]?.stringValue?.hasPrefix("NO_PROXY matches") == true)
    }
    #expect(try await proxy.connects() == afterFirst, "NO_PROXY hosts are reached directly")

    // Proxy credentials never show.
    let secretProxy = proxy.url.replacingOccurrences(of: "http://", with: "http://user:proxy-secret-pw@")
    let hidden = try cli(moto, endpoint: nginx.url, extra: base.merging(["HTTPS_PROXY": secretProxy]) { $1 })
      .run(["whoami", "--debug"], timeout: 60)
    #expect(!(hidden.stdout + hidden.stderr).contains("proxy-secret-pw"))
    #expect(hidden.stdout.contains("http://***@127.0.0.1"))
  }

  /// nginx closes idle keep-alive connections after 1 s. Every call succeeds and none stalls:
  /// libcurl opens a fresh connection for a reused one it finds closed. A request sent in the
  /// instant nginx closes an idle HTTP/2 connection dies with it ("Error in the HTTP2 framing
  /// layer", seen once in a CI run where resuming a task took seconds): the AWS layer retries
  /// that, as it retries any dropped connection. So the log may show dropped attempts, each on
  /// a connection nginx had closed, and never a timed-out one (a stall).
  @Test func serverClosingIdleConnectionsNeverStallsOrFails() async throws {
    let moto = try MotoServer.shared()
    let nginx = try TLSEndpoint(upstream: moto.url, keepAliveTimeout: 1)
    defer { nginx.stop() }
    let captured = CapturedLog()
    let client = AWSClient(
      region: "us-east-1", endpointURL: nginx.url, credentialProvider: StaticCredentialProvider(Self.keys),
      retryPolicy: RetryPolicy(maxAttempts: 3), timeout: 10,
      network: NetworkSettings(caBundle: NetworkSetting(value: nginx.ca.certificate, source: "test")),
      logger: captured.logger())
    let db = client.dynamoDB
    let table = "idle-close"
    try await db.createTable(table, keys: DynamoDBKeySchema(hash: ("AccountEmail", "S")))
    try await db.putItem(table, item: ["AccountEmail": .s("idle@example.com")])
    for i in 0..<200 {
      if i % 40 == 39 { try await Task.sleep(for: .milliseconds(1500)) }
      // A stall would be libcurl waiting out the 10 s timeout on its own thread: an attempt
      // that timed out, in the log. (A wall-clock bound here measured the test process
      // instead: with every suite running, resuming a task has taken over 20 s.)
      let item = try await db.getItem(table, key: ["AccountEmail": .s("idle@example.com")])
      #expect(item != nil)
    }
    // Connections are kept alive: a new one after nginx closed an idle one (5 pauses, and any
    // gap a loaded machine makes: with every moto suite running, 45 to 56 were seen), never one
    // per request (200).
    let served = nginx.requests()
    let connections = Set(served.map(\.connection)).count
    #expect(served.count >= 200, "nginx logs a request just after answering it")
    #expect(connections < 100, "\(connections) connections")
    // "aws dynamodb.GetItem attempt 2: connection dropped: …" (not "aws request …").
    let failed = captured.lines.withLock { $0 }.filter { $0.contains(".GetItem attempt ") && !$0.hasPrefix("aws request ") }
    #expect(failed.allSatisfy { $0.contains("connection dropped") }, "\(failed)")
    #expect(failed.count < connections, "each dropped attempt was on a connection nginx had closed: \(failed)")
  }

  /// Whether `stderr` says the 1 s read timeout ended the call (silence, or the minimum speed
  /// it also sets, whichever libcurl notices first), not the 60 s default.
  static func namesTheOneSecondReadTimeout(_ stderr: String) -> Bool {
    stderr.contains("no response within 1.0 seconds") || stderr.contains("for 1.0 seconds (read_timeout)")
  }

  /// Response header fields as HTTP defines them: names in any ASCII case found in lower case,
  /// values without the spaces and tabs around them, a repeated field joined with ", ", the
  /// first colon ending the name, and bytes that are not UTF-8 repaired, never a crash; a
  /// second status line (after a 100 Continue) starts the fields again.
  @Test func responseHeaderFieldsAreReadAsHTTPDefinesThem() async throws {
    var head = Array(
      ("HTTP/1.1 100 Continue\r\nX-Early: dropped\r\n\r\n"
        + "HTTP/1.1 200 OK\r\nX-Amz-Request-Id: \t ABC123 \t\r\nETAG:\"e1\"\r\nx-amz-meta-a: one\r\n"
        + "X-AMZ-META-A: two\r\nX-Time: 12:30:45\r\nX-Bytes: a").utf8)
    head += [0xFF, 0xFE] + Array("b\r\nX-Empty:\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".utf8)
    let server = try LocalServer(
      executable: "python3",
      arguments: [
        "-c",
        "import socket,sys\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
          + "s.bind(('127.0.0.1',int(sys.argv[1])))\ns.listen(64)\nanswer=bytes.fromhex(sys.argv[2])\n"
          + "while True:\n  c,_=s.accept()\n  c.recv(65536)\n  c.sendall(answer)\n  c.close()\n",
        "%PORT%", head.map { String(format: "%02x", $0) }.joined(),
      ])
    defer { server.stop() }
    let transport = try await TransportLoader.shared()
    let response = try await transport.send(
      AWSRequest(method: "GET", scheme: "http", host: "127.0.0.1", port: server.port, path: "/"), timeout: 30)
    #expect(response.status == 200)
    #expect(response.body == Array("ok".utf8))
    #expect(response.headers["x-amz-request-id"] == "ABC123")
    #expect(response.headers["etag"] == "\"e1\"")
    #expect(response.headers["x-amz-meta-a"] == "one, two")
    #expect(response.headers["x-time"] == "12:30:45")
    #expect(response.headers["x-bytes"] == "a\u{FFFD}\u{FFFD}b")
    #expect(response.headers["x-empty"] == "")
    #expect(response.headers["x-early"] == nil, "fields of the 100 Continue are not the response's")
    #expect(response.headers.keys.allSatisfy { $0 == $0.lowercased() && !$0.contains(" ") })
  }

  /// An endpoint that accepts connections and never answers: each attempt ends after the read
  /// timeout, so the whole command is bounded by attempts × timeout plus backoff.
  @Test func endpointThatNeverAnswersIsBoundedByTheReadTimeout() throws {
    let moto = try MotoServer.shared()
    let silent = try LocalServer(
      executable: "python3",
      arguments: [
        "-c",
        "import socket,sys,time\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
          + "s.bind(('127.0.0.1',int(sys.argv[1])))\ns.listen(64)\nkept=[]\nwhile True:\n  c,_=s.accept()\n  kept.append(c)\n",
        "%PORT%",
      ])
    defer { silent.stop() }
    // The command runs in its own process, timed from here. The margins are for a busy machine
    // and stay below what the 60 s default read timeout would take (180 s, and 60 s).
    let started = Date()
    let run = try cli(moto, endpoint: silent.url, extra: ["ROOTMAIL_READ_TIMEOUT": "1"]).run(["whoami"], timeout: 600)
    let elapsed = Date().timeIntervalSince(started)
    #expect(run.status == 69, "\(run.stderr)")
    #expect(Self.namesTheOneSecondReadTimeout(run.stderr), "\(run.stderr)")
    #expect(run.stderr.contains("after 3 attempts"))
    // 3 attempts of about 1-2 s each, and at most 1 + 2 s of backoff.
    #expect(elapsed < 15 + 90, "took \(elapsed) s")

    // The profile's cli_read_timeout is honoured the same way.
    let profiled = try cli(moto, endpoint: silent.url, extra: ["AWS_MAX_ATTEMPTS": "1"])
    try profiled.write("[default]\ncli_read_timeout = 1\n", to: "aws/config")
    let begin = Date()
    let one = try profiled.run(["whoami"], timeout: 600)
    let took = Date().timeIntervalSince(begin)
    #expect(one.status == 69 && Self.namesTheOneSecondReadTimeout(one.stderr), "\(one.stderr)")
    #expect(took < 1 + 45, "took \(took) s")
  }
}
