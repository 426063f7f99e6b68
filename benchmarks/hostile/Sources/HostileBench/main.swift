// rootmail-bench-hostile: the inputs that were quadratic or crashed (issue 25), timed in process
// on the release build. Prints, per case, the median of N runs in milliseconds beside its
// target. Usage: rootmail-bench-hostile [runs]
@_spi(RootmailHost) import RootmailKit

#if canImport(Glibc)
  import Glibc
#endif

let runs = CommandLine.arguments.count > 1 ? max(1, Int(CommandLine.arguments[1]) ?? 15) : 15

/// The median wall time of `runs` calls of `body`, in milliseconds (one untimed call first).
func median(_ body: () -> Void) -> Double {
  body()
  var times: [Double] = []
  let clock = ContinuousClock()
  for _ in 0..<runs {
    let d = clock.measure(body)
    times.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
  }
  times.sort()
  return times[times.count / 2]
}

/// A 1 MiB config: a few keys, then a receivers array over many lines.
let mebibyte = 1 << 20
var config = "domain = \"example.com\"\nregion = \"eu-west-1\"\nreceivers = [\n"
while config.utf8.count < mebibyte - 64 { config += "  \"exec:/usr/local/bin/rootmail-hook\", # hook\n" }
config += "]\n"
let unclosed = "receivers = [\n" + String(repeating: "\"forward\",\n", count: mebibyte / 11)
let controls = String(repeating: "\u{1}\u{1B}\u{9B}\u{7F}", count: mebibyte / 7)  // 1 MiB of UTF-8
let nuls = String(repeating: "\u{0}", count: mebibyte)
let urls = (0..<200_000).map { "https://a.example/\($0)" }.joined(separator: " ")

/// `text` padded with spaces to `width` characters.
func padded(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }

var sink = 0
let cases: [(String, Double, () -> Void)] = [
  ("TOML: 1 MiB config, one multi-line array", 50, { sink &+= (try? TOMLDocument(parsing: config))?.entries.count ?? 0 }),
  ("TOML: 1 MiB unclosed multi-line array", 50, { sink &+= (try? TOMLDocument(parsing: unclosed)) == nil ? 1 : 0 }),
  ("TerminalSafe.escaped: 1 MiB of controls", 50, { sink &+= TerminalSafe.escaped(controls).utf8.count }),
  ("TerminalSafe.escapedLines: 1 MiB of NULs", 50, { sink &+= TerminalSafe.escapedLines(nuls).utf8.count }),
  ("TerminalSafe.quoted: 1 MiB of controls", 1, { sink &+= TerminalSafe.quoted(controls).count }),
  ("MappingCSV.escapedCell: 1 MiB of controls", 50, { sink &+= MappingCSV.escapedCell(controls).utf8.count }),
  ("MailLinks.find: 200,000 URLs (kept 1,000)", 50, { sink &+= MailLinks.find(in: urls).count }),
]
print("hostile inputs, median of \(runs) runs, release build")
print(padded("case", 46) + "  median ms    target ms")
var missed = 0
for (name, target, body) in cases {
  let ms = median(body)
  if ms >= target { missed += 1 }
  let shown = (ms * 100).rounded() / 100
  print(padded(name, 46) + padded("  \(shown)", 13) + "  < \(Int(target))\(ms < target ? "" : "  MISSED")")
}
if sink == 42 { print("") }
exit(missed == 0 ? 0 : 1)
