// rootmail-bench-aws: N sequential DynamoDB GetItem calls through rootmail's AWS client against
// one endpoint (moto_server), printing per-call latencies; benchmarks/aws/run drives it.
import RootmailKit

#if canImport(Glibc)
  import Glibc
#endif

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

let args = CommandLine.arguments
guard args.count >= 3, let count = Int(args[2]) else {
  StandardStream.writeErr("usage: rootmail-bench-aws ENDPOINT COUNT [TABLE]\n")
  exit(64)
}
let endpoint = args[1]
let table = args.count > 3 ? args[3] : "bench"
let credentials = AWSCredentials(accessKeyID: "AKIDBENCH", secretAccessKey: "bench-secret-key", source: "bench")
let client = AWSClient(
  region: "us-east-1", credentialProvider: BenchCredentials(value: credentials),
  endpoints: EndpointStandIn(region: "us-east-1", configuredURL: endpoint, environment: [:]))

/// The benchmark's fixed credentials.
struct BenchCredentials: AWSCredentialProvider {
  let value: AWSCredentials
  func credentials() async throws -> AWSCredentials? { value }
}

let key: DynamoDBItem = ["AccountEmail": .s("bench@example.com")]
var samples: [Double] = []
samples.reserveCapacity(count)
let clock = ContinuousClock()
let total = try await clock.measure {
  for _ in 0..<count {
    let start = clock.now
    guard try await client.dynamoDB.getItem(table, key: key) != nil else {
      StandardStream.writeErr("GetItem found no item\n")
      exit(1)
    }
    let d = clock.now - start
    samples.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
  }
}
samples.sort()
let totalSeconds = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
let median = samples[samples.count / 2]
let p99 = samples[min(samples.count - 1, samples.count * 99 / 100)]
print("calls=\(count) median_ms=\(median) p99_ms=\(p99) total_s=\(totalSeconds) per_s=\(Double(count) / totalSeconds)")
