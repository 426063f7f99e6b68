@_spi(RootmailHost) import RootmailKit
// rootmail-bench-signer: signatures per second of RootmailKit's SigV4 signer.
// `rootmail-bench-signer --json` prints the benchmark request as botocore_sign.py reads it;
// `rootmail-bench-signer [signatures-per-round] [rounds]` prints the per-round rates and the medians
// per second of wall time and per second of CPU (user + sys).
import RootmailSigV4

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

#if canImport(Glibc)
  import Glibc
#endif

/// The benchmark request: a DynamoDB GetItem with a session token, as the CLI sends it.
enum BenchRequest {
  static let credentials = AWSCredentials(
    accessKeyID: "ASIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    sessionToken: "IQoJb3JpZ2luX2VjEXAMPLETOKENrootmailbenchmark0123456789abcdef", source: "bench")
  static let date = Date(timeIntervalSince1970: 1_440_938_160)
  static let body = Array(#"{"TableName":"rootmail","Key":{"AccountEmail":{"S":"root+0123456789ab@aws.example.com"}}}"#.utf8)

  static func make() -> AWSRequest {
    AWSRequest(
      method: "POST", host: "dynamodb.eu-west-1.amazonaws.com", path: "/",
      headers: [
        ("Content-Type", "application/x-amz-json-1.0"), ("X-Amz-Target", "DynamoDB_20120810.GetItem"),
        ("User-Agent", "rootmail/0.1"), ("Content-Length", String(body.count)),
      ], body: body)
  }

  static var json: String {
    let request = make()
    return JSONValue.object([
      ("service", .string("dynamodb")), ("region", .string("eu-west-1")), ("method", .string(request.method)),
      ("url", .string(request.urlString)),
      ("headers", .array(request.headers.map { .array([.string($0.0), .string($0.1)]) })),
      ("body_hex", .string(body.map { String($0 >> 4, radix: 16) + String($0 & 0xF, radix: 16) }.joined())),
      ("access_key", .string(credentials.accessKeyID)), ("secret_key", .string(credentials.secretAccessKey)),
      ("token", .string(credentials.sessionToken!)), ("epoch", .int(1_440_938_160)), ("unsigned", .bool(false)),
    ]).compact
  }
}

/// Seconds on `clock`: CLOCK_MONOTONIC for wall time, CLOCK_PROCESS_CPUTIME_ID for the CPU
/// (user + sys) of this process.
func seconds(_ clock: clockid_t = CLOCK_MONOTONIC) -> Double {
  var ts = timespec()
  clock_gettime(clock, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

let arguments = CommandLine.arguments.dropFirst()
if arguments.first == "--json" {
  print(BenchRequest.json)
  exit(0)
}
let perRound = arguments.first.flatMap { Int($0) } ?? 20_000
let rounds = arguments.dropFirst().first.flatMap { Int($0) } ?? 5
let signer = SigV4Signer(service: "dynamodb", region: "eu-west-1")
var rates: [Double] = []
var cpuRates: [Double] = []
var check = 0
for _ in 0..<rounds {
  let start = seconds()
  let cpuStart = seconds(CLOCK_PROCESS_CPUTIME_ID)
  for _ in 0..<perRound {
    var request = BenchRequest.make()
    signer.sign(&request, credentials: BenchRequest.credentials, date: BenchRequest.date)
    check &+= request.headers.count
  }
  rates.append(Double(perRound) / (seconds() - start))
  cpuRates.append(Double(perRound) / (seconds(CLOCK_PROCESS_CPUTIME_ID) - cpuStart))
}
rates.sort()
cpuRates.sort()
print("rounds:", rates.map { String(Int($0)) }.joined(separator: " "), "(check \(check))")
print("median_signatures_per_second:", Int(rates[rates.count / 2]))
print("median_signatures_per_cpu_second:", Int(cpuRates[cpuRates.count / 2]))
