// Parse throughput of the mail plugin's parser (GMime, charsets, HTML to text) over the files
// in a folder, read into memory first: prints bytes, mails and MB/s (best of RUNS passes).
// Usage: rootmail-bench-mail FOLDER [RUNS]
// With --dump instead of RUNS, prints what each file parses to (files in name order): for
// checking that a change to the parser leaves its output as it was (diff two builds' dumps).
import Glibc
@_spi(RootmailHost) import RootmailKit
@_spi(RootmailHost) import RootmailMIME
@_spi(RootmailHost) import RootmailPluginMail

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
  StandardStream.writeErr("usage: rootmail-bench-mail FOLDER [RUNS]\n")
  exit(64)
}
let folder = arguments[1]
let dump = arguments.count > 2 && arguments[2] == "--dump"
let runs = arguments.count > 2 ? Int(arguments[2]) ?? 3 : 3
var named: [(String, [UInt8])] = []
if let dir = opendir(folder) {
  while let entry = readdir(dir) {
    let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.baseAddress!.assumingMemoryBound(to: CChar.self)) }
    if name.hasPrefix(".") { continue }
    if let bytes = try? FileBytes.read(folder + "/" + name) { named.append((name, bytes)) }
  }
  closedir(dir)
}
let mails = named.map(\.1)
/// Uses a parse the way `mail show` does (readable text and links), so nothing is optimised away.
func touch(_ mail: ParsedMail, parser: any MailParser) -> Int {
  let body = MailBody.readable(mail, parser: parser)
  return body.text.utf8.count + body.links.count + mail.attachments.count
}

let total = mails.reduce(0) { $0 + $1.count }
let parser = GMimeMailParser()
if dump {
  /// FNV-1a of an attachment's bytes: its content, shortly.
  func digest(_ bytes: [UInt8]) -> UInt64 { bytes.reduce(14_695_981_039_346_656_037) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 } }
  for (name, raw) in named.sorted(by: { $0.0 < $1.0 }) {
    var mail = parser.parse(raw)
    let attachments = mail.attachments.map {
      "\($0.contentType) \(String(reflecting: $0.fileName)) \($0.bytes.count) \(digest($0.bytes))"
    }
    mail.attachments = []
    let body = MailBody.readable(mail, parser: parser)
    print("== \(name)\n\(String(reflecting: mail))\n\(attachments)\n\(String(reflecting: body))")
  }
  exit(0)
}
var best = Double.infinity
for _ in 0..<runs {
  let start = ContinuousClock.now
  var sink = 0
  for mail in mails {
    let parsed = parser.parse(mail)
    sink &+= touch(parsed, parser: parser)
  }
  let d = ContinuousClock.now - start
  let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
  best = min(best, seconds)
  if sink == -1 { print(sink) }
}
print("rootmail parse: \(mails.count) mails, \(total) bytes in \(best) s = \(Double(total) / 1_048_576 / best) MB/s")
