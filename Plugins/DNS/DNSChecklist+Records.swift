@_spi(RootmailHost) import RootmailKit

/// Groups 3 and 4: the MX and the SES identity's records and status.
extension DNSChecklist {
  /// Why the records could not be read, when no delegated server answered.
  var noRecords: String { "not asked: no delegated server answered authoritatively" }

  func mailExchanger() -> [CheckResult] {
    let check = "MX of \(mail)"
    let expected = "MX 10 \(settings.inboundHost)"
    let fix = "add the record \(mail) MX 10 \(settings.inboundHost) to the hosted zone (rootmail deploy does)"
    guard let records = dns.records else {
      return [CheckResult("mail.mx", .mail, .fail, check: check, expected: expected, found: noRecords, fix: fix)]
    }
    let response: DNSResponse
    switch records.mx {
    case .failure(let f):
      return [CheckResult("mail.mx", .mail, .fail, check: check, expected: expected, found: f.reason, fix: fix)]
    case .success(let r): response = r
    }
    let mx = response.answers(.mx, for: mail).compactMap { r in r.target.map { (r.preference ?? 0, $0) } }
      .sorted { $0.0 < $1.0 }
    let inbound = DNSName.normalize(settings.inboundHost)
    let ours = mx.filter { $0.1 == inbound }
    let others = mx.filter { $0.1 != inbound }
    let show = { (list: [(Int, String)]) in list.map { "\($0.0) \(DNSName.display($0.1))" }.joined(separator: ", ") }
    var results: [CheckResult] = []
    // An MX already named by the first check (SES in another region) is not counted again.
    var extra = others
    if !ours.isEmpty {
      results.append(
        CheckResult("mail.mx", .mail, .pass, check: check, expected: expected, found: "MX \(show(ours))\(response.transportNote)")
      )
    } else if let i = others.firstIndex(where: { $0.1.hasPrefix("inbound-smtp.") && $0.1.hasSuffix(".amazonaws.com.") }) {
      let other = others[i]
      extra.remove(at: i)
      let region = other.1.split(separator: ".").dropFirst().first.map(String.init) ?? "?"
      results.append(
        CheckResult(
          "mail.mx", .mail, .fail, check: check, expected: expected,
          found: "MX \(show([other])): SES in \(region), not \(settings.region)",
          fix:
            "point the MX at \(settings.inboundHost), or check with --region \(region) if \(region) is where the receipt rules are"
        ))
    } else {
      let found = mx.isEmpty ? "no MX record (\(response.rcode))" : "MX \(show(mx))"
      results.append(CheckResult("mail.mx", .mail, .fail, check: check, expected: expected, found: found, fix: fix))
    }
    let otherCheck = "no other MX for \(mail)"
    results.append(
      extra.isEmpty
        ? CheckResult(
          "mail.other-mx", .mail, .pass, check: otherCheck, expected: "only \(settings.inboundHost)", found: "no other MX")
        : CheckResult(
          "mail.other-mx", .mail, .fail, check: otherCheck, expected: "only \(settings.inboundHost)",
          found: "also MX \(show(extra)): it would receive part of the mail",
          fix: "delete the other MX record(s) of \(mail): mail sent there never reaches SES"))
    return results
  }

  func sesIdentity() -> [CheckResult] {
    var results: [CheckResult] = []
    let identityFix = "verify \(mail) in SES in \(settings.region) (VerifyDomainIdentity; rootmail deploy does)"
    // The verification TXT.
    let txtName = "_amazonses.\(mail)"
    let txtCheck = "TXT \(txtName) holds SES's verification token"
    switch aws.verification {
    case .failure(let f):
      results.append(
        CheckResult(
          "ses.verification-txt", .ses, .fail, check: txtCheck, expected: "the token SES reports",
          found: "SES could not be asked: \(f.reason)", fix: "allow ses:GetIdentityVerificationAttributes, or try again"))
    case .success(let attributes):
      if let token = attributes?.token, !token.isEmpty {
        results.append(verificationTXT(token: token, name: txtName, check: txtCheck))
      } else {
        results.append(
          CheckResult(
            "ses.verification-txt", .ses, .fail, check: txtCheck, expected: "the token SES reports",
            found: "SES in \(settings.region) has no identity for \(mail)", fix: identityFix))
      }
    }
    results += dkimRecords()
    results += statuses(identityFix: identityFix)
    return results
  }

