import Foundation
@_spi(RootmailHost) import RootmailKit

/// A test certificate authority made with `openssl` in a temporary folder, and a server
/// certificate it signed for 127.0.0.1 and localhost.
public final class TestCA: Sendable {
  public let folder: TemporaryFolder
  /// The CA certificate (PEM): what `AWS_CA_BUNDLE` points at.
  public var certificate: String { folder.path + "/ca.pem" }
  public var serverCertificate: String { folder.path + "/server.pem" }
  public var serverKey: String { folder.path + "/server.key" }

  public init(name: String = "rootmail test CA") throws {
    folder = try TemporaryFolder(prefix: "rootmail-ca")
    let dir = folder.path
    try folder.write("server.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    try Self.openssl(
      ["req", "-x509"] + ec + ["-keyout", "\(dir)/ca.key", "-out", "\(dir)/ca.pem", "-days", "2", "-subj", "/CN=\(name)"])
    try Self.openssl(["req"] + ec + ["-keyout", "\(dir)/server.key", "-out", "\(dir)/server.csr", "-subj", "/CN=127.0.0.1"])
    try Self.openssl([
      "x509", "-req", "-in", "\(dir)/server.csr", "-CA", "\(dir)/ca.pem", "-CAkey", "\(dir)/ca.key", "-CAcreateserial",
      "-out", "\(dir)/server.pem", "-days", "2", "-extfile", "\(dir)/server.ext",
    ])
  }

  static func openssl(_ arguments: [String]) throws {
    let result = try RootmailCLI.run(try LocalServer.which("openssl"), arguments, timeout: 60)
    guard result.status == 0 else {
      throw CLIError("openssl \(arguments.prefix(2).joined(separator: " ")) failed: \(result.stderr)")
    }
  }
}

/// nginx (Debian's package) terminating TLS with a `TestCA` certificate on a free 127.0.0.1
/// port in front of an HTTP upstream (moto_server), with HTTP/2 offered and idle keep-alive
/// connections closed after `keepAliveTimeout` seconds, as a load balancer would.
public final class TLSEndpoint: Sendable {
  public let ca: TestCA
  public let server: LocalServer
  let folder: TemporaryFolder

  public init(upstream: String, ca: TestCA? = nil, keepAliveTimeout: Int = 75) throws {
    let ca = try ca ?? TestCA()
    self.ca = ca
    folder = try TemporaryFolder(prefix: "rootmail-nginx")
    let port = try LocalServer.freePort()
    let dir = folder.path
    let upstreamHost = upstream.split(separator: "/").last.map(String.init) ?? upstream
    let config = """
      daemon off;
      user root root;
      worker_processes 1;
      pid \(dir)/nginx.pid;
      error_log \(dir)/error.log warn;
      events { worker_connections 512; }
      http {
        log_format conn '$connection $server_protocol';
        access_log \(dir)/access.log conn;
        client_body_temp_path \(dir)/body;
        proxy_temp_path \(dir)/proxy;
        fastcgi_temp_path \(dir)/fastcgi;
        uwsgi_temp_path \(dir)/uwsgi;
        scgi_temp_path \(dir)/scgi;
        upstream moto { server \(upstreamHost); keepalive 16; }
        server {
          listen 127.0.0.1:\(port) ssl http2;
          ssl_certificate \(ca.serverCertificate);
          ssl_certificate_key \(ca.serverKey);
          ssl_protocols TLSv1.2 TLSv1.3;
          keepalive_timeout \(keepAliveTimeout)s;
          keepalive_requests 100000;
          client_max_body_size 50m;
          location / {
            proxy_pass http://moto;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_buffering off;
          }
        }
      }

      """
    let path = try folder.write("nginx.conf", config)
    let nginx = FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx"
    server = try LocalServer(executable: nginx, arguments: ["-e", "\(dir)/error.log", "-c", path], port: port)
  }

  /// `https://127.0.0.1:<port>`.
  public var url: String { "https://127.0.0.1:\(server.port)" }

  /// One entry per request served so far: the client connection's serial number and the
  /// protocol (`HTTP/2.0`, `HTTP/1.1`).
  public func requests() -> [(connection: String, protocol: String)] {
    let text = (try? String(contentsOfFile: folder.path + "/access.log", encoding: .utf8)) ?? ""
    return text.split(separator: "\n").compactMap { line in
      let parts = line.split(separator: " ")
      return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
    }
  }
  public var port: Int { server.port }

  public func stop() { server.stop() }
}

/// The CONNECT proxy (Tests/Support/connect_proxy.py) for `HTTPS_PROXY` tests.
public final class ConnectProxy: Sendable {
  public let server: LocalServer

  public init() throws {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Tests/Support/connect_proxy.py").path
    server = try LocalServer(executable: "python3", arguments: [script, "--port", "%PORT%"])
  }

  /// `http://127.0.0.1:<port>`.
  public var url: String { server.url }

  /// How many tunnels the proxy opened so far.
  public func connects() async throws -> Int {
    let json = try JSONValue.parse(try await server.request("GET", "/connect-proxy/stats").body)
    return json["connects"]?.intValue ?? -1
  }

  public func stop() { server.stop() }
}
