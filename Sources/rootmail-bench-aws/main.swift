// rootmail-bench-aws: rootmail's AWS client against one endpoint (moto_server, or nginx in front
// of it), printing medians and throughput; benchmarks/aws/run drives it.
//   rootmail-bench-aws ENDPOINT COUNT [TABLE]                 sequential DynamoDB GetItem
//   rootmail-bench-aws --s3 ENDPOINT COUNT BUCKET PARALLEL     concurrent S3 GetObject to files
@_spi(RootmailHost) import RootmailKit

#if canImport(Glibc)
  import Glibc
#endif

/// The benchmark's fixed credentials.
struct BenchCredentials: AWSCredentialProvider {
  let value: AWSCredentials
  func credentials() async throws -> AWSCredentials? { value }
}

/// Runs the loops and prints one line of figures.
enum Bench {
  static func milliseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
  }

  static func client(_ endpoint: String) -> AWSClient {
    let credentials = AWSCredentials(accessKeyID: "AKIDBENCH", secretAccessKey: "bench-secret-key", source: "bench")
    // AWS_CA_BUNDLE: the benchmark's test CA for its TLS endpoint.
    let bundle = getenv("AWS_CA_BUNDLE").map { String(cString: $0) }
    return AWSClient(
      region: "us-east-1", endpointURL: endpoint, credentialProvider: BenchCredentials(value: credentials),
      network: NetworkSettings(caBundle: bundle.map { NetworkSetting(value: $0, source: "AWS_CA_BUNDLE") }))
  }

  static func report(_ samples: [Double], count: Int, total: Double) {
    let samples = samples.sorted()
    let median = samples[samples.count / 2]
    let p99 = samples[min(samples.count - 1, samples.count * 99 / 100)]
    StandardStream.writeOut("calls=\(count) median_ms=\(median) p99_ms=\(p99) total_s=\(total) per_s=\(Double(count) / total)\n")
  }

  static func run(endpoint: String, count: Int, table: String) async throws {
    let client = client(endpoint)
    let key: DynamoDBItem = ["AccountEmail": .s("bench@example.com")]
    // One warm-up call, as the boto3 side makes one.
    _ = try await client.dynamoDB.getItem(table, key: key)
    var samples: [Double] = []
    samples.reserveCapacity(count)
    let clock = ContinuousClock()
    let begin = clock.now
    for _ in 0..<count {
      let start = clock.now
      guard try await client.dynamoDB.getItem(table, key: key) != nil else {
        throw CLIError("GetItem found no item in \(table)")
      }
      samples.append(milliseconds(clock.now - start))
    }
    report(samples, count: count, total: milliseconds(clock.now - begin) / 1000)
  }

  /// `count` GetObject calls of keys `obj-<i % 100>`, `parallel` at a time, each into its own file.
  static func runS3(endpoint: String, count: Int, bucket: String, parallel: Int) async throws {
    let client = client(endpoint)
    let folder = "/tmp/rootmail-bench-s3-\(getpid())"
    mkdir(folder, 0o700)
    defer {
      for i in 0..<count { unlink("\(folder)/\(i)") }
      rmdir(folder)
    }
    _ = try await client.s3.getObject(bucket, key: "obj-0", to: "\(folder)/0")
    let clock = ContinuousClock()
    let begin = clock.now
    let samples = try await withThrowingTaskGroup(of: Double.self) { group in
      var next = 0
      var samples: [Double] = []
      func add() {
        let i = next
        next += 1
        group.addTask {
          let start = clock.now
          _ = try await client.s3.getObject(bucket, key: "obj-\(i % 100)", to: "\(folder)/\(i)")
          return milliseconds(clock.now - start)
        }
      }
      while next < min(parallel, count) { add() }
      while let sample = try await group.next() {
        samples.append(sample)
        if next < count { add() }
      }
      return samples
    }
    report(samples, count: count, total: milliseconds(clock.now - begin) / 1000)
  }
}

var args = Array(CommandLine.arguments.dropFirst())
let s3 = args.first == "--s3"
if s3 { args.removeFirst() }
if args.count < 2 || Int(args[1]) == nil || (s3 && (args.count < 4 || Int(args[3]) == nil)) {
  StandardStream.writeErr(
    "usage: rootmail-bench-aws ENDPOINT COUNT [TABLE]\n       rootmail-bench-aws --s3 ENDPOINT COUNT BUCKET PARALLEL\n")
  exit(64)
}
do {
  if s3 {
    try await Bench.runS3(endpoint: args[0], count: Int(args[1])!, bucket: args[2], parallel: Int(args[3])!)
  } else {
    try await Bench.run(endpoint: args[0], count: Int(args[1])!, table: args.count > 2 ? args[2] : "bench")
  }
  StandardStream.flushOut()
} catch {
  StandardStream.writeErr("rootmail-bench-aws: \(error)\n")
  exit(1)
}