  func verificationTXT(token: String, name: String, check: String) -> CheckResult {
    let expected = "\"\(token)\""
    let fix = "set the record \(name) TXT \"\(token)\" in the hosted zone"
    guard let records = dns.records else {
      return CheckResult("ses.verification-txt", .ses, .fail, check: check, expected: expected, found: noRecords, fix: fix)
    }
    switch records.verificationTXT {
    case .failure(let f):
      return CheckResult("ses.verification-txt", .ses, .fail, check: check, expected: expected, found: f.reason, fix: fix)
    case .success(let r):
      let texts = r.answers(.txt, for: name).map(\.text)
      if texts.contains(Array(token.utf8)) {
        return CheckResult(
          "ses.verification-txt", .ses, .pass, check: check, expected: expected, found: "token present\(r.transportNote)")
      }
      let found =
        texts.isEmpty
        ? "no TXT record (\(r.rcode))"
        : texts.map { "\"\(Escape.bytes(Array($0.prefix(80))))\($0.count > 80 ? "…" : "")\"" }.joined(separator: ", ")
      return CheckResult("ses.verification-txt", .ses, .fail, check: check, expected: expected, found: found, fix: fix)
    }
  }

  func dkimRecords() -> [CheckResult] {
    let tokens: [String]
    switch aws.dkim {
    case .failure(let f):
      return [
        CheckResult(
          "ses.dkim", .ses, .fail, check: "DKIM CNAMEs of \(mail)", expected: "the three tokens SES reports",
          found: "SES could not be asked: \(f.reason)", fix: "allow ses:GetIdentityDkimAttributes, or try again")
      ]
    case .success(let attributes):
      tokens = attributes?.tokens ?? []
    }
    guard !tokens.isEmpty else {
      return [
        CheckResult(
          "ses.dkim", .ses, .fail, check: "DKIM CNAMEs of \(mail)", expected: "the three tokens SES reports",
          found: "SES reports no DKIM tokens for \(mail)",
          fix: "enable Easy DKIM for \(mail) in SES (VerifyDomainDkim; rootmail deploy does)")
      ]
    }
    return tokens.map { token in
      let name = "\(token)._domainkey.\(mail)"
      let target = "\(token).dkim.amazonses.com"
      let check = "DKIM CNAME \(name)"
      let id = "ses.dkim.\(token)"
      let fix = "set the record \(name) CNAME \(target) in the hosted zone"
      guard let records = dns.records, let answer = records.dkim[token] else {
        return CheckResult(id, .ses, .fail, check: check, expected: target, found: noRecords, fix: fix)
      }
      switch answer {
      case .failure(let f):
        return CheckResult(id, .ses, .fail, check: check, expected: target, found: f.reason, fix: fix)
      case .success(let r):
        let found = r.answers(.cname, for: name).compactMap(\.target)
        if found.contains(DNSName.normalize(target)) {
          return CheckResult(id, .ses, .pass, check: check, expected: target, found: "→ \(target)\(r.transportNote)")
        }
        let text = found.isEmpty ? "no CNAME (\(r.rcode))" : "→ \(Self.list(found))"
        return CheckResult(id, .ses, .fail, check: check, expected: target, found: text, fix: fix)
      }
    }
  }

  func statuses(identityFix: String) -> [CheckResult] {
    var results: [CheckResult] = []
    let waitFix =
      "SES re-checks the records on its own schedule (up to 72 hours after they appear); if the records above pass, wait (--wait); if it says Failed, start again with VerifyDomainIdentity/VerifyDomainDkim"
    switch aws.verification {
    case .failure(let f):
      results.append(
        CheckResult(
          "ses.verification-status", .ses, .fail, check: "SES verification status", expected: "Success",
          found: "SES could not be asked: \(f.reason)", fix: "allow ses:GetIdentityVerificationAttributes"))
    case .success(let a):
      let status = a?.status ?? "no identity"
      results.append(
        CheckResult(
          "ses.verification-status", .ses, status == "Success" ? .pass : .fail, check: "SES verification status",
          expected: "Success", found: status, fix: a == nil ? identityFix : waitFix))
    }
    switch aws.dkim {
    case .failure(let f):
      results.append(
        CheckResult(
          "ses.dkim-status", .ses, .fail, check: "SES DKIM status", expected: "Success (enabled)",
          found: "SES could not be asked: \(f.reason)", fix: "allow ses:GetIdentityDkimAttributes"))
    case .success(let d):
      let ok = d?.status == "Success" && d?.enabled == true
      let found = d.map { "\($0.status)\($0.enabled ? "" : " (DKIM signing disabled)")" } ?? "no identity"
      results.append(
        CheckResult(
          "ses.dkim-status", .ses, ok ? .pass : .fail, check: "SES DKIM status", expected: "Success (enabled)", found: found,
          fix: d?.enabled == false ? "enable DKIM signing for \(mail) (SetIdentityDkimEnabled)" : waitFix))
    }
    return results
  }
}
