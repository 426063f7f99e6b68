/// A count with its noun in English: `1 row`, `2 rows`, `0 rows`.
@_spi(RootmailHost) public enum Plural {
  /// `n` and `noun`, with an `s` unless `n` is 1 (the nouns used here all take one).
  public static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
