@_spi(RootmailHost) extension MailLinks {
  /// AWS console hosts; a host matches one of these or a subdomain of it.
  public static let consoleHosts = ["console.aws.amazon.com", "console.amazonaws.cn", "console.amazonaws-us-gov.com"]

  /// Whether `url` is https on an AWS sign-in or console host (read by the URL's real
  /// authority, as `isSignIn` reads it): what `mail links` does not mark.
  public static func isAWSHost(_ url: String) -> Bool {
    guard let host = httpsHost(url) else { return false }
    return (signInHosts + consoleHosts).contains { host == $0 || host.hasSuffix("." + $0) }
  }
}
