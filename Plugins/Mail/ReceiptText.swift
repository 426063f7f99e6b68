/// Receipt details as stored and shown: one line, at most 300 characters, and no URL (a
/// receiver's detail or error could carry a reset link, which must never reach a log).
enum ReceiptText {
  static func clean(_ text: String) -> String {
    var words: [Substring] = []
    for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }) {
      let lower = word.lowercased()
      if lower.contains("://") || lower.hasPrefix("www.") {
        words.append("<link removed>")
      } else {
        words.append(word)
      }
    }
    let line = words.joined(separator: " ")
    return line.count > 300 ? String(line.prefix(299)) + "…" : line
  }
}
