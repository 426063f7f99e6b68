// rootmail-bench-aws: N sequential DynamoDB GetItem calls through rootmail's AWS client against
// one endpoint (moto_server), printing the median and throughput; benchmarks/aws/run drives it.
import RootmailKit

#if canImport(Glibc)
  import Glibc
#endif

/// The benchmark's fixed credentials.
struct BenchCredentials: AWSCredentialProvider {
  let value: AWSCredentials
  func credentials() async throws -> AWSCredentials? { value }
}

/// Runs the GetItem loop and prints one line of figures.
enum Bench {
  static func milliseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
  }

  static func run(endpoint: String, count: Int, table: String) async throws {
    let credentials = AWSCredentials(accessKeyID: "AKIDBENCH", secretAccessKey: "bench-secret-key", source: "bench")
    let client = AWSClient(
      region: "us-east-1", endpointURL: endpoint, credentialProvider: BenchCredentials(value: credentials))
    let key: DynamoDBItem = ["AccountEmail": .s("bench@example.com")]
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
    let total = milliseconds(clock.now - begin) / 1000
    samples.sort()
    let median = samples[samples.count / 2]
    let p99 = samples[min(samples.count - 1, samples.count * 99 / 100)]
    StandardStream.writeOut("calls=\(count) median_ms=\(median) p99_ms=\(p99) total_s=\(total) per_s=\(Double(count) / total)\n")
  }
}

let args = CommandLine.arguments
if args.count < 3 || Int(args[2]) == nil {
  StandardStream.writeErr("usage: rootmail-bench-aws ENDPOINT COUNT [TABLE]\n")
  exit(64)
}
do {
  try await Bench.run(endpoint: args[1], count: Int(args[2])!, table: args.count > 3 ? args[3] : "bench")
  StandardStream.flushOut()
} catch {
  StandardStream.writeErr("rootmail-bench-aws: \(error)\n")
  exit(1)
}
