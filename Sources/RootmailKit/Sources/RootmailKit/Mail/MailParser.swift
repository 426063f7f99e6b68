/// Reads what strangers wrote: raw mail into a `ParsedMail` (MIME, encoded words, charsets,
/// transfer encodings) and an HTML part into readable text and its links. Never fails: what
/// cannot be read is left out and named in `ParsedMail.warnings`.
///
/// Implemented by the companion library libRootmailMIME.so (GMime and libxml2, with GLib and
/// ICU behind them); `MailParserLoader` opens it the first time a command parses mail, so the
/// commands that only read the index (`mail list`, `mail dead-letters`) never load those.
@_spi(RootmailHost) public protocol MailParser: AnyObject, Sendable {
  /// The mail in `raw`, parsed.
  func parse(_ raw: [UInt8]) -> ParsedMail
  /// An HTML part reduced to readable text, each link numbered in the text and listed.
  func readable(html: String) -> ReadableHTML
}

/// An HTML part as text to read: block elements as line breaks, scripts and styles dropped,
/// each link numbered in the text (`text [1]`) and listed once, in order.
@_spi(RootmailHost) public struct ReadableHTML: Sendable, Equatable {
  public var text: String
  public var links: [String]
  /// What could not be read (HTML nested too deep for the parser).
  public var warnings: [String]

  public init(text: String, links: [String], warnings: [String] = []) {
    self.text = text
    self.links = links
    self.warnings = warnings
  }
}

/// The mail parser, from the companion library libRootmailMIME.so beside libRootmailKit.so
/// (`CompanionLibrary`), loaded the first time it is asked for; later calls return the same one.
@_spi(RootmailHost) public enum MailParserLoader {
  /// The library file name, looked for in `KitImage.folder` (and nowhere else).
  public static let libraryName = "libRootmailMIME.so"
  /// The factory symbol: `() -> UnsafeMutableRawPointer` (a retained `MailParser` object).
  public static let factorySymbol = "rootmail_mail_parser_create"

  private static let object = CompanionObject<any MailParser>(library: libraryName, symbol: factorySymbol)

  /// The process's parser, loading the library on first use.
  public static func shared() async throws -> any MailParser { try await object.get() }
}
