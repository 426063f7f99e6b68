import Foundation
@_spi(RootmailHost) import RootmailTestSupport

/// The mails this suite wrote (Tests/MailTests/Mails) and the shared AWS fixtures.
enum TestMails {
  static let folder = RootmailCLI.repositoryRoot + "/Tests/MailTests/Mails"
  static let fixtures = RootmailCLI.fixturesFolder + "/mail"

  static func bytes(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
  }

  /// Every .eml file in `folder`, sorted by name.
  static func names(in folder: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".eml") }.sorted()
  }
}
