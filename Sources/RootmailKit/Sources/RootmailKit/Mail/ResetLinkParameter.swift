/// Where the `reset-link` receiver keeps a reset link, and where `mail reset-link --from-ssm`
/// reads it: the SSM parameter `/rootmail/pw_reset_link/<alias>` (awscdk-rootmail's name).
@_spi(RootmailHost) public enum ResetLinkParameter {
  public static let prefix = "/rootmail/pw_reset_link/"

  /// The alias of a root address: the plus-extension of its local part when it has one
  /// (`root+0a1b2c3d4e5f@aws.example.com` → `0a1b2c3d4e5f`, as awscdk-rootmail names it), else
  /// the whole local part (`sales-app-prod-001`). It must be a valid SSM parameter-name
  /// segment: 1 to 128 of `a-z A-Z 0-9 _ . -` (SSM allows no `+`, `@` or other symbols).
  public static func alias(ofRecipient address: String) throws -> String {
    let local = address.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    let alias = local.firstIndex(of: "+").map { local[local.index(after: $0)...] } ?? local
    let valid =
      (1...128).contains(alias.unicodeScalars.count)
      && alias.unicodeScalars.allSatisfy {
        ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "_" || $0 == "." || $0 == "-"
      }
    guard valid else {
      throw CLIError.invalid(
        field: "reset-link parameter alias", value: String(alias),
        rule:
          "an SSM parameter name segment is 1 to 128 of a-z, A-Z, 0-9, _, . and - (from the recipient \(TerminalSafe.quoted(address)))"
      )
    }
    return String(alias)
  }

  /// The parameter name for mail sent to `address`.
  public static func name(forRecipient address: String) throws -> String { prefix + (try alias(ofRecipient: address)) }
}
