@_spi(RootmailHost) import RootmailKit

/// What `mail watch --queue` makes of one SQS message: SNS's envelope (raw delivery is off)
/// around SES's `Received` notification for a mail its S3 action stored. Only a message that
/// passes every check names an object to fetch; anything else is rejected with the reason
/// (logged, and the message deleted): the queue is written by SNS, but a notification is
/// still input, and must never make rootmail read another bucket or another prefix.
enum QueueNotification: Equatable {
  /// An object to fetch: its key, and when SES received the mail (ISO 8601, may be empty).
  case mail(key: String, receivedAt: String)
  case rejected(String)

  /// Keys longer than S3 allows are not SES's.
  static let maximumKeyLength = 1024

  /// Checks `body` against the accepted topics and the configured bucket and prefix.
  static func read(_ body: String, topics: Set<String>, bucket: String, prefix: String) -> QueueNotification {
    guard let envelope = try? JSONValue.parse(body), envelope.objectValue != nil else {
      return .rejected("not JSON")
    }
    guard envelope["Type"]?.stringValue == "Notification", let topic = envelope["TopicArn"]?.stringValue else {
      return .rejected("not an SNS notification (no Type Notification and TopicArn)")
    }
    // Byte for byte, as keys are (`keyProblem`): a String is equal to any canonically
    // equivalent one (U+212A KELVIN SIGN equals `K`).
    guard topics.contains(where: { $0.utf8.elementsEqual(topic.utf8) }) else {
      return .rejected("from topic \(TerminalSafe.quoted(topic, limit: 200)), not the receipt topic")
    }
    guard let text = envelope["Message"]?.stringValue, let message = try? JSONValue.parse(text),
      message.objectValue != nil
    else {
      return .rejected("the SNS message is not a JSON object")
    }
    guard message["notificationType"]?.stringValue == "Received" else {
      let type = message["notificationType"]?.stringValue ?? "none"
      return .rejected("not an SES Received notification (notificationType \(TerminalSafe.quoted(type, limit: 60)))")
    }
    guard let action = message["receipt"]?["action"], action["type"]?.stringValue == "S3" else {
      return .rejected("its receipt action is not S3")
    }
    let named = action["bucketName"]?.stringValue ?? ""
    guard named.utf8.elementsEqual(bucket.utf8) else {
      return .rejected("for bucket \(TerminalSafe.quoted(named, limit: 100)), not \(TerminalSafe.quoted(bucket))")
    }
    let key = action["objectKey"]?.stringValue ?? ""
    if let reason = keyProblem(key, prefix: prefix) {
      return .rejected("object key \(TerminalSafe.quoted(key, limit: 200)): \(reason)")
    }
    let receivedAt = message["mail"]?["timestamp"]?.stringValue ?? message["receipt"]?["timestamp"]?.stringValue ?? ""
    return .mail(key: key, receivedAt: arrival(receivedAt, now: MailTime.now()))
  }

  /// Seconds a notification's time may run ahead of this machine's clock.
  static let clockTolerance = 300

  /// The notification's time when it is one and not in the future (a mail's time orders
  /// lists and decides which code mail adopt reads: a notification dated 2099 would keep its
  /// mail the newest for ever); else empty, and the fetch's own time is used.
  static func arrival(_ text: String, now: Int) -> String {
    guard let seconds = MailTime.seconds(iso: text), seconds <= now + clockTolerance else { return "" }
    return text
  }

  /// The object key and subject a notification names, unchecked (for listing dead letters).
  static func facts(_ body: String) -> (key: String?, subject: String?) {
    guard let envelope = try? JSONValue.parse(body), let text = envelope["Message"]?.stringValue,
      let message = try? JSONValue.parse(text)
    else { return (nil, nil) }
    return (
      message["receipt"]?["action"]?["objectKey"]?.stringValue,
      message["mail"]?["commonHeaders"]?["subject"]?.stringValue
    )
  }

  /// Why `key` is not a mail key under `prefix`, or nil when it is one. Compared byte for byte,
  /// as S3 compares keys: a String compares by canonical equivalence (U+212A KELVIN SIGN equals
  /// `K`, so `\u{212A}…` would pass for a prefix `K…`) and splits by characters (a `/` followed
  /// by a combining mark is one character, so `/../\u{301}` would hide its `..` segment).
  static func keyProblem(_ key: String, prefix: String) -> String? {
    let bytes = key.utf8
    let slash = UInt8(ascii: "/")
    if key.isEmpty { return "empty" }
    if bytes.count > maximumKeyLength { return "longer than \(maximumKeyLength) bytes" }
    if !bytes.starts(with: prefix.utf8) { return "not under the prefix \(TerminalSafe.quoted(prefix))" }
    if bytes.last == slash { return "a folder, not an object" }
    if key.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) { return "has control characters" }
    let dot = UInt8(ascii: ".")
    if bytes.split(separator: slash, omittingEmptySubsequences: false).contains(where: {
      $0.elementsEqual([dot]) || $0.elementsEqual([dot, dot])
    }) {
      return "has a . or .. segment"
    }
    return nil
  }
}
