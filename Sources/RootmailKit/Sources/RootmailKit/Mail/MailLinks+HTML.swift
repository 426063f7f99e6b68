/// Links in a parsed mail's HTML and text parts, as the reset-link trust rule reads them.
@_spi(RootmailHost) extension MailLinks {
  /// Every link of a mail, each once, in document order: URLs in the HTML parts (`href`
  /// values and text alike, character references decoded), then in the text parts. Enough for
  /// AWS's reset mail, which is plain HTML; `mail show` reads HTML with a real parser.
  /// Not bounded by `maximumPerMail`: the trust rule looks at every link.
  public static func all(in mail: ParsedMail) -> [String] {
    var links = LinkList(limit: .max)
    for html in mail.htmlParts { for l in find(in: CharacterReferences.decodingHTML(html), limit: .max) { links.add(l) } }
    for text in mail.textParts { for l in find(in: text, limit: .max) { links.add(l) } }
    return links.links
  }

  /// URLs in HTML source: `&amp;`, `&#38;` and the other character references are decoded
  /// first, so `href="…?a=1&amp;b=2"` gives `…?a=1&b=2`; a URL ends at a quote or `<`.
  public static func inHTML(_ html: String) -> [String] { find(in: CharacterReferences.decodingHTML(html)) }
}
